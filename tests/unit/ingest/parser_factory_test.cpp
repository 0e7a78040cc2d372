#include "ss/ingest/parser_factory.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using ss::test::usage_message;

namespace {

std::string sniffed(std::vector<std::string_view> lines) {
  try {
    return ss::sniff_format(lines);
  } catch (const ss::Error& e) {
    return e.kind() == ss::ErrorKind::usage ? std::string("<usage: ") + e.what() + ">" : "<other error>";
  }
}

}  // namespace

TEST_CASE("make_line_parser builds each format by name", "[ingest]") {
  for (const std::string format :
       {"json", "csv", "tsv", "logfmt", "common", "combined", "syslog", "log4j", "python", "isolevel"}) {
    INFO(format);
    CHECK(ss::test::parser_for(format)->format_name() == format);
  }
  CHECK(ss::test::parser_for("regex:(?<ts>.*)")->format_name() == "regex");
}

TEST_CASE("make_line_parser rejects unknown formats and bad options", "[ingest]") {
  ss::ParserOptions options;
  options.format = "xml";
  CHECK(usage_message(options) ==
        "unknown format \"xml\" (expected json, csv, tsv, logfmt, common, combined, apache, nginx, syslog, log4j, "
        "python, isolevel, regex:PATTERN or auto)");
  options.format = "apache";
  CHECK(usage_message(options) == "--format apache needs --log-format, the format line of the server's configuration");
  options.log_format = "%h %t";
  options.format = "json";
  CHECK(usage_message(options) == "--log-format applies to --format apache and nginx, not json");
  options.log_format.clear();
  options.time_format = "%Q";
  CHECK(usage_message(options) == "time format \"%Q\": unsupported conversion %Q");
  options.time_format.clear();
  options.timezone = "Nowhere/Special";
  CHECK(usage_message(options).find("unknown time zone \"Nowhere/Special\"") == 0);
  options.timezone.clear();
  options.format = "auto";
  try {
    ss::make_line_parser(options);
    FAIL("auto was accepted");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::internal);
  }
}

TEST_CASE("sniff_format recognises each format", "[ingest]") {
  CHECK(sniffed({R"({"ts":"2026-11-23T10:00:01Z","a":1})", R"({"b":2})"}) == "json");
  CHECK(sniffed({R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8")",
                 R"(::1 - bob [17/May/2015:10:05:04 +0000] "POST /x HTTP/1.1" 201 - "http://a/" "ua")"}) == "combined");
  CHECK(sniffed({R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326)"}) ==
        "common");
  CHECK(sniffed({"Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
                 "<34>Oct 11 22:14:15 mymachine su: 'su root' failed",
                 "<165>1 2003-10-11T22:14:15.003Z host app - - - msg"}) == "syslog");
  CHECK(sniffed({R"(ts=2026-11-23T10:00:01Z level=info msg="hello world")", "level=warn msg=x n=1"}) == "logfmt");
  CHECK(sniffed({"ts,user,path", "2026-11-23T10:00:01Z,alice,/a", R"(2026-11-23T10:00:02Z,"b, c",/b)"}) == "csv");
  CHECK(sniffed({"ts\tuser", "2026-11-23T10:00:01Z\talice", "2026-11-23T10:00:02Z\tbob"}) == "tsv");
  CHECK(sniffed({"2026-12-06 10:00:00,123 INFO  [main] com.example.Shop - started"}) == "log4j");
  CHECK(sniffed({"2026-12-06 10:00:00,123 - shop - INFO - started"}) == "python");
  CHECK(sniffed({"2026-12-06T10:00:00.123Z ERROR disk full", "2026-12-06 10:00:01 [WARN] x"}) == "isolevel");
}

TEST_CASE("sniff_format prefers combined when some lines are common and others combined", "[ingest]") {
  CHECK(sniffed({R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1)",
                 R"(1.2.3.4 - - [17/May/2015:10:05:04 +0000] "GET / HTTP/1.1" 200 1)",
                 R"(1.2.3.4 - - [17/May/2015:10:05:05 +0000] "GET /a HTTP/1.1" 200 1 "-" "curl/8")"}) == "combined");
}

TEST_CASE("sniff_format skips blank lines, tolerates a stray line and looks at 20 lines", "[ingest]") {
  std::vector<std::string_view> lines(10, R"({"a":1})");
  lines.insert(lines.begin(), "");
  lines.insert(lines.begin() + 3, "  \r");
  lines.push_back("not json");
  CHECK(sniffed(lines) == "json");
  lines.push_back("still not json");
  CHECK(sniffed(lines).rfind("<usage: cannot tell the format", 0) == 0);
  // Only the first 20 non-empty lines count.
  std::vector<std::string_view> long_lines(20, R"({"a":1})");
  long_lines.insert(long_lines.end(), 30, "garbage");
  CHECK(sniffed(long_lines) == "json");
}

TEST_CASE("sniff_format gives up on text it does not know, and on no text", "[ingest]") {
  CHECK(sniffed({"hello world", "this is prose"}) ==
        "<usage: cannot tell the format from the first 2 lines (\"hello world\"): give --format>");
  CHECK(sniffed({}) == "<usage: cannot tell the format of an empty input: give --format>");
  CHECK(sniffed({"", "  "}) == "<usage: cannot tell the format of an empty input: give --format>");
  // A field count that changes is not CSV.
  CHECK(sniffed({"a,b", "1,2,3"}).rfind("<usage:", 0) == 0);
  // Mostly words is not logfmt, even with a pair in it.
  CHECK(sniffed({"the value a=1 was wrong", "and so was b=2 today"}).rfind("<usage:", 0) == 0);
}
