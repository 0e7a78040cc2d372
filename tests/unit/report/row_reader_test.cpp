#include "ss/report/row_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/json/field_path.hpp"
#include "ss/op/diagnostics.hpp"
#include "support/temp_dir.hpp"

using ss::ReadStatus;
using ss::RowShape;

namespace {

struct Read {
  std::vector<std::string> keys;
  std::vector<std::string> key_fields;
  std::optional<RowShape> shape;
  ss::ControlTally control;
  uint64_t bad = 0;
};

Read read_all(const std::string& input, std::vector<std::string> key = {}) {
  ss::test::TempDir dir;
  ss::StreamOptions options;
  options.inputs = {dir.write("rows.ndjson", input)};
  for (const std::string& field : key) options.key.emplace_back(field);
  ss::Diagnostics diagnostics("", "", false);
  ss::RowReader reader(options, diagnostics);
  Read out;
  while (reader.next() == ReadStatus::line) out.keys.push_back(reader.key());
  out.key_fields = reader.key_fields();
  out.shape = reader.shape();
  out.control = reader.control();
  out.bad = diagnostics.bad_lines();
  return out;
}

}  // namespace

TEST_CASE("RowReader tells session rows by session_id and start and takes the fields before as key", "[report]") {
  const Read read = read_all(
      R"({"user":"ann","team":"a","session_id":"1","start":"2026-11-01T10:00:00Z","end":"2026-11-01T10:01:00Z","duration":60,"events":3})"
      "\n");
  CHECK(read.shape == RowShape::sessions);
  CHECK(read.key_fields == std::vector<std::string>{"user", "team"});
  CHECK(read.keys == std::vector<std::string>{"ann, a"});
}

TEST_CASE("RowReader tells window rows and takes the text fields after the window as key", "[report]") {
  const Read read = read_all(
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","route":"/a","n":2,"p50":10})"
      "\n"
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":1})"
      "\n");
  CHECK(read.shape == RowShape::windows);
  CHECK(read.key_fields == std::vector<std::string>{"route"});
  CHECK(read.keys == std::vector<std::string>{"/a", "null"});
}

TEST_CASE("RowReader takes --key over the detected fields and reads numbers as key values", "[report]") {
  const Read read =
      read_all(R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","status":500,"n":2})"
               "\n",
               {"status"});
  CHECK(read.key_fields == std::vector<std::string>{"status"});
  CHECK(read.keys == std::vector<std::string>{"500"});
}

TEST_CASE("RowReader without key fields puts every row under all", "[report]") {
  const Read read = read_all(R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":5})"
                             "\n");
  CHECK(read.key_fields.empty());
  CHECK(read.keys == std::vector<std::string>{"all"});
}

TEST_CASE("RowReader counts control records by kind and never returns them as rows", "[report]") {
  const Read read =
      read_all(R"({"_ss":"watermark","ts":"2026-11-01T10:05:00.000Z"})"
               "\n"
               R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","route":"/a","n":2})"
               "\n"
               R"({"_ss":"checkpoint","id":7})"
               "\n"
               R"({"_ss":"stats","tool":"ss-window","events":12})"
               "\n");
  CHECK(read.keys.size() == 1);
  CHECK(read.control.counts.at("watermark") == 1);
  CHECK(read.control.counts.at("checkpoint") == 1);
  CHECK(read.control.counts.at("stats") == 1);
  CHECK(read.control.last_checkpoint == 7u);
  CHECK(read.control.last_other.at("stats") == R"({"_ss":"stats","tool":"ss-window","events":12})");
  CHECK(read.bad == 0);
}

TEST_CASE("RowReader counts lines that are not rows as bad lines", "[report]") {
  const Read read = read_all(
      "not json\n"
      "[1,2]\n"
      R"({"user":"ann"})"
      "\n"
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","route":"/a","n":2})"
      "\n"
      R"({"route":"/b","n":2})"
      "\n"
      R"({"window_start":"yesterday","route":"/c","n":2})"
      "\n"
      R"({"_ss":"checkpoint"})"
      "\n");
  CHECK(read.keys == std::vector<std::string>{"/a"});
  CHECK(read.bad == 6);
}

TEST_CASE("RowReader makes the first bad line fatal under strict", "[report]") {
  ss::test::TempDir dir;
  ss::StreamOptions options;
  options.inputs = {dir.write("rows.ndjson", "{\n")};
  options.strict = true;
  ss::Diagnostics diagnostics("", "", true);
  ss::RowReader reader(options, diagnostics);
  CHECK_THROWS_AS(reader.next(), ss::Error);
}

TEST_CASE("RowReader gives the key one cell per field and names the last bad line", "[report]") {
  ss::test::TempDir dir;
  ss::StreamOptions options;
  options.inputs = {dir.write(
      "rows.ndjson", R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":1})"
                     "\n"
                     "nope\n"
                     R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","status":404,"n":2})"
                     "\n")};
  options.key = {ss::FieldPath("status"), ss::FieldPath("label")};
  ss::Diagnostics diagnostics("", "", false);
  ss::RowReader reader(options, diagnostics);
  REQUIRE(reader.next() == ReadStatus::line);
  CHECK(reader.key_cells() == std::vector<std::string>{"null", "null"});
  CHECK(reader.last_bad_line().empty());
  REQUIRE(reader.next() == ReadStatus::line);
  CHECK(reader.key_cells() == std::vector<std::string>{"404", "null"});
  CHECK(reader.key() == "404, null");
  CHECK_THAT(reader.last_bad_line(), Catch::EndsWith("rows.ndjson:2: not valid JSON"));
}
