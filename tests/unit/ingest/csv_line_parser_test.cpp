#include "ss/ingest/csv_line_parser.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using ss::ParseStatus;
using ss::test::bad_reason;
using ss::test::event;
using ss::test::parse_line;

namespace {

ss::ParserOptions csv_options() {
  ss::ParserOptions options;
  options.format = "csv";
  return options;
}

}  // namespace

TEST_CASE("csv: the header row names the fields and produces no event", "[ingest]") {
  ss::CsvLineParser p(csv_options(), ',');
  const auto header = parse_line(p, "ts,user,path");
  CHECK(header.status == ParseStatus::skip);
  CHECK(header.out.empty());
  CHECK(event(p, "2026-11-23T10:00:01Z,alice,/a") == R"({"ts":"2026-11-23T10:00:01.000Z","user":"alice","path":"/a"})");
  CHECK(event(p, "1700000000,bob,") == R"({"ts":"2023-11-14T22:13:20.000Z","user":"bob","path":""})");
  CHECK(p.format_name() == "csv");
}

TEST_CASE("csv: RFC 4180 quoting", "[ingest]") {
  ss::CsvLineParser p(csv_options(), ',');
  REQUIRE(parse_line(p, "\xEF\xBB\xBFid,ts,text\r").status == ParseStatus::skip);
  CHECK(event(p, R"(1,2026-11-23T10:00:01Z,"a, b")") == R"({"ts":"2026-11-23T10:00:01.000Z","id":"1","text":"a, b"})");
  CHECK(event(p, R"("1","2026-11-23T10:00:01Z","say ""hi""")") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","id":"1","text":"say \"hi\""})");
  CHECK(event(p, "2,2026-11-23T10:00:01Z,\"cr\rinside\"\r") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","id":"2","text":"cr\rinside"})");
  CHECK(event(p, R"(3,2026-11-23T10:00:01Z,"")") == R"({"ts":"2026-11-23T10:00:01.000Z","id":"3","text":""})");
  CHECK(event(p, R"(4,2026-11-23T10:00:01Z,a"b)") == R"({"ts":"2026-11-23T10:00:01.000Z","id":"4","text":"a\"b"})");
  // A quoted field with a line break arrives cut at the break.
  CHECK(bad_reason(p, R"(5,2026-11-23T10:00:01Z,"first half)") == "unterminated quoted field");
  CHECK(bad_reason(p, R"(6,2026-11-23T10:00:01Z,"x"y)") == "unexpected character after the closing quote of field 3");
  CHECK(bad_reason(p, "7,2026-11-23T10:00:01Z") == "expected 3 fields, got 2");
  CHECK(bad_reason(p, "7,2026-11-23T10:00:01Z,a,b") == "expected 3 fields, got 4");
  CHECK(bad_reason(p, "8,never,x") == "unparseable time \"never\"");
  CHECK(parse_line(p, "").status == ParseStatus::skip);
}

TEST_CASE("csv: typed numbers are JSON numbers only when valid", "[ingest]") {
  auto options = csv_options();
  options.typed_numbers = true;
  options.columns = {"ts", "a", "b", "c", "d", "e", "f"};
  ss::CsvLineParser p(options, ',');
  CHECK(event(p, "1700000000,42,-1.5e3,007,1.,0.25,\"12\"") ==
        R"({"ts":"2023-11-14T22:13:20.000Z","a":42,"b":-1.5e3,"c":"007","d":"1.","e":0.25,"f":12})");
  CHECK(event(p, "1700000000,-0,1E+2,+1,.5,0x10,") ==
        R"({"ts":"2023-11-14T22:13:20.000Z","a":-0,"b":1E+2,"c":"+1","d":".5","e":"0x10","f":""})");
}

TEST_CASE("csv: given columns mean there is no header row", "[ingest]") {
  auto options = csv_options();
  options.columns = {"when", "n"};
  options.time_field = "when";
  ss::CsvLineParser p(options, ',');
  CHECK(event(p, "2026-11-23 10:00:01,1") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","when":"2026-11-23 10:00:01","n":"1"})");
  options.time_field = "ts";
  CHECK(ss::test::usage_message(options) == "the columns do not name the time field \"ts\"");
  options.require_time = false;
  ss::CsvLineParser lenient(options, ',');
  CHECK(event(lenient, "x,1") == R"({"when":"x","n":"1"})");
}

TEST_CASE("csv: a header without the time field makes every row bad unless time is optional", "[ingest]") {
  ss::CsvLineParser p(csv_options(), ',');
  REQUIRE(parse_line(p, "a,b").status == ParseStatus::skip);
  CHECK(bad_reason(p, "1,2") == "no time field \"ts\"");
  auto options = csv_options();
  options.require_time = false;
  ss::CsvLineParser lenient(options, ',');
  REQUIRE(parse_line(lenient, "a,b,a,a").status == ParseStatus::skip);
  CHECK(event(lenient, "1,2,3,4") == R"({"a":"1","b":"2","a_2":"3","a_3":"4"})");
}

TEST_CASE("tsv: tab-separated with the same quoting", "[ingest]") {
  auto options = csv_options();
  options.format = "tsv";
  ss::CsvLineParser p(options, '\t');
  CHECK(p.format_name() == "tsv");
  REQUIRE(parse_line(p, "ts\tmsg\tn").status == ParseStatus::skip);
  CHECK(event(p, "1700000000\ta, b\t\"x\ty\"") == R"({"ts":"2023-11-14T22:13:20.000Z","msg":"a, b","n":"x\ty"})");
  CHECK(bad_reason(p, "1700000000\tonly two") == "expected 3 fields, got 2");
}
