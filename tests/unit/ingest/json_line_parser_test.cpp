#include "ss/ingest/json_line_parser.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse_helpers.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/json/field_path.hpp"

using ss::ParseStatus;
using ss::test::bad_reason;
using ss::test::event;
using ss::test::parse_line;

namespace {

ss::JsonLineParser json_parser(std::string time_field = "ts", bool require_time = true, std::string time_format = {}) {
  ss::ParserOptions options;
  options.format = "json";
  options.time_field = std::move(time_field);
  options.require_time = require_time;
  options.time_format = std::move(time_format);
  return ss::JsonLineParser(options);
}

}  // namespace

TEST_CASE("json: a line whose ts is already normalised passes byte for byte", "[ingest]") {
  auto p = json_parser();
  const std::string line = R"({"ts":"2026-11-23T10:00:01.123Z","user":"a b","n":[1,2.5e3,{"x":null}],"ok":true})";
  CHECK(event(p, line) == line);
  const std::string micro = R"({ "ts" : "2026-11-23T10:00:01.123456Z" , "z":{}})";
  CHECK(event(p, micro) == micro);
}

TEST_CASE("json: text that only looks normalised is still rewritten", "[ingest]") {
  auto p = json_parser();
  // A leap second, lowercase separators, and an invalid day have the normalised
  // length; none of them may pass as it is.
  CHECK(event(p, R"({"ts":"2026-12-31T23:59:60.000Z"})") == R"({"ts":"2027-01-01T00:00:00.000Z"})");
  CHECK(event(p, R"({"ts":"2026-11-23t10:00:01.123z"})") == R"({"ts":"2026-11-23T10:00:01.123Z"})");
  CHECK(parse_line(p, R"({"ts":"2026-02-30T10:00:01.123Z"})").status == ParseStatus::bad);
  // With a --time-format the text means what the format says, never itself.
  auto custom = json_parser("ts", true, "%Y-%d-%mT%H:%M:%S.%fZ");
  CHECK(event(custom, R"({"ts":"2026-01-11T10:00:01.123Z"})") == R"({"ts":"2026-11-01T10:00:01.123Z"})");
}

TEST_CASE("json: ts is replaced in place, keeping everything around it", "[ingest]") {
  auto p = json_parser();
  CHECK(event(p, R"({"a":1,"ts":"2026-11-23T11:00:01+01:00","b":"x"})") ==
        R"({"a":1,"ts":"2026-11-23T10:00:01.000Z","b":"x"})");
  CHECK(event(p, R"({ "ts" : 1700000000 , "b":2 })") == R"({ "ts" : "2023-11-14T22:13:20.000Z" , "b":2 })");
  CHECK(event(p, R"({"ts":1700000000123})") == R"({"ts":"2023-11-14T22:13:20.123Z"})");
  CHECK(event(p, R"({"ts":1700000000.5})") == R"({"ts":"2023-11-14T22:13:20.500Z"})");
  CHECK(event(p, R"({"ts":"2026-11-23T10:00:01.1Z"})") == R"({"ts":"2026-11-23T10:00:01.100Z"})");
  CHECK(event(p, R"({"ts":"2026-11-23T10:00:01.123400Z"})") == R"({"ts":"2026-11-23T10:00:01.123400Z"})");
  CHECK(event(p, R"({"ts":"1700000000"})") == R"({"ts":"2023-11-14T22:13:20.000Z"})");
  // Members before ts may hold quotes, brackets and backslash runs in strings.
  CHECK(
      event(p, R"({"a":"x\"}{","b":[{"c":"]\\"}, 1.5e3, null],"d":"\\\\","ts":"2026-11-23T11:00:01+01:00" ,"z":1})") ==
      R"({"a":"x\"}{","b":[{"c":"]\\"}, 1.5e3, null],"d":"\\\\","ts":"2026-11-23T10:00:01.000Z" ,"z":1})");
  CHECK(event(p, R"({"n":-1,"t":true,"ts":1700000000})") == R"({"n":-1,"t":true,"ts":"2023-11-14T22:13:20.000Z"})");
  // With a repeated key the last one counts, and is the only one written.
  CHECK(event(p, R"({"ts":"bad","ts":1700000000})") == R"({"ts":"2023-11-14T22:13:20.000Z"})");
  CHECK(bad_reason(p, R"({"ts":1700000000,"ts":"bad"})") == "unparseable time \"bad\"");
  // An escaped key is still `ts`.
  CHECK(event(p, R"({"t\u0073":"2026-11-23T10:00:01Z"})") == R"({"t\u0073":"2026-11-23T10:00:01.000Z"})");
  CHECK(event(p, R"({"a":1,"t\u0073":"2026-11-23T10:00:01Z"})") == R"({"a":1,"t\u0073":"2026-11-23T10:00:01.000Z"})");
  // A trailing CR is not part of the line.
  CHECK(event(p, "{\"ts\":\"2026-11-23T10:00:01.000Z\"}\r") == R"({"ts":"2026-11-23T10:00:01.000Z"})");
}

TEST_CASE("json: another time field adds ts before the closing brace", "[ingest]") {
  auto p = json_parser("time");
  CHECK(event(p, R"({"time":"2026-11-23T10:00:01Z","a":{"ts":"nested, not top-level"}})") ==
        R"({"time":"2026-11-23T10:00:01Z","a":{"ts":"nested, not top-level"},"ts":"2026-11-23T10:00:01.000Z"})");
  CHECK(event(p, R"({"time":1700000000}  )") == R"({"time":1700000000,"ts":"2023-11-14T22:13:20.000Z"})");
  // A top-level ts that is not the time field is overwritten, not duplicated.
  CHECK(event(p, R"({"ts":"old","time":1700000000})") == R"({"ts":"2023-11-14T22:13:20.000Z","time":1700000000})");
  CHECK(event(p, R"({"ts":{"a":[1,"}]"]} ,"time":1700000000})") ==
        R"({"ts":"2023-11-14T22:13:20.000Z" ,"time":1700000000})");
}

TEST_CASE("json: a dotted time field reaches into objects", "[ingest]") {
  auto p = json_parser("meta.at");
  CHECK(event(p, R"({"meta":{"id":1,"at":"2026-11-23T10:00:01Z"},"x":[{"at":0}]})") ==
        R"({"meta":{"id":1,"at":"2026-11-23T10:00:01Z"},"x":[{"at":0}],"ts":"2026-11-23T10:00:01.000Z"})");
  CHECK(bad_reason(p, R"({"at":"2026-11-23T10:00:01Z","meta":{"id":1}})") == "no time field \"meta.at\"");
  auto deep = json_parser("a.b.c");
  CHECK(event(deep, R"({"a":{"b":{"c":1700000000}}})") ==
        R"({"a":{"b":{"c":1700000000}},"ts":"2023-11-14T22:13:20.000Z"})");
}

TEST_CASE("json: the time format applies to strings and numbers", "[ingest]") {
  auto ms = json_parser("ts", true, "epoch_ms");
  CHECK(event(ms, R"({"ts":1700000000})") == R"({"ts":"1970-01-20T16:13:20.000Z"})");
  auto pattern = json_parser("ts", true, "%d/%m/%Y %H:%M");
  CHECK(event(pattern, R"({"ts":"23/11/2026 10:00"})") == R"({"ts":"2026-11-23T10:00:00.000Z"})");
  CHECK(bad_reason(pattern, R"({"ts":1700000000})") == "unparseable time \"1700000000\"");
}

TEST_CASE("json: bad lines say why", "[ingest]") {
  auto p = json_parser();
  CHECK(bad_reason(p, "[1,2]") == "expected a JSON object");
  CHECK(bad_reason(p, "hello") == "expected a JSON object");
  CHECK(bad_reason(p, "\"ts\"") == "expected a JSON object");
  CHECK(bad_reason(p, R"({"a":1})") == "no time field \"ts\"");
  CHECK(bad_reason(p, R"({"ts":"yesterday"})") == "unparseable time \"yesterday\"");
  CHECK(bad_reason(p, R"({"ts":true})") == "unparseable time \"true\"");
  CHECK(bad_reason(p, R"({"ts":{"s":1}})") == "unparseable time \"{…}\"");
  const std::string long_value(100, 'x');
  CHECK(bad_reason(p, R"({"ts":")" + long_value + "\"}") == "unparseable time \"" + std::string(64, 'x') + "…\"");
  for (const std::string_view invalid :
       {R"({"a":})", R"({"a":1,})", R"({"a":1} x)", R"({"a":1}})", R"({"a":tru,"ts":1})", R"({"a":"\x","ts":1})",
        R"({"a":01,"ts":1})", R"({"a":[1,],"ts":1})", R"({"a":1)", R"({"a" 1})", "{\"a\":\"\xff\",\"ts\":1}",
        R"({"a":nul,"ts":1})", R"({"ts":1700000000,"ts2":-})"}) {
    INFO(invalid);
    CHECK(bad_reason(p, invalid).rfind("invalid JSON (", 0) == 0);
  }
}

TEST_CASE("json: blank lines are skipped, and without require_time a line passes as is", "[ingest]") {
  auto p = json_parser();
  CHECK(parse_line(p, "").status == ParseStatus::skip);
  CHECK(parse_line(p, "  \t").status == ParseStatus::skip);
  auto lenient = json_parser("ts", false);
  CHECK(event(lenient, R"({"a":1})") == R"({"a":1})");
  CHECK(event(lenient, R"({"ts":"soon","a":1})") == R"({"ts":"soon","a":1})");
  CHECK(bad_reason(lenient, R"({"a":1)").rfind("invalid JSON", 0) == 0);
}

TEST_CASE("json: a parser reuses its buffer across lines of any length", "[ingest]") {
  auto p = json_parser();
  const std::string big = R"({"ts":1700000000,"pad":")" + std::string(100000, 'p') + "\"}";
  CHECK(event(p, R"({"ts":1700000000})") == R"({"ts":"2023-11-14T22:13:20.000Z"})");
  CHECK(event(p, big).size() == big.size() + 16);
  CHECK(event(p, R"({"ts":1700000001})") == R"({"ts":"2023-11-14T22:13:21.000Z"})");
}

TEST_CASE("json: parsing in place the reader's padded line gives what parsing a copy gives", "[ingest]") {
  ss::ParserOptions options;
  options.format = "json";
  auto copying = ss::JsonLineParser(options);
  options.line_padding = ss::kLinePadding;
  auto in_place = ss::JsonLineParser(options);
  // The bytes after a line are the next lines or stale data: they must never complete,
  // extend or break the line, whatever they hold.
  const std::vector<std::string> after = {
      std::string(ss::kLinePadding, '\0'), "}\n" + std::string(ss::kLinePadding, '}'),
      "\"}]\n" + std::string(ss::kLinePadding, ' '), "\n{\"ts\":1}" + std::string(ss::kLinePadding, 'x')};
  const std::vector<std::string> lines = {
      R"({"ts":"2026-11-23T10:00:01.123Z","user":"a b","n":[1,2.5e3,{"x":null}],"ok":true})",
      R"({"ts":1700000000,"a":"x"})",
      R"({"t":1700000000})",
      R"({"ts":"2026-11-23T10:00:01Z"})",
      R"({"a":1)",
      R"({"a":"x)",
      R"({"a":[1,)",
      R"({"a":1})",
      "[1]",
      "  ",
      R"({"ts":1700000000,"s":"\u00e9\n"})",
      R"({"ts":1700000000} )",
      R"({"ts":1700000000})"
      "\r"};
  for (const std::string& line : lines) {
    for (const std::string& rest : after) {
      INFO(line << " followed by " << rest.substr(0, 10));
      const std::string block = line + rest;
      const std::string_view padded(block.data(), line.size());
      const auto expected = parse_line(copying, line);
      const auto got = parse_line(in_place, padded);
      CHECK(static_cast<int>(got.status) == static_cast<int>(expected.status));
      CHECK(got.out == expected.out);
      CHECK(got.reason == expected.reason);
      if (got.status == ParseStatus::ok) {
        ss::FieldSource* fields = in_place.parsed_fields();
        REQUIRE(fields != nullptr);
        CHECK(fields->get(ss::FieldPath("ts")).text == copying.parsed_fields()->get(ss::FieldPath("ts")).text);
      }
    }
  }
}

TEST_CASE("json: a repeated name keeps its last value, written once where it last stands", "[ingest]") {
  auto p = json_parser();
  CHECK(event(p, R"({"ts":"2026-12-06T10:00:00.000Z","a":1,"b":2,"a":3})") ==
        R"({"ts":"2026-12-06T10:00:00.000Z","b":2,"a":3})");
  // At any depth, names compared as decoded, white space between members dropped.
  CHECK(event(p, R"({"ts":"2026-12-06T10:00:00.000Z", "o":{"x":1, "l":[{"k":1,"k":2}], "\u0078":"2"}})") ==
        R"({"ts":"2026-12-06T10:00:00.000Z","o":{"l":[{"k":2}],"\u0078":"2"}})");
  // A repeated time: the last is the event time.
  CHECK(event(p, R"({"ts":"2026-12-06T10:00:01Z","ts":"2026-12-06T10:00:02Z"})") ==
        R"({"ts":"2026-12-06T10:00:02.000Z"})");
  // --where reads the event as written.
  REQUIRE(p.parsed_fields() != nullptr);
  CHECK(p.parsed_fields()->get(ss::FieldPath("ts")).text == "2026-12-06T10:00:02.000Z");
  CHECK(event(p, R"({"ts":"2026-12-06T10:00:00.000Z","a":1,"a":2})") == R"({"ts":"2026-12-06T10:00:00.000Z","a":2})");
  CHECK(p.parsed_fields()->get(ss::FieldPath("a")).text == "2");
  // Without repeats, a line still passes byte for byte.
  CHECK(event(p, R"({"ts":"2026-12-06T10:00:00.000Z", "a" : [1, {"b":1}]})") ==
        R"({"ts":"2026-12-06T10:00:00.000Z", "a" : [1, {"b":1}]})");
}
