#include "ss/ingest/log_format_parser.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "parse_helpers.hpp"
#include "ss/ingest/access_log_parser.hpp"

using ss::ParseStatus;
using ss::test::bad_reason;
using ss::test::event;

namespace {

constexpr std::string_view kApacheCombined = R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i")";

ss::LogFormatParser log_parser(std::string_view format, bool nginx = false, bool require_time = true) {
  ss::ParserOptions options;
  options.format = nginx ? "nginx" : "apache";
  options.log_format = std::string(format);
  options.require_time = require_time;
  options.reference_time = 1700000000000000;
  return ss::LogFormatParser(options, nginx ? ss::LogFormatDialect::nginx : ss::LogFormatDialect::apache);
}

}  // namespace

TEST_CASE("log format parser: the combined directives write what --format combined writes", "[ingest]") {
  auto p = log_parser(kApacheCombined);
  ss::ParserOptions options;
  options.format = "combined";
  ss::AccessLogParser combined(options, true);
  for (const std::string_view line : {
           R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://x/" "Moz 4")",
           R"(2001:db8::1 id - [17/May/2015:10:05:03 +0000] "GET /a?b=c HTTP/1.1" 304 - "-" "-")",
           R"(203.0.113.7, 198.51.100.2 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")",
           R"("203.0.113.7, 198.51.100.2" - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")",
           R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "\x16\x03\x01" 400 226 - -)",
           R"(1.2.3.4 - a b [06/Dec/2026:10:00:00 +0000] "GET /\"q\" HTTP/1.1" 200 1 "r\\" "ua cut sh)",
       }) {
    INFO(line);
    CHECK(event(p, line) == event(combined, line));
  }
  CHECK(p.format_name() == "apache");
}

TEST_CASE("log format parser: Apache times, durations and headers are typed", "[ingest]") {
  auto p = log_parser(R"(%{%Y-%m-%dT%H:%M:%S%z}t %D %T %I %O "%{X-Forwarded-For}i" %{Content-Type}o %v:%p)");
  CHECK(event(p, R"(2026-12-06T10:00:00+0100 1500 0 512 2048 "203.0.113.7, 10.0.0.1" text/html www.x:443)") ==
        R"({"ts":"2026-12-06T09:00:00.000Z","request_time_us":1500,"request_time_s":0,"request_length":512,)"
        R"("bytes_sent":2048,"x_forwarded_for":"203.0.113.7, 10.0.0.1","response_content_type":"text/html",)"
        R"("server_name":"www.x","server_port":443})");
  // A header missing is `-`, left out as combined leaves out referer `-`.
  CHECK(event(p, R"(2026-12-06T10:00:00Z 7 0 1 2 "-" - www.x:80)") ==
        R"({"ts":"2026-12-06T10:00:00.000Z","request_time_us":7,"request_time_s":0,"request_length":1,)"
        R"("bytes_sent":2,"server_name":"www.x","server_port":80})");
  CHECK(bad_reason(p, R"(2026-12-06T10:00:00Z 1.5 0 1 2 "-" - www.x:80)") ==
        "expected request_time_us (%D): a number or -");
  CHECK(bad_reason(p, R"(yesterday 1 0 1 2 "-" - www.x:80)") == R"(unparseable time "yesterday")");
}

TEST_CASE("log format parser: epoch times", "[ingest]") {
  auto a = log_parser("%{msec}t %h");
  CHECK(event(a, "1765015200123 ::1") == R"({"ts":"2025-12-06T10:00:00.123Z","client":"::1"})");
  auto n = log_parser("$msec $remote_addr $status", true);
  CHECK(event(n, "1765015200.123 ::1 200") == R"({"ts":"2025-12-06T10:00:00.123Z","client":"::1","status":200})");
}

TEST_CASE("log format parser: nginx request time and upstream time lists", "[ingest]") {
  auto p =
      log_parser(R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" )"
                 R"("$http_user_agent" $request_time $upstream_response_time)",
                 true);
  const std::string head = R"(10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET /api HTTP/1.1" 502 0 "-" "curl/8" )";
  const std::string out_head =
      R"({"ts":"2026-12-06T10:00:00.000Z","client":"10.0.0.1","method":"GET","path":"/api","protocol":"HTTP/1.1",)"
      R"("status":502,"bytes":0,"user_agent":"curl/8")";
  CHECK(event(p, head + "0.125 0.120") == out_head + R"(,"request_time":0.125,"upstream_response_time":0.120})");
  CHECK(event(p, head + "3.010 -") == out_head + R"(,"request_time":3.010})");
  // Tried upstreams are `, `-separated, an internal redirect is ` : `: the sum, and the list.
  CHECK(event(p, head + "3.010 3.000, 0.004 : 0.0005") ==
        out_head + R"(,"request_time":3.010,"upstream_response_time":3.0045,)"
                   R"("upstream_response_time_list":"3.000, 0.004 : 0.0005"})");
  CHECK(event(p, head + "0.5 -, 0.2") ==
        out_head + R"(,"request_time":0.5,"upstream_response_time":0.2,"upstream_response_time_list":"-, 0.2"})");
  CHECK(bad_reason(p, head + "0.5 fast") ==
        "expected upstream_response_time ($upstream_response_time): numbers separated by \", \" or \" : \", or -");
  CHECK(bad_reason(p, head + "0.5") == R"(expected " " after request_time ($request_time))");
  CHECK(bad_reason(p, head + "abc 0.1") == "expected request_time ($request_time): a number such as 0.125, or -");
}

TEST_CASE("log format parser: a line that does not fit says what the format expected", "[ingest]") {
  auto p = log_parser(kApacheCombined);
  const std::string good = R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")";
  CHECK(event(p, good).find(R"("status":200)") != std::string::npos);
  CHECK(bad_reason(p, good + " extra") == R"(expected the end of the line after user_agent (%{User-agent}i))");
  CHECK(bad_reason(p, R"(1.2.3.4 - - 06/Dec/2026:10:00:00 +0000 "GET / HTTP/1.1" 200 5 "-" "curl")") ==
        R"(expected " [" after user (%u))");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] GET 200 5 "-" "curl")") ==
        R"(expected a quoted request (%r) or -)");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" OK 5 "-" "curl")") ==
        "expected status (%>s): a number or -");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1 200 5)") ==
        "expected the end of the quoted request (%r)");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5)") ==
        R"(expected " " after bytes (%b))");
  CHECK(bad_reason(p, R"(1.2.3.4 - - x [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "c")") ==
        "expected user (%u): a value");
  CHECK(event(p, "  ") == "<skip: blank line>");
}

TEST_CASE("log format parser: without a readable time the event has no ts when times are optional", "[ingest]") {
  auto p = log_parser("%t %h", false, false);
  CHECK(event(p, "[soon] ::1") == R"({"client":"::1"})");
}

TEST_CASE("log format parser: a time with a space needs no brackets", "[ingest]") {
  auto p = log_parser("$time_local $status $remote_addr", true);
  CHECK(event(p, "06/Dec/2026:10:00:00 +0100 200 ::1") ==
        R"({"ts":"2026-12-06T09:00:00.000Z","status":200,"client":"::1"})");
  // Without its offset the time takes the status in: the line is bad all the same.
  CHECK(bad_reason(p, "06/Dec/2026:10:00:00 200 ::1") == R"(expected " " after status ($status))");
  auto a = log_parser("%{%Y-%m-%d %H:%M:%S}t %>s");
  CHECK(event(a, "2026-12-06 10:00:00 404") == R"({"ts":"2026-12-06T10:00:00.000Z","status":404})");
}
