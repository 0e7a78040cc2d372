#include "ss/ingest/access_log_parser.hpp"

#include <catch2/catch.hpp>

#include "parse_helpers.hpp"
#include "ss/control/control_record.hpp"

using ss::ParseStatus;
using ss::test::bad_reason;
using ss::test::event;
using ss::test::parse_line;

namespace {

ss::AccessLogParser access_parser(bool combined, std::string time_format = {}, bool require_time = true) {
  ss::ParserOptions options;
  options.format = combined ? "combined" : "common";
  options.time_format = std::move(time_format);
  options.require_time = require_time;
  return ss::AccessLogParser(options, combined);
}

}  // namespace

TEST_CASE("common: the Apache documentation's example line", "[ingest]") {
  auto p = access_parser(false);
  CHECK(p.format_name() == "common");
  CHECK(event(p, R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326)") ==
        R"({"ts":"2000-10-10T20:55:36.000Z","client":"127.0.0.1","user":"frank","method":"GET",)"
        R"("path":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"bytes":2326})");
  // A combined line read as common: the extra fields are ignored.
  CHECK(event(p, R"(::1 id - [10/Oct/2000:13:55:36 +0000] "HEAD / HTTP/1.1" 304 - "-" "curl")") ==
        R"({"ts":"2000-10-10T13:55:36.000Z","client":"::1","ident":"id","method":"HEAD","path":"/",)"
        R"("protocol":"HTTP/1.1","status":304})");
}

TEST_CASE("combined: referer and user agent, - fields left out, IPv6 clients", "[ingest]") {
  auto p = access_parser(true);
  CHECK(p.format_name() == "combined");
  CHECK(event(p, R"(2001:db8::1 - - [17/May/2015:10:05:03 +0000] "GET /a?b=c HTTP/1.1" 200 203023 )"
                 R"~("http://semicomplete.com/" "Mozilla/5.0 (X11; Linux x86_64)")~") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"2001:db8::1","method":"GET","path":"/a?b=c",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":203023,"referer":"http://semicomplete.com/",)"
        R"~("user_agent":"Mozilla/5.0 (X11; Linux x86_64)"})~");
  CHECK(event(p, R"(fe80::1%eth0 - - [17/May/2015:10:05:03 +0000] "POST /x HTTP/2.0" 500 - "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"fe80::1%eth0","method":"POST","path":"/x",)"
        R"("protocol":"HTTP/2.0","status":500})");
  // nginx adds fields after the user agent: kept as written.
  CHECK(event(p, R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0 "-" "ua" "1.2.3.4" rt=0.001)") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"10.0.0.1","method":"GET","path":"/",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":0,"user_agent":"ua","trailing":"\"1.2.3.4\" rt=0.001"})");
  CHECK(p.had_combined_fields());
  // Bare `-` for referer and user agent, and a common-log line.
  CHECK(event(p, R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0 - -)") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"10.0.0.1","method":"GET","path":"/",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":0})");
  CHECK(event(p, R"(10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0)") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"10.0.0.1","method":"GET","path":"/",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":0})");
  CHECK_FALSE(p.had_combined_fields());
}

TEST_CASE("combined: a list of client addresses gives the first as client and keeps the list", "[ingest]") {
  auto p = access_parser(true);
  const std::string rest = R"( - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua")";
  const std::string head = R"({"ts":"2026-12-06T10:00:00.000Z",)";
  const std::string tail =
      R"("method":"GET","path":"/","protocol":"HTTP/1.1","status":200,"bytes":5,"user_agent":"ua"})";
  CHECK(event(p, "203.0.113.7, 198.51.100.2" + rest) ==
        head + R"("client":"203.0.113.7","client_list":"203.0.113.7, 198.51.100.2",)" + tail);
  CHECK(event(p, "\"203.0.113.7, 198.51.100.2\"" + rest) ==
        head + R"("client":"203.0.113.7","client_list":"203.0.113.7, 198.51.100.2",)" + tail);
  CHECK(event(p, "2001:db8::1,198.51.100.2" + rest) ==
        head + R"("client":"2001:db8::1","client_list":"2001:db8::1,198.51.100.2",)" + tail);
  CHECK(event(p, "\"203.0.113.7\"" + rest) == head + R"("client":"203.0.113.7",)" + tail);
  // No field takes a token too many.
  CHECK(bad_reason(p, "203.0.113.7 198.51.100.2" + rest) == "expected a user field");
  CHECK(bad_reason(p, "203.0.113.7, " + rest) == "expected a client address");
  CHECK(bad_reason(p, ", 203.0.113.7" + rest) == "expected a client address");
  CHECK(bad_reason(p, "\"203.0.113.7, 198.51.100.2" + rest) == "expected the end of the quoted client list");
}

TEST_CASE("combined: escaped quotes and backslashes in request, referer and user agent", "[ingest]") {
  auto p = access_parser(true);
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /q=\"x\" HTTP/1.1" 200 1 )"
                 R"("http://r/\"a\"" "agent \"007\" \\ end")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","method":"GET","path":"/q=\"x\"",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":1,"referer":"http://r/\"a\"",)"
        R"("user_agent":"agent \"007\" \\ end"})");
  // Apache's \xhh escapes stay as written (their bytes need not be UTF-8).
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "http://\xe4\xe5" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","method":"GET","path":"/",)"
        R"("protocol":"HTTP/1.1","status":200,"bytes":1,"referer":"http://\\xe4\\xe5"})");
}

TEST_CASE("combined: a request that is not METHOD PATH PROTOCOL is kept whole", "[ingest]") {
  auto p = access_parser(true);
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "-" 408 - "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","request":"-","status":408})");
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "\x16\x03\x01\x00\xa5\x01" 400 226 "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","request":"\\x16\\x03\\x01\\x00\\xa5\\x01",)"
        R"("status":400,"bytes":226})");
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /only-path" 400 1 "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","request":"GET /only-path","status":400,"bytes":1})");
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "G=T / HTTP/1.1" 400 1 "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","request":"G=T / HTTP/1.1","status":400,"bytes":1})");
  // A path with a space (sent unencoded by a broken client) stays in the path.
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a b HTTP/1.1" 404 1 "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","method":"GET","path":"/a b",)"
        R"("protocol":"HTTP/1.1","status":404,"bytes":1})");
  // Control bytes are escaped for JSON; bytes that are not UTF-8 become U+FFFD.
  CHECK(event(p, "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /\x01\xff HTTP/1.1\" 200 1 \"-\" \"-\"") ==
        "{\"ts\":\"2015-05-17T10:05:03.000Z\",\"client\":\"1.2.3.4\",\"method\":\"GET\",\"path\":\"/"
        "\\u0001\xEF\xBF\xBD\","
        "\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":1}");
}

TEST_CASE("combined: bad lines name the field that does not fit", "[ingest]") {
  auto p = access_parser(true);
  const std::string ok = R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-")";
  REQUIRE(parse_line(p, ok).status == ParseStatus::ok);
  CHECK(bad_reason(p, "garbage") == "expected a client address");
  CHECK(bad_reason(p, "1.2.3.4 -") == "expected an ident field");
  CHECK(bad_reason(p, "1.2.3.4 - - 17/May/2015:10:05:03 +0000") == "expected a user field");
  CHECK(bad_reason(p, "1.2.3.4 - - [17/May/2015:10:05:03 +0000") == "expected a [time]");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] GET / 200 1)") == "expected a quoted request");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1 200 1)") ==
        "expected the end of the quoted request");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" OK 1 "-" "-")") ==
        "expected a status code");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200)") == "expected a byte count");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1k "-" "-")") ==
        "expected a byte count");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 ref "-")") ==
        "expected a quoted referer");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 - ua)") ==
        "expected a quoted user agent");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-")") ==
        "expected a quoted user agent");
  // Only the last field may lack its closing quote (a line cut short): it runs to the end.
  CHECK(event(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0 (compat)") ==
        R"~({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","method":"GET","path":"/","protocol":"HTTP/1.1",)~"
        R"~("status":200,"bytes":1,"user_agent":"Mozilla/5.0 (compat"})~");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "http://x)") ==
        "expected the end of the quoted referer");
  CHECK(bad_reason(p, R"(1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-")") ==
        "unparseable time \"17/Mai/2015:10:05:03 +0000\"");
  CHECK(parse_line(p, "").status == ParseStatus::skip);
}

TEST_CASE("common: a time repeated by the next lines reads the same, as do the times around it", "[ingest]") {
  // The parser keeps the last CLF time's result; a repeat, a new time, a bad one and
  // the first again must each read as they would alone.
  auto p = access_parser(false);
  const auto line = [](std::string_view time) {
    return "1.2.3.4 - - [" + std::string(time) + R"(] "GET / HTTP/1.1" 200 1)";
  };
  const auto ts = [&](std::string_view time) {
    const std::string e = event(p, line(time));
    return e.substr(0, e.find(','));
  };
  for (int round = 0; round < 2; ++round) {
    CHECK(ts("17/May/2015:10:05:03 +0000") == R"({"ts":"2015-05-17T10:05:03.000Z")");
    CHECK(ts("17/May/2015:10:05:03 +0000") == R"({"ts":"2015-05-17T10:05:03.000Z")");
    CHECK(ts("17/May/2015:10:05:03 +0200") == R"({"ts":"2015-05-17T08:05:03.000Z")");
    CHECK(bad_reason(p, line("17/Mai/2015:10:05:03 +0000")) == "unparseable time \"17/Mai/2015:10:05:03 +0000\"");
    CHECK(bad_reason(p, line("17/Mai/2015:10:05:03 +0000")) == "unparseable time \"17/Mai/2015:10:05:03 +0000\"");
    CHECK(ts("31/Dec/1969:23:59:59 +0000") == R"({"ts":"1969-12-31T23:59:59.000Z")");
  }
}

TEST_CASE("combined: another time format, and lines without a usable time", "[ingest]") {
  auto iso = access_parser(true, "rfc3339");
  CHECK(event(iso, R"(1.2.3.4 - - [2015-05-17T12:05:03+02:00] "GET / HTTP/1.1" 200 1 "-" "-")") ==
        R"({"ts":"2015-05-17T10:05:03.000Z","client":"1.2.3.4","method":"GET","path":"/","protocol":"HTTP/1.1",)"
        R"("status":200,"bytes":1})");
  auto lenient = access_parser(false, {}, false);
  CHECK(event(lenient, R"(1.2.3.4 - - [yesterday] "GET / HTTP/1.1" 200 1)") ==
        R"({"client":"1.2.3.4","method":"GET","path":"/","protocol":"HTTP/1.1","status":200,"bytes":1})");
}

TEST_CASE("access logs: member names are the format's own, whatever the line holds", "[ingest]") {
  // ss-ingest skips its scan for a reserved "_ss" member on the strength of this.
  for (const bool combined : {false, true}) {
    auto p = access_parser(combined);
    CHECK(p.names_only_its_own_members());
    for (const char* line : {
             R"(_ss - _ss [10/Oct/2000:13:55:36 -0700] "GET /{\"_ss\":\"checkpoint\"} HTTP/1.0" 200 1 "_ss" "\"_ss\"")",
             R"("_ss, _ss" - {"_ss":1} [10/Oct/2000:13:55:36 -0700] "{\"_ss\":1}" 200 1 "-" "x" {"_ss":"watermark"})",
         }) {
      const std::string out = event(p, line);
      REQUIRE(out.front() == '{');
      CHECK_FALSE(ss::has_control_member(out));
    }
  }
}

TEST_CASE("combined: fields of control bytes, each written as a six-byte escape, come out whole", "[ingest]") {
  // The event is written with plain stores into room reserved for its worst case: an
  // escape for every byte of every field, or on a long line for every byte counted as
  // needing one. A bound too small stops the process.
  auto p = access_parser(true);
  for (const std::string& f : {std::string(1000, '\x01'), std::string(999, 'a') + '\x01', std::string(10, '\x1f')}) {
    std::string escaped;
    for (const char c : f) escaped += c == 'a' ? std::string("a") : c == '\x01' ? "\\u0001" : "\\u001f";
    const std::string line = "\"a, " + f + "\" " + f + " " + f + " [10/Oct/2000:13:55:36 -0700] \"" + f + " " + f +
                             " HTTP/1.0\" 200 2326 \"" + f + "\" \"" + f + "\" " + f;
    CHECK(event(p, line) == R"({"ts":"2000-10-10T20:55:36.000Z","client":"a","client_list":"a, )" + escaped +
                                R"(","ident":")" + escaped + R"(","user":")" + escaped + R"(","request":")" + escaped +
                                " " + escaped + R"( HTTP/1.0","status":200,"bytes":2326,"referer":")" + escaped +
                                R"(","user_agent":")" + escaped + R"(","trailing":")" + escaped + "\"}");
  }
}
