#include "ss/state/snapshot_record.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "support/temp_dir.hpp"

namespace {

using Catch::Matchers::Equals;
using ss::SnapshotRecordParser;
using ss::SnapshotValue;

constexpr std::string_view kRecord =
    R"({"n":-3,"u":7,"x":1.5,"b":true,"s":"a\"b","t":1700000000000000,"z":null,"a":[1,2,3],"o":{"k":"v"}})";

/// The message of the ss::Error(state) that `f` throws; fails the test for anything else.
std::string state_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK(ss::exit_code(e.kind()) == 3);
    return e.what();
  }
  FAIL("no error thrown");
  return {};
}

}  // namespace

TEST_CASE("A snapshot record reads each type it holds", "[state]") {
  SnapshotRecordParser parser("/s/window.1.snap.zst");
  const SnapshotValue r = parser.parse(kRecord, "window");
  CHECK(r.kind() == "window");
  CHECK(r.int64("n") == -3);
  CHECK(r.uint64("u") == 7);
  CHECK(r.number("x") == 1.5);
  CHECK(r.number("u") == 7.0);
  CHECK(r.boolean("b"));
  CHECK(r.string("s") == "a\"b");
  CHECK(r.time("t") == 1700000000000000);
  CHECK(r["z"].is_null());
  CHECK(std::isnan(r["z"].as_double_or_nan()));
  std::vector<int64_t> items;
  for (const SnapshotValue v : r.array("a")) items.push_back(v.as_int64());
  CHECK(items == std::vector<int64_t>{1, 2, 3});
  CHECK(r.array("a").size() == 3);
  CHECK(r.array("a").at(2).as_int64() == 3);
  CHECK(r.object("o").string("k") == "v");
  CHECK(r["o"].minified() == R"({"k":"v"})");
  CHECK(r.has("n"));
  CHECK_FALSE(r.has("missing"));
  CHECK(r.optional_int64("n") == -3);
  CHECK_FALSE(r.optional_int64("z").has_value());
  CHECK_FALSE(r.optional_int64("missing").has_value());
  CHECK(r.optional_string("s") == "a\"b");
  CHECK_FALSE(r.optional_time("missing").has_value());
}

TEST_CASE("Every accessor of a snapshot record names kind, file and member when the type is wrong", "[state]") {
  SnapshotRecordParser parser("/s/window.1.snap.zst");
  const SnapshotValue r = parser.parse(kRecord, "window");
  const std::string prefix = "malformed window record in /s/window.1.snap.zst: ";
  CHECK_THAT(state_error([&] { r.int64("s"); }), Equals(prefix + "s is not an integer"));
  CHECK_THAT(state_error([&] { r.int64("x"); }), Equals(prefix + "x is not an integer"));
  CHECK_THAT(state_error([&] { r.uint64("n"); }), Equals(prefix + "n is not a non-negative integer"));
  CHECK_THAT(state_error([&] { r.number("s"); }), Equals(prefix + "s is not a number"));
  CHECK_THAT(state_error([&] { r["s"].as_double_or_nan(); }), Equals(prefix + "s is not a number"));
  CHECK_THAT(state_error([&] { r.boolean("n"); }), Equals(prefix + "n is not true or false"));
  CHECK_THAT(state_error([&] { r.string("n"); }), Equals(prefix + "n is not a string"));
  CHECK_THAT(state_error([&] { r.time("z"); }), Equals(prefix + "z is not an integer"));
  CHECK_THAT(state_error([&] { r.array("o"); }), Equals(prefix + "o is not an array"));
  CHECK_THAT(state_error([&] { r.object("a"); }), Equals(prefix + "a is not an object"));
  CHECK_THAT(state_error([&] { r.optional_int64("s"); }), Equals(prefix + "s is not an integer"));
  CHECK_THAT(state_error([&] { r.optional_string("n"); }), Equals(prefix + "n is not a string"));
  CHECK_THAT(state_error([&] { r["n"].has("k"); }), Equals(prefix + "n is not an object"));
  CHECK_THAT(state_error([&] { r.array("a").at(3); }), Equals(prefix + "a has no item 3"));
  // Items and nested members name the record's member they lie in.
  CHECK_THAT(state_error([&] { (*r.array("a").begin()).as_string(); }), Equals(prefix + "a is not a string"));
  CHECK_THAT(state_error([&] { r.object("o").int64("k"); }), Equals(prefix + "o.k is not an integer"));
  CHECK_THAT(state_error([&] { r["o"].fail("is out of range"); }), Equals(prefix + "o is out of range"));
}

TEST_CASE("Every accessor of a snapshot record names kind, file and member when the member is missing", "[state]") {
  SnapshotRecordParser parser("/s/window.1.snap.zst");
  const SnapshotValue r = parser.parse(kRecord, "pane");
  const std::string missing = "malformed pane record in /s/window.1.snap.zst: m is missing";
  CHECK_THAT(state_error([&] { r["m"]; }), Equals(missing));
  CHECK_THAT(state_error([&] { r.int64("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.uint64("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.number("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.boolean("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.time("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.string("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.array("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.object("m"); }), Equals(missing));
  CHECK_THAT(state_error([&] { r.object("o").string("m"); }),
             Equals("malformed pane record in /s/window.1.snap.zst: o.m is missing"));
  // with_kind renames the record in messages.
  CHECK_THAT(state_error([&] { r.with_kind("seen").int64("m"); }),
             Equals("malformed seen record in /s/window.1.snap.zst: m is missing"));
}

TEST_CASE("A record that is not JSON or not an object is a state error naming the record", "[state]") {
  SnapshotRecordParser parser("/s/join.2.snap.zst");
  CHECK_THAT(state_error([&] { parser.parse(R"({"a":)", "join"); }),
             Catch::Matchers::StartsWith("malformed join record in /s/join.2.snap.zst: the record is not valid JSON"));
  const SnapshotValue array = parser.parse("[1]", "join");
  CHECK_THAT(state_error([&] { array.int64("a"); }),
             Equals("malformed join record in /s/join.2.snap.zst: the record is not an object"));
  CHECK_THAT(state_error([&] { array.as_object(); }),
             Equals("malformed join record in /s/join.2.snap.zst: the record is not an object"));
  SnapshotRecordParser no_file;
  CHECK_THAT(state_error([&] { no_file.parse("3", "aggregate").int64("n"); }),
             Equals("malformed aggregate record: the record is not an object"));
}

TEST_CASE("SnapshotRecords parses each record of a snapshot and names a missing one", "[state]") {
  ss::test::TempDir dir;
  const std::string path = (dir.path() / "w.1.snap.zst").string();
  {
    ss::SnapshotWriter writer(path, "window", "w", 1, "{}");
    writer.record(R"({"watermark":5})");
    writer.record(R"({"seen":"k","first":1,"last":2})");
    writer.commit();
  }
  ss::SnapshotReader reader(path, "window");
  ss::SnapshotRecords records(reader);
  CHECK(records.expect("window").int64("watermark") == 5);
  SnapshotValue record;
  REQUIRE(records.next("seen", record));
  CHECK(record.string("seen") == "k");
  CHECK_FALSE(records.next("seen", record));
  CHECK_THAT(state_error([&] { records.expect("pane"); }),
             Equals("malformed pane record in " + path + ": the record is missing"));
}
