#include "ss/ingest/regex_line_parser.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using ss::test::bad_reason;
using ss::test::event;
using ss::test::usage_message;

namespace {

ss::ParserOptions regex_options(std::string pattern) {
  ss::ParserOptions options;
  options.format = "regex:" + pattern;
  return options;
}

}  // namespace

TEST_CASE("regex: named groups become fields in pattern order", "[ingest]") {
  auto p = ss::test::parser_for(R"(regex:^(?<ts>\S+) (?<level>[A-Z]+)(?: \[(?<thread>\w+)\])? (?<msg>.*)$)");
  CHECK(p->format_name() == "regex");
  CHECK(event(*p, "2026-11-23T10:00:01Z INFO [main] started in 42 ms") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","level":"INFO","thread":"main","msg":"started in 42 ms"})");
  // A group that took no part is left out.
  CHECK(event(*p, "2026-11-23T10:00:01Z WARN low disk \"/\"") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","level":"WARN","msg":"low disk \"/\""})");
  CHECK(bad_reason(*p, "2026-11-23T10:00:01Z lower case") == "does not match the pattern");
  CHECK(bad_reason(*p, "never INFO x") == "unparseable time \"never\"");
}

TEST_CASE("regex: a time group with another name and format is kept beside ts", "[ingest]") {
  auto options = regex_options(R"((?<when>\d{6} \d{6}) (?<pid>\d+) (?<level>\w+))");
  options.time_field = "when";
  options.time_format = "%y%m%d %H%M%S";
  options.typed_numbers = true;
  const auto p = ss::make_line_parser(options);
  CHECK(event(*p, "081109 203615 148 INFO") ==
        R"({"ts":"2008-11-09T20:36:15.000Z","when":"081109 203615","pid":148,"level":"INFO"})");
  // The pattern is searched for, not anchored.
  CHECK(event(*p, "prefix 081109 203615 007 INFO") ==
        R"({"ts":"2008-11-09T20:36:15.000Z","when":"081109 203615","pid":"007","level":"INFO"})");
}

TEST_CASE("regex: repeated names take the group that matched", "[ingest]") {
  auto p = ss::test::parser_for(R"(regex:(?J)^(?:a=(?<v>\d+)|b=(?<v>\w+)) (?<ts>\d+)$)");
  CHECK(event(*p, "a=1 1700000000") == R"({"ts":"2023-11-14T22:13:20.000Z","v":"1"})");
  CHECK(event(*p, "b=x 1700000000") == R"({"ts":"2023-11-14T22:13:20.000Z","v":"x"})");
}

TEST_CASE("regex: an optional time group that did not match", "[ingest]") {
  auto options = regex_options(R"(^(?:(?<ts>\d+) )?(?<msg>.*)$)");
  CHECK(bad_reason(*ss::make_line_parser(options), "just text") == "no time field \"ts\"");
  options.require_time = false;
  CHECK(event(*ss::make_line_parser(options), "just text") == R"({"msg":"just text"})");
}

TEST_CASE("regex: bad patterns are usage errors with PCRE2's message and offset", "[ingest]") {
  CHECK(usage_message(regex_options("(?<ts>abc")) ==
        "regex does not compile: missing closing parenthesis at offset 9 of \"(?<ts>abc\"");
  CHECK(usage_message(regex_options("(?<ts>a)[z-a]")) ==
        "regex does not compile: range out of order in character class at offset 11 of \"(?<ts>a)[z-a]\"");
  CHECK(usage_message(regex_options("(\\d+) (.*)")) ==
        "regex \"(\\d+) (.*)\" has no named group (?<name>...) to make fields of");
  CHECK(usage_message(regex_options("(?<time>\\d+)")) ==
        "regex \"(?<time>\\d+)\" has no group (?<ts>...) for the time field");
  auto lenient = regex_options("(?<time>\\d+)");
  lenient.require_time = false;
  CHECK(usage_message(lenient) == "<no usage error>");
}
