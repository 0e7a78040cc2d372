#include "ss/state/snapshot_record_writer.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "support/temp_dir.hpp"

namespace {

/// The text of the records `write` makes, each followed by a newline.
template <typename Write>
std::string records_text(Write write) {
  ss::test::TempDir dir;
  const std::string path = (dir.path() / "w.1.snap.zst").string();
  {
    ss::SnapshotWriter writer(path, "window", "w", 1, "{}");
    write(writer);
    writer.commit();
  }
  ss::SnapshotReader reader(path, "window");
  std::string text;
  std::string_view record;
  while (reader.next(record)) (text += record) += '\n';
  return text;
}

}  // namespace

TEST_CASE("A snapshot record writer writes each type as the record reader reads it", "[state]") {
  ss::test::TempDir dir;
  const std::string path = (dir.path() / "w.1.snap.zst").string();
  {
    ss::SnapshotWriter writer(path, "window", "w", 1, "{}");
    ss::SnapshotRecordWriter rec(writer);
    rec.begin()
        .int64("n", -3)
        .uint64("u", 18446744073709551615ULL)
        .boolean("b", true)
        .string("s", "a\"b\n")
        .time("t", 1700000000000001)
        .optional_time("none", std::nullopt)
        .optional_int64("some", 4);
    rec.value("aggs") += R"({"k":[1,2]})";
    rec.end();
    rec.begin().string("second", "x");
    rec.end();
    writer.commit();
  }
  ss::SnapshotReader reader(path, "window");
  ss::SnapshotRecords records(reader);
  const ss::SnapshotValue r = records.expect("window");
  CHECK(r.int64("n") == -3);
  CHECK(r.uint64("u") == 18446744073709551615ULL);
  CHECK(r.boolean("b"));
  CHECK(r.string("s") == "a\"b\n");
  CHECK(r.time("t") == 1700000000000001);
  CHECK_FALSE(r.optional_time("none"));
  CHECK(r.optional_int64("some") == 4);
  CHECK(r["aggs"].minified() == R"({"k":[1,2]})");
  CHECK(records.expect("second").string("second") == "x");
}

TEST_CASE("A snapshot record writer writes the bytes JsonObjectWriter wrote for the same members", "[state]") {
  // Snapshots of earlier runs are read back: the records keep their exact text.
  const std::string text = records_text([](ss::SnapshotWriter& writer) {
    ss::SnapshotRecordWriter rec(writer);
    rec.begin().optional_int64("closed_through", std::nullopt).int64("watermark", -5).time("first", 7);
    rec.end();
    rec.begin().string("key", "k").boolean("dirty", false).uint64("seq", 3);
    rec.value("aggs") += "[]";
    rec.end();
  });
  CHECK(text ==
        "{\"closed_through\":null,\"watermark\":-5,\"first\":7}\n"
        "{\"key\":\"k\",\"dirty\":false,\"seq\":3,\"aggs\":[]}\n");
}
