#include "ss/sink/path_template.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include "sink_test_support.hpp"
#include "ss/base/error.hpp"

using sink_test::TempDir;
using ss::FieldValue;
using ss::PathTemplate;
using ss::ValueType;

namespace {

FieldValue text(std::string_view s) {
  FieldValue v;
  v.type = ValueType::string;
  v.text = s;
  return v;
}

ss::TimeUs at(const char* rfc3339) { return *ss::parse_rfc3339(rfc3339); }

void expect_usage_error(std::string_view text, const std::string& fragment) {
  try {
    PathTemplate t(text);
    FAIL("accepted " << text);
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::Contains(fragment));
  }
}

}  // namespace

TEST_CASE("PathTemplate fills strftime fields from the record's UTC time", "[sink][template]") {
  PathTemplate t("out/dt=%Y-%m-%d/hour=%H/part.ndjson");
  CHECK(t.uses_time());
  CHECK_FALSE(t.compressed());
  CHECK(t.suffix() == ".ndjson");
  std::string dir, stem;
  t.expand(at("2026-11-01T13:05:09.250+02:00"), {}, dir, stem);
  CHECK(dir == "out/dt=2026-11-01/hour=11");
  CHECK(stem == "part");
  t.expand(at("2026-12-31T23:59:59Z"), {}, dir, stem);
  CHECK(dir == "out/dt=2026-12-31/hour=23");
}

TEST_CASE("PathTemplate places times before 1970 in the second that holds them", "[sink][template]") {
  PathTemplate t("%Y%m%d-%H%M%S/x.json");
  std::string dir, stem;
  t.expand(-1, {}, dir, stem);  // one microsecond before the epoch
  CHECK(dir == "19691231-235959");
}

TEST_CASE("PathTemplate fills {field} placeholders and keeps values inside their component", "[sink][template]") {
  PathTemplate t("/data/{tenant}/{user}-%Y.csv.zst");
  CHECK(t.compressed());
  CHECK(t.suffix() == ".csv.zst");
  REQUIRE(t.fields().size() == 2);
  CHECK(t.fields()[0].text() == "tenant");
  std::string dir, stem;
  t.expand(at("2026-01-02T00:00:00Z"), {text("a/b"), text("u\n1")}, dir, stem);
  CHECK(dir == "/data/a_b");
  CHECK(stem == "u_1-2026");

  FieldValue missing;
  FieldValue null_value;
  null_value.type = ValueType::null;
  t.expand(0, {missing, null_value}, dir, stem);
  CHECK(dir == "/data/null");
  CHECK(stem == "null-1970");

  t.expand(0, {text(".."), text("")}, dir, stem);
  CHECK(dir == "/data/_..");
  CHECK(stem == "-1970");

  FieldValue number;
  number.type = ValueType::number;
  number.text = "42";
  PathTemplate only_field("{n}.ndjson");
  only_field.expand(0, {number}, dir, stem);
  CHECK(dir.empty());
  CHECK(stem == "42");
  only_field.expand(0, {text("")}, dir, stem);
  CHECK(stem == "_");
}

TEST_CASE("PathTemplate names parts by checkpoint and number, in-progress files hidden", "[sink][template]") {
  PathTemplate t("out/part.ndjson.zst");
  CHECK(t.part_name("part", 7, 2) == "part-7-2.ndjson.zst");
  CHECK(t.in_progress_name("part", 2) == ".part-2.ndjson.zst.inprogress");
  PathTemplate bare("out/data");
  CHECK(bare.suffix().empty());
  CHECK(bare.part_name("data", 1, 0) == "data-1-0");
  PathTemplate dotted("out/events.2026.json");
  CHECK(dotted.suffix() == ".json");
}

TEST_CASE("PathTemplate reads %% and doubled braces as literals", "[sink][template]") {
  PathTemplate t("a%%b/{{x}}.txt");
  CHECK_FALSE(t.uses_time());
  CHECK(t.fields().empty());
  std::string dir, stem;
  t.expand(0, {}, dir, stem);
  CHECK(dir == "a%b");
  CHECK(stem == "{x}");
}

TEST_CASE("PathTemplate refuses templates it cannot expand", "[sink][template]") {
  expect_usage_error("", "empty");
  expect_usage_error("out/", "end in a file name");
  expect_usage_error("out/%Q.json", "unknown time conversion %Q");
  expect_usage_error("out/part%", "lone %");
  expect_usage_error("out/{user.json", "unclosed {");
  expect_usage_error("out/user}.json", "unmatched }");
  expect_usage_error("out//x.json", "empty path component");
}

TEST_CASE("PathTemplate finds the parts and in-progress files it would write", "[sink][template]") {
  TempDir tmp;
  sink_test::ChangeDir cd(tmp.path());
  namespace fs = std::filesystem;
  fs::create_directories("out/dt=2026-11-01/u1");
  fs::create_directories("out/dt=2026-11-02/u2");
  fs::create_directories("out/other");
  sink_test::spit("out/dt=2026-11-01/u1/part-3-0.ndjson", "");
  sink_test::spit("out/dt=2026-11-01/u1/part-12-4.ndjson", "");
  sink_test::spit("out/dt=2026-11-01/u1/.part-0.ndjson.inprogress", "");
  sink_test::spit("out/dt=2026-11-02/u2/part-5-1.ndjson", "");
  sink_test::spit("out/dt=2026-11-02/u2/part-5-1.ndjson.bak", "");  // not a part name
  sink_test::spit("out/dt=2026-11-02/u2/notes.txt", "");
  sink_test::spit("out/other/part-9-0.ndjson", "");          // directory does not match dt=
  sink_test::spit("out/dt=2026-11-02/part-9-0.ndjson", "");  // one level too shallow

  PathTemplate t("out/dt=%Y-%m-%d/{user}/part.ndjson");
  auto found = t.existing_outputs();
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  REQUIRE(found.size() == 4);
  CHECK(found[0].path == "out/dt=2026-11-01/u1/.part-0.ndjson.inprogress");
  CHECK(found[0].in_progress);
  CHECK(found[1].path == "out/dt=2026-11-01/u1/part-12-4.ndjson");
  CHECK(found[1].checkpoint == 12);
  CHECK(found[2].path == "out/dt=2026-11-01/u1/part-3-0.ndjson");
  CHECK(found[2].checkpoint == 3);
  CHECK(found[3].path == "out/dt=2026-11-02/u2/part-5-1.ndjson");
  CHECK_FALSE(found[3].in_progress);
}

TEST_CASE("PathTemplate reads the checkpoint of a part whose stem holds dashes and digits", "[sink][template]") {
  TempDir tmp;
  sink_test::ChangeDir cd(tmp.path());
  sink_test::spit("a-3-5-0.ndjson", "");
  PathTemplate t("{user}.ndjson");
  const auto found = t.existing_outputs();
  REQUIRE(found.size() == 1);
  CHECK(found[0].checkpoint == 5);
}
