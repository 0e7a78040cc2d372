#include "ss/ingest/syslog_line_parser.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using ss::ParseStatus;
using ss::test::bad_reason;
using ss::test::event;
using ss::test::parse_line;

namespace {

constexpr ss::TimeUs kNov2023 = 1700000000000000;  // 2023-11-14T22:13:20Z

ss::SyslogLineParser syslog_parser(ss::TimeUs reference = kNov2023, std::string zone = {}, bool require_time = true) {
  ss::ParserOptions options;
  options.format = "syslog";
  options.reference_time = reference;
  options.timezone = std::move(zone);
  options.require_time = require_time;
  return ss::SyslogLineParser(options);
}

ss::TimeUs at(std::string_view rfc3339) { return *ss::parse_rfc3339(rfc3339); }

}  // namespace

TEST_CASE("syslog: RFC 3164 with and without PRI", "[ingest]") {
  auto p = syslog_parser();
  CHECK(p.format_name() == "syslog");
  CHECK(event(p, "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8") ==
        R"({"ts":"2023-10-11T22:14:15.000Z","host":"mymachine","app":"su","pid":123,"facility":"auth",)"
        R"("severity":"crit","message":"'su root' failed for lonvick on /dev/pts/8"})");
  CHECK(event(p, "Nov  1 09:00:55 host kernel: [ 0.000000] Linux version") ==
        R"({"ts":"2023-11-01T09:00:55.000Z","host":"host","app":"kernel","message":"[ 0.000000] Linux version"})");
  CHECK(event(p, "Nov 1 09:00:55.250 host CRON[0042]:  two spaces kept") ==
        R"({"ts":"2023-11-01T09:00:55.250Z","host":"host","app":"CRON","pid":42,"message":" two spaces kept"})");
  CHECK(
      event(p, "<0>Nov 14 01:02:03 h app[7]") ==
      R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"app","pid":7,"facility":"kern","severity":"emerg","message":""})");
  CHECK(event(p, "<191>Nov 14 01:02:03 h x") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","facility":"local7","severity":"debug","message":"x"})");
}

TEST_CASE("syslog: RFC 3164 tags", "[ingest]") {
  auto p = syslog_parser();
  CHECK(
      event(p, "Nov 14 01:02:03 h sshd(pam_unix)[19939]: authentication failure") ==
      R"~({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"sshd(pam_unix)","pid":19939,"message":"authentication failure"})~");
  CHECK(event(p, "Nov 14 01:02:03 h com.apple.xpc.launchd[1] (com.apple.x[33438]): Service exited") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"com.apple.xpc.launchd","pid":1,)"
        R"("message":"(com.apple.x[33438]): Service exited"})");
  CHECK(
      event(p, "Nov 14 01:02:03 h Microsoft Word[14463]: Cocoa scripting error") ==
      R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"Microsoft Word","pid":14463,"message":"Cocoa scripting error"})");
  // Without a tag the rest is all message.
  CHECK(event(p, "Nov 14 01:02:03 h last message repeated 2 times") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","message":"last message repeated 2 times"})");
  CHECK(event(p, "Nov 14 01:02:03 h syslogd 1.4.1: restart.") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","message":"syslogd 1.4.1: restart."})");
  CHECK(event(p, "Nov 14 01:02:03 h text [12] more") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","message":"text [12] more"})");
  CHECK(event(p, "Nov 14 01:02:03 h app[x1]: m") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","message":"app[x1]: m"})");
  CHECK(event(p, "Nov 14 01:02:03 h") == R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","message":""})");
  CHECK(bad_reason(p, "Nov 14 01:02:03") == "expected a host name");
  CHECK(bad_reason(p, "Nov 14 01:02:03  ") == "expected a host name");
}

TEST_CASE("syslog: rsyslog's precise RFC 3339 time in RFC 3164 lines", "[ingest]") {
  auto p = syslog_parser();
  CHECK(event(p, "2024-01-01T10:00:00.123456+01:00 web nginx[9]: up") ==
        R"({"ts":"2024-01-01T09:00:00.123456Z","host":"web","app":"nginx","pid":9,"message":"up"})");
  CHECK(bad_reason(p, "2024-13-01T10:00:00Z web nginx[9]: up") == "unparseable time \"2024-13-01T10:00:00Z\"");
}

TEST_CASE("syslog: RFC 5424 with structured data", "[ingest]") {
  auto p = syslog_parser();
  CHECK(event(p,
              "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
              "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
              "\xEF\xBB\xBF"
              "An application event log entry...") ==
        R"({"ts":"2003-10-11T22:14:15.003Z","host":"mymachine.example.com","app":"evntslog","facility":"local4",)"
        R"("severity":"notice","msgid":"ID47","structured_data":{"exampleSDID@32473":{"iut":"3",)"
        R"("eventSource":"Application","eventID":"1011"}},"message":"An application event log entry..."})");
  CHECK(
      event(p, "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.") ==
      R"({"ts":"2003-08-24T12:14:15.000003Z","host":"192.0.2.1","app":"myproc","pid":8710,"facility":"local4",)"
      R"("severity":"notice","message":"%% It's time to make the do-nuts."})");
  CHECK(event(p, R"(<13>1 2024-01-01T00:00:00Z - - - - [a@1 k="x\"y\]z\\w\q"][b@2][c@3 e=""])") ==
        R"({"ts":"2024-01-01T00:00:00.000Z","facility":"user","severity":"notice",)"
        R"("structured_data":{"a@1":{"k":"x\"y]z\\w\\q"},"b@2":{},"c@3":{"e":""}}})");
  CHECK(event(p, "<13>1 2024-01-01T00:00:00Z h a p-1 - -") ==
        R"({"ts":"2024-01-01T00:00:00.000Z","host":"h","app":"a","pid":"p-1","facility":"user","severity":"notice"})");
}

TEST_CASE("syslog: bad lines say why", "[ingest]") {
  auto p = syslog_parser();
  CHECK(bad_reason(p, "<192>Oct 11 22:14:15 h x") == "bad PRI");
  CHECK(bad_reason(p, "<1x>Oct 11 22:14:15 h x") == "bad PRI");
  CHECK(bad_reason(p, "<>Oct 11 22:14:15 h x") == "bad PRI");
  CHECK(bad_reason(p, "Okt 11 22:14:15 h x") == "expected a syslog timestamp");
  CHECK(bad_reason(p, "Oct 11 22:14 h x") == "expected a syslog timestamp");
  CHECK(bad_reason(p, "hello world") == "expected a syslog timestamp");
  CHECK(bad_reason(p, "Feb 30 22:14:15 h x") == "unparseable time \"Feb 30 22:14:15\"");
  CHECK(bad_reason(p, "<13>1 - h a - - - msg") == "no time");
  CHECK(bad_reason(p, "<13>1 2024-01-01T00:00:00Z h a") == "expected the RFC 5424 header fields");
  // Structured data that is not strict is kept as written, not bad.
  const std::string head = R"({"ts":"2024-01-01T00:00:00.000Z","host":"h","app":"a","facility":"user",)"
                           R"("severity":"notice",)";
  CHECK(event(p, R"(<13>1 2024-01-01T00:00:00Z h a - - [ k="v"] m)") ==
        head + R"("structured_data_raw":"[ k=\"v\"]","message":"m"})");
  CHECK(event(p, R"(<13>1 2024-01-01T00:00:00Z h a - - [a@1 k="v] m)") ==
        head + R"("structured_data_raw":"[a@1 k=\"v]","message":"m"})");
  CHECK(event(p, R"(<13>1 2024-01-01T00:00:00Z h a - - [a@1 k=v] m)") ==
        head + R"("structured_data_raw":"[a@1 k=v]","message":"m"})");
  CHECK(event(p, R"(<13>1 2024-01-01T00:00:00Z h a - - [a@1]m)") == head + R"("structured_data_raw":"[a@1]m"})");
  CHECK(bad_reason(p, "<13>1 yesterday h a - - - m") == "unparseable time \"yesterday\"");
  CHECK(parse_line(p, "").status == ParseStatus::skip);
  auto lenient = syslog_parser(kNov2023, {}, false);
  CHECK(event(lenient, "<13>1 - h a - - - msg") ==
        R"({"host":"h","app":"a","facility":"user","severity":"notice","message":"msg"})");
}

TEST_CASE("syslog: an RFC 5424 line that ends before its structured data is bad and read no further", "[ingest]") {
  auto p = syslog_parser();
  // The line ends with the space after MSGID. The byte after it, a '-' here as it may be
  // in a reader's buffer, must not be taken for nil structured data.
  const std::string buffer = "<13>1 2024-01-01T00:00:00Z h a - - -";
  const std::string_view line = std::string_view(buffer).substr(0, buffer.size() - 1);
  CHECK(bad_reason(p, line) == "expected the RFC 5424 header fields");
}

TEST_CASE("syslog: RFC 3164 year comes from the reference time and never goes back", "[ingest]") {
  // Read on 5 January 2024: December lines are from 2023, January ones from 2024.
  auto p = syslog_parser(at("2024-01-05T12:00:00Z"));
  CHECK(event(p, "Dec 30 23:59:58 h a: x").substr(0, 32) == R"({"ts":"2023-12-30T23:59:58.000Z")");
  CHECK(event(p, "Dec 31 23:59:59 h a: x").substr(0, 32) == R"({"ts":"2023-12-31T23:59:59.000Z")");
  CHECK(event(p, "Jan  1 00:00:01 h a: x").substr(0, 32) == R"({"ts":"2024-01-01T00:00:01.000Z")");
  // A straggler from December after the turn of the year stays in December 2023.
  CHECK(event(p, "Dec 31 23:59:59 h a: x").substr(0, 32) == R"({"ts":"2023-12-31T23:59:59.000Z")");
  CHECK(event(p, "Jan  2 00:00:00 h a: x").substr(0, 32) == R"({"ts":"2024-01-02T00:00:00.000Z")");

  // Read in March 2024, a file from December 2023 through February 2024.
  auto q = syslog_parser(at("2024-03-01T00:00:00Z"));
  CHECK(event(q, "Dec 30 10:00:00 h a: x").substr(0, 32) == R"({"ts":"2023-12-30T10:00:00.000Z")");
  CHECK(event(q, "Feb 28 10:00:00 h a: x").substr(0, 32) == R"({"ts":"2024-02-28T10:00:00.000Z")");
  // A line that would land past the reference is from the year before, and so are the
  // lines after it; the year goes up again at New Year.
  CHECK(event(q, "Jul  1 10:00:00 h a: x").substr(0, 32) == R"({"ts":"2023-07-01T10:00:00.000Z")");
  CHECK(event(q, "Dec 31 10:00:00 h a: x").substr(0, 32) == R"({"ts":"2023-12-31T10:00:00.000Z")");
  CHECK(event(q, "Jan  1 10:00:00 h a: x").substr(0, 32) == R"({"ts":"2024-01-01T10:00:00.000Z")");
}

TEST_CASE("syslog: a fixed year, and a zone for the local times", "[ingest]") {
  ss::ParserOptions options;
  options.format = "syslog";
  options.syslog_year = 2005;
  options.timezone = "America/New_York";
  ss::SyslogLineParser p(options);
  CHECK(event(p, "Jun 14 15:16:01 combo sshd[1]: x").substr(0, 32) == R"({"ts":"2005-06-14T19:16:01.000Z")");
  CHECK(event(p, "Jan 14 15:16:01 combo sshd[1]: x").substr(0, 32) == R"({"ts":"2005-01-14T20:16:01.000Z")");
  // RFC 5424 times carry their offset; the zone does not apply.
  CHECK(event(p, "<13>1 2024-01-01T00:00:00Z h a - - - m").substr(0, 32) == R"({"ts":"2024-01-01T00:00:00.000Z")");
  options.time_format = "%b %d %H:%M:%S";
  CHECK(ss::test::usage_message(options) ==
        "syslog times are read in their own format: --time-format does not apply to --format syslog");
}

TEST_CASE("syslog: RFC 3164 without a host name, as received off the network", "[ingest]") {
  auto p = syslog_parser();
  CHECK(event(p, "<134>Nov 14 01:02:03 nginx[812]: worker started") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","app":"nginx","pid":812,"facility":"local0","severity":"info",)"
        R"("message":"worker started"})");
  CHECK(event(p, "Nov 14 01:02:03 nginx[812]: worker started") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","app":"nginx","pid":812,"message":"worker started"})");
  CHECK(event(p, "Nov 14 01:02:03 cron: (root) CMD (true)") ==
        R"~({"ts":"2023-11-14T01:02:03.000Z","app":"cron","message":"(root) CMD (true)"})~");
  CHECK(event(p, "Nov 14 01:02:03 nginx[812] no colon") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","app":"nginx","pid":812,"message":"no colon"})");
  // With a host, as before.
  CHECK(event(p, "Nov 14 01:02:03 web1 cron: x") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"web1","app":"cron","message":"x"})");
}

TEST_CASE("syslog: message repeated N times is one event with a repeat count", "[ingest]") {
  auto p = syslog_parser();
  CHECK(event(p, "Nov 14 01:02:03 h sshd[7]: message repeated 3 times: [ Failed password for root]") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"sshd","pid":7,"message":"Failed password for root",)"
        R"("repeat":3})");
  CHECK(event(p, "Nov 14 01:02:03 h sshd[7]: message repeated many times: [ x]") ==
        R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"sshd","pid":7,)"
        R"("message":"message repeated many times: [ x]"})");
}

TEST_CASE("syslog: RFC 5424 structured data that is not strict keeps the event, leniently", "[ingest]") {
  auto p = syslog_parser();
  ss::test::Parsed r = ss::test::parse_line(p, R"(<165>1 2023-11-14T01:02:03Z h a - - [m x=1 y="2"] msg)");
  CHECK(r.status == ParseStatus::ok);
  CHECK(r.out == R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"a","facility":"local4","severity":"notice",)"
                 R"("structured_data_raw":"[m x=1 y=\"2\"]","message":"msg"})");
  std::string out;
  CHECK(p.parse(R"(<165>1 2023-11-14T01:02:03Z h a - - [m x=1])", out).lenient);
  out.clear();
  CHECK(p.parse(R"(<165>1 2023-11-14T01:02:03Z h a - ID1 no sd)", out).lenient);
  CHECK(out == R"({"ts":"2023-11-14T01:02:03.000Z","host":"h","app":"a","facility":"local4","severity":"notice",)"
               R"("msgid":"ID1","message":"no sd"})");
  out.clear();
  CHECK_FALSE(p.parse(R"(<165>1 2023-11-14T01:02:03Z h a - - [m x="1"] msg)", out).lenient);
}
