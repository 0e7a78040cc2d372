#include "ss/ingest/logfmt_line_parser.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using ss::test::bad_reason;
using ss::test::event;

namespace {

ss::LogfmtLineParser logfmt(bool typed = false, std::string time_field = "ts", bool require_time = true) {
  ss::ParserOptions options;
  options.format = "logfmt";
  options.typed_numbers = typed;
  options.time_field = std::move(time_field);
  options.require_time = require_time;
  return ss::LogfmtLineParser(options);
}

}  // namespace

TEST_CASE("logfmt: pairs, quoted values, escapes and flags", "[ingest]") {
  auto p = logfmt();
  CHECK(event(p, R"(ts=2026-11-23T10:00:01Z level=info msg="quoted \" value" flag path=/a)") ==
        R"({"ts":"2026-11-23T10:00:01.000Z","level":"info","msg":"quoted \" value","flag":true,"path":"/a"})");
  CHECK(event(p, R"(ts=1700000000 empty= q="" esc="a\\b\nc\td\x" n=42)") ==
        R"({"ts":"2023-11-14T22:13:20.000Z","empty":"","q":"","esc":"a\\b\nc\td\\x","n":"42"})");
  CHECK(event(p, "  ts=1700000000\tk=v  \r") == R"({"ts":"2023-11-14T22:13:20.000Z","k":"v"})");
  CHECK(p.format_name() == "logfmt");
}

TEST_CASE("logfmt: time comes from ts, else time, else the named field", "[ingest]") {
  auto p = logfmt();
  CHECK(event(p, "time=2026-11-23T10:00:01+02:00 a=1") ==
        R"({"ts":"2026-11-23T08:00:01.000Z","time":"2026-11-23T10:00:01+02:00","a":"1"})");
  CHECK(event(p, "time=1 ts=1700000000") == R"({"ts":"2023-11-14T22:13:20.000Z","time":"1"})");
  auto at = logfmt(false, "at");
  CHECK(bad_reason(at, "time=1700000000") == "no time field \"at\"");
  CHECK(event(at, "at=1700000000 ts=x") == R"({"ts":"2023-11-14T22:13:20.000Z","at":"1700000000"})");
}

TEST_CASE("logfmt: typed numbers", "[ingest]") {
  auto p = logfmt(true);
  CHECK(event(p, R"(ts=1700000000 n=42 f=-0.5 s="7" v=1.2.3 z=00)") ==
        R"({"ts":"2023-11-14T22:13:20.000Z","n":42,"f":-0.5,"s":7,"v":"1.2.3","z":"00"})");
}

TEST_CASE("logfmt: bad lines say why", "[ingest]") {
  auto p = logfmt();
  CHECK(bad_reason(p, R"(ts=1700000000 msg="no end)") == "unterminated quoted value");
  CHECK(bad_reason(p, "ts=1700000000 =v") == "expected a key at byte 15");
  CHECK(bad_reason(p, R"(ts=1700000000 "k"=v)") == "expected a key at byte 15");
  CHECK(bad_reason(p, R"(ts=1700000000 k="v"x)") == "expected a space after the quoted value at byte 20");
  CHECK(bad_reason(p, "level=info") == "no time field \"ts\"");
  CHECK(bad_reason(p, "ts level=info") == "unparseable time \"true\"");
  CHECK(bad_reason(p, "ts=soon") == "unparseable time \"soon\"");
  auto lenient = logfmt(false, "ts", false);
  CHECK(event(lenient, "ts=soon a=b") == R"({"ts":"soon","a":"b"})");
}

TEST_CASE("logfmt: a repeated key keeps its last value and is written once", "[ingest]") {
  auto p = ss::test::parser_for("logfmt");
  CHECK(ss::test::event(*p, "ts=2026-12-06T10:00:00Z a=1 b=2 a=3") ==
        R"({"ts":"2026-12-06T10:00:00.000Z","b":"2","a":"3"})");
  CHECK(ss::test::event(*p, "ts=2026-12-06T10:00:00Z ts=2026-12-06T10:00:01Z") ==
        R"({"ts":"2026-12-06T10:00:01.000Z"})");
}
