#include "ss/time/time_format.hpp"

#include <catch2/catch.hpp>

#include "ss/base/error.hpp"

namespace {

/// The parse result as RFC 3339 text with microseconds, or "none".
std::string parsed(const ss::TimeFormat& format, std::string_view text) {
  const auto t = format.parse(text);
  return t ? ss::format_rfc3339(*t, 6) : "none";
}

std::string parsed(std::string_view spec, std::string_view text, std::string_view zone = {}) {
  return parsed(ss::TimeFormat(spec, zone), text);
}

bool usage_error(std::string_view spec, std::string_view zone = {}) {
  try {
    ss::TimeFormat format(spec, zone);
  } catch (const ss::Error& e) {
    return e.kind() == ss::ErrorKind::usage;
  }
  return false;
}

}  // namespace

TEST_CASE("rfc3339 reads any offset, with or without a colon, and 0-9 fraction digits", "[time_format]") {
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01Z") == "2026-11-23T10:00:01.000000Z");
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01.123Z") == "2026-11-23T10:00:01.123000Z");
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01.123456789Z") == "2026-11-23T10:00:01.123456Z");
  CHECK(parsed("rfc3339", "2026-11-23T15:30:01+05:30") == "2026-11-23T10:00:01.000000Z");
  CHECK(parsed("rfc3339", "2026-11-23T02:00:01-0800") == "2026-11-23T10:00:01.000000Z");
  CHECK(parsed("rfc3339", "2026-11-23 10:00:01.5z") == "2026-11-23T10:00:01.500000Z");
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01") == "2026-11-23T10:00:01.000000Z");
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01.25") == "2026-11-23T10:00:01.250000Z");
  CHECK(parsed("rfc3339", "2026-02-30T10:00:01Z") == "none");
  CHECK(parsed("rfc3339", "2026-11-23T10:00:01Zjunk") == "none");
  CHECK(parsed("rfc3339", "1700000000") == "none");
}

TEST_CASE("auto reads RFC 3339 text and epoch numbers by magnitude", "[time_format]") {
  CHECK(parsed("auto", "2026-11-23T10:00:01.123Z") == "2026-11-23T10:00:01.123000Z");
  CHECK(parsed("", "1700000000") == "2023-11-14T22:13:20.000000Z");
  CHECK(parsed("", "1700000000123") == "2023-11-14T22:13:20.123000Z");
  CHECK(parsed("", "1700000000123456") == "2023-11-14T22:13:20.123456Z");
  CHECK(parsed("", "1700000000123456789") == "2023-11-14T22:13:20.123456Z");
  CHECK(parsed("", "1700000000.25") == "2023-11-14T22:13:20.250000Z");
  CHECK(parsed("", "1.7e9") == "2023-11-14T22:13:20.000000Z");
  CHECK(parsed("", "yesterday") == "none");
  const ss::TimeFormat format;
  CHECK(format.from_number(int64_t{1700000000}) == 1700000000000000);
  CHECK(format.from_number(1700000000.5) == 1700000000500000);
  CHECK(format.from_number(int64_t{1700000000123}) == 1700000000123000);
}

TEST_CASE("epoch formats fix the unit and keep fractions exactly", "[time_format]") {
  CHECK(parsed("epoch", "1131566461") == "2005-11-09T20:01:01.000000Z");
  CHECK(parsed("epoch_ms", "1131566461") == "1970-01-14T02:19:26.461000Z");
  CHECK(parsed("epoch_ms", "1700000000123.456") == "2023-11-14T22:13:20.123456Z");
  CHECK(parsed("epoch_us", "1700000000123456") == "2023-11-14T22:13:20.123456Z");
  CHECK(parsed("epoch_ns", "1700000000123456789") == "2023-11-14T22:13:20.123456Z");
  CHECK(parsed("epoch", "-1.5") == "1969-12-31T23:59:58.500000Z");
  CHECK(parsed("epoch", "12abc") == "none");
  CHECK(parsed("epoch", "99999999999999999999") == "none");
  CHECK(ss::TimeFormat("epoch_ms").from_number(int64_t{1700000000123}) == 1700000000123000);
  CHECK(ss::TimeFormat("epoch_s").from_number(1.5) == 1500000);
  CHECK_FALSE(ss::TimeFormat("rfc3339").from_number(int64_t{1700000000}));
  CHECK_FALSE(ss::TimeFormat("%F").from_number(int64_t{1700000000}));
}

TEST_CASE("clf reads Apache times with their offset", "[time_format]") {
  CHECK(parsed("clf", "10/Oct/2000:13:55:36 -0700") == "2000-10-10T20:55:36.000000Z");
  CHECK(parsed("clf", "17/May/2015:10:05:03 +0000") == "2015-05-17T10:05:03.000000Z");
  CHECK(parsed("clf", "17/may/2015:10:05:03 +02:00") == "2015-05-17T08:05:03.000000Z");
  CHECK(parsed("clf", "17/May/2015:10:05:03") == "2015-05-17T10:05:03.000000Z");
  CHECK(parsed("clf", "17/Mai/2015:10:05:03 +0000") == "none");
  CHECK(parsed("clf", "32/May/2015:10:05:03 +0000") == "none");
  CHECK(parsed("clf", "17/May/2015:10:05:03 +0000]") == "none");
}

TEST_CASE("strptime-style patterns read the loghub layouts", "[time_format]") {
  CHECK(parsed("%Y-%m-%d %H:%M:%S,%f", "2015-10-18 18:01:47,978") == "2015-10-18T18:01:47.978000Z");
  CHECK(parsed("%y%m%d %H%M%S", "081109 203615") == "2008-11-09T20:36:15.000000Z");
  CHECK(parsed("%y%m%d", "690101") == "1969-01-01T00:00:00.000000Z");
  CHECK(parsed("%a %b %d %H:%M:%S %Y", "Sun Dec 04 04:47:44 2005") == "2005-12-04T04:47:44.000000Z");
  CHECK(parsed("%A, %d %B %Y %T", "Sunday, 04 december 2005 04:47:44") == "2005-12-04T04:47:44.000000Z");
  CHECK(parsed("%Y.%m.%d-%H.%M.%S.%f", "2005-06-03-15.42.50.675872") == "none");
  CHECK(parsed("%Y-%m-%d-%H.%M.%S.%f", "2005-06-03-15.42.50.675872") == "2005-06-03T15:42:50.675872Z");
  CHECK(parsed("%Y%m%d-%H:%M:%S:%f", "20171223-22:15:29:606") == "2017-12-23T22:15:29.606000Z");
  CHECK(parsed("%F %T.%f", "2017-05-16 00:00:00.008") == "2017-05-16T00:00:00.008000Z");
  CHECK(parsed("%F %T.%f", "2017-05-16 00:00:00.123456789") == "2017-05-16T00:00:00.123456Z");
  CHECK(parsed("%F %T.%f", "2017-05-16 00:00:00.1234567890") == "none");
  CHECK(parsed("%e/%m/%Y", " 1/02/2024") == "2024-02-01T00:00:00.000000Z");
  CHECK(parsed("%d %b %Y 100%%", "29 Feb 2024 100%") == "2024-02-29T00:00:00.000000Z");
  CHECK(parsed("%d %b %Y", "29 Feb 2023") == "none");
  CHECK(parsed("%Y %j", "2024 366") == "2024-12-31T00:00:00.000000Z");
  CHECK(parsed("%Y %j", "2023 366") == "none");
}

TEST_CASE("pattern offsets: +hhmm, +hh:mm, +hh, Z and UTC names", "[time_format]") {
  CHECK(parsed("%F %T%z", "2024-01-01 12:00:00+0530") == "2024-01-01T06:30:00.000000Z");
  CHECK(parsed("%F %T%z", "2024-01-01 12:00:00+05:30") == "2024-01-01T06:30:00.000000Z");
  CHECK(parsed("%F %T%z", "2024-01-01 12:00:00-08") == "2024-01-01T20:00:00.000000Z");
  CHECK(parsed("%F %T%z", "2024-01-01 12:00:00Z") == "2024-01-01T12:00:00.000000Z");
  CHECK(parsed("%F %T %Z", "2024-01-01 12:00:00 GMT") == "2024-01-01T12:00:00.000000Z");
  CHECK(parsed("%F %T %Z", "2024-01-01 12:00:00 UTC") == "2024-01-01T12:00:00.000000Z");
  CHECK(parsed("%F %T %Z", "2024-01-01 12:00:00 CET") == "none");
  // A named offset wins over the zone.
  CHECK(parsed("%F %T%z", "2024-01-01 12:00:00+0000", "Europe/Berlin") == "2024-01-01T12:00:00.000000Z");
}

TEST_CASE("pattern %s, %p and white space", "[time_format]") {
  CHECK(parsed("%s", "1131566461") == "2005-11-09T20:01:01.000000Z");
  CHECK(parsed("%s.%f", "1131566461.25") == "2005-11-09T20:01:01.250000Z");
  CHECK(parsed("%F %I:%M %p", "2024-01-01 12:30 AM") == "2024-01-01T00:30:00.000000Z");
  CHECK(parsed("%F %I:%M %p", "2024-01-01 12:30 PM") == "2024-01-01T12:30:00.000000Z");
  CHECK(parsed("%F %I:%M %p", "2024-01-01 01:05 pm") == "2024-01-01T13:05:00.000000Z");
  CHECK(parsed("%F %I:%M %p", "2024-01-01 13:05 pm") == "none");
  CHECK(parsed("%b %d %Y %T", "Jul  1 2024 09:00:55") == "2024-07-01T09:00:55.000000Z");
  // A month by its full name or its first three letters, in any case; three letters
  // followed by other letters are the month and then text that must match the format.
  CHECK(parsed("%b %d %Y", "September 3 2024") == "2024-09-03T00:00:00.000000Z");
  CHECK(parsed("%b %d %Y", "sEP 3 2024") == "2024-09-03T00:00:00.000000Z");
  CHECK(parsed("%b%d %Y", "May3 2024") == "2024-05-03T00:00:00.000000Z");
  CHECK(parsed("%bx %d %Y", "Sepx 3 2024") == "2024-09-03T00:00:00.000000Z");
  CHECK(parsed("%b %d %Y", "Sept 3 2024") == "none");
  CHECK(parsed("%b %d %Y", "Xyz 3 2024") == "none");
  CHECK(parsed("%b %d %Y", "Se") == "none");
  // A CLF time always carries its year: EventTimeReader reuses results by text alone.
  const auto clf = ss::parse_clf_fields("10/Oct/2000:13:55:36 -0700");
  REQUIRE(clf);
  CHECK(clf->has_year);
  CHECK(clf->year == 2000);
  CHECK(parsed("%b %d %Y %T", "Jul 1 2024\t09:00:55") == "2024-07-01T09:00:55.000000Z");
  CHECK(parsed("%F", "2024-07-01 ") == "none");
}

TEST_CASE("a pattern without a year splits into fields and leaves the year to the caller", "[time_format]") {
  const ss::TimeFormat format("%b %e %H:%M:%S");
  CHECK(format.lacks_year());
  CHECK_FALSE(format.parse("Jun 14 15:16:01"));
  auto fields = format.parse_fields("Jun  4 15:16:01");
  REQUIRE(fields);
  CHECK_FALSE(fields->has_year);
  CHECK(fields->month == 6);
  CHECK(fields->day == 4);
  fields->year = 2005;
  CHECK(ss::format_rfc3339(*format.to_utc(*fields)) == "2005-06-04T15:16:01.000Z");
  CHECK_FALSE(ss::TimeFormat("%F %T").lacks_year());
  CHECK_FALSE(ss::TimeFormat("%s").lacks_year());
}

TEST_CASE("bad time format specs and zones are usage errors", "[time_format]") {
  CHECK(usage_error("iso"));
  CHECK(usage_error("%Y-%m-%d %Q"));
  CHECK(usage_error("%H:%M:%S"));
  CHECK(usage_error("%j"));
  CHECK(usage_error("%Y-%m-%d %"));
  CHECK(usage_error("rfc3339", "Mars/Olympus_Mons"));
  try {
    ss::TimeFormat format("rfc3339", "Europe/Berln");
    FAIL("no error");
  } catch (const ss::Error& e) {
    CHECK(std::string(e.what()).find("Europe/Berln") != std::string::npos);
  }
  CHECK_FALSE(usage_error("rfc3339", "Europe/Berlin"));
  CHECK(ss::TimeFormat::find_zone("Europe/Berlin") == ss::TimeFormat::find_zone("Europe/Berlin"));
}

TEST_CASE("times without an offset are read in the zone", "[time_format]") {
  const ss::TimeFormat berlin("%F %T", "Europe/Berlin");
  CHECK(berlin.has_zone());
  CHECK(parsed(berlin, "2024-07-01 12:00:00") == "2024-07-01T10:00:00.000000Z");
  CHECK(parsed(berlin, "2024-01-15 12:00:00") == "2024-01-15T11:00:00.000000Z");
  // Back across the transition: the cached period must not be reused.
  CHECK(parsed(berlin, "2024-07-02 12:00:00") == "2024-07-02T10:00:00.000000Z");
  CHECK(parsed(berlin, "2024-03-30 12:00:00") == "2024-03-30T11:00:00.000000Z");
  CHECK(parsed(berlin, "2024-04-01 12:00:00") == "2024-04-01T10:00:00.000000Z");
  CHECK(parsed("rfc3339", "2024-07-01T12:00:00.5", "America/New_York") == "2024-07-01T16:00:00.500000Z");
  CHECK(parsed("clf", "01/Jul/2024:12:00:00", "Asia/Kolkata") == "2024-07-01T06:30:00.000000Z");
}

TEST_CASE("DST gaps map to the transition and overlaps to the earlier instant", "[time_format]") {
  // Europe/Berlin springs forward 2024-03-31 02:00 → 03:00 (01:00Z) and falls back
  // 2024-10-27 03:00 → 02:00 (01:00Z).
  const ss::TimeFormat berlin("%F %T", "Europe/Berlin");
  CHECK(parsed(berlin, "2024-03-31 02:30:00") == "2024-03-31T01:00:00.000000Z");
  CHECK(parsed(berlin, "2024-03-31 03:00:00") == "2024-03-31T01:00:00.000000Z");
  CHECK(parsed(berlin, "2024-03-31 01:59:59") == "2024-03-31T00:59:59.000000Z");
  CHECK(parsed(berlin, "2024-10-27 02:30:00") == "2024-10-27T00:30:00.000000Z");
  CHECK(parsed(berlin, "2024-10-27 03:00:00") == "2024-10-27T02:00:00.000000Z");
  const ss::TimeFormat new_york("%F %T", "America/New_York");
  CHECK(parsed(new_york, "2024-03-10 02:30:00") == "2024-03-10T07:00:00.000000Z");
  CHECK(parsed(new_york, "2024-11-03 01:30:00") == "2024-11-03T05:30:00.000000Z");
}
