#include "ss/time/timestamp.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

using ss::TimeUnit;
using ss::TimeUs;

namespace {

constexpr TimeUs kSecond = 1000000;
// 2026-11-23T10:00:01Z
constexpr TimeUs kRef = 1795428001LL * kSecond;

}  // namespace

TEST_CASE("days_from_civil and civil_from_days are inverse over many centuries", "[core][time]") {
  CHECK(ss::days_from_civil(1970, 1, 1) == 0);
  CHECK(ss::days_from_civil(2000, 3, 1) == 11017);
  CHECK(ss::days_from_civil(1969, 12, 31) == -1);
  for (int64_t day = -800000; day <= 800000; day += 997) {
    int64_t y;
    unsigned m, d;
    ss::civil_from_days(day, y, m, d);
    INFO("day " << day);
    REQUIRE(ss::days_from_civil(y, m, d) == day);
  }
}

TEST_CASE("parse_rfc3339 reads UTC times with Z or z", "[core][time]") {
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01Z") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01z") == kRef);
  CHECK(ss::parse_rfc3339("1970-01-01T00:00:00Z") == 0);
}

TEST_CASE("parse_rfc3339 accepts a lowercase t and a space as the date-time separator", "[core][time]") {
  CHECK(ss::parse_rfc3339("2026-11-23t10:00:01Z") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23 10:00:01Z") == kRef);
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23_10:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23x10:00:01Z"));
}

TEST_CASE("parse_rfc3339 applies numeric offsets with and without a colon", "[core][time]") {
  // 15:30:01+05:30 is 10:00:01 UTC.
  CHECK(ss::parse_rfc3339("2026-11-23T15:30:01+05:30") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T15:30:01+0530") == kRef);
  // 02:00:01-08:00 is 10:00:01 UTC.
  CHECK(ss::parse_rfc3339("2026-11-23T02:00:01-0800") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T02:00:01-08:00") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01+00:00") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01-00:00") == kRef);
  // An offset can move the date across midnight and the year boundary.
  CHECK(ss::parse_rfc3339("2027-01-01T01:00:00+02:00") == ss::parse_rfc3339("2026-12-31T23:00:00Z"));
}

TEST_CASE("parse_rfc3339 rejects malformed offsets", "[core][time]") {
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+05"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+5:30"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+05:3"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+24:00"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+05:60"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01"));  // no offset at all
}

TEST_CASE("parse_rfc3339 reads 0 to 9 fraction digits and truncates beyond microseconds", "[core][time]") {
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.1Z") == kRef + 100000);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.12Z") == kRef + 120000);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.123Z") == kRef + 123000);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.1234Z") == kRef + 123400);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.12345Z") == kRef + 123450);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.123456Z") == kRef + 123456);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.1234567Z") == kRef + 123456);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.12345678Z") == kRef + 123456);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.123456789Z") == kRef + 123456);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.999999999Z") == kRef + 999999);
  CHECK(ss::parse_rfc3339("2026-11-23T10:00:01.000000Z") == kRef);
  CHECK(ss::parse_rfc3339("2026-11-23T15:30:01.5+05:30") == kRef + 500000);
}

TEST_CASE("parse_rfc3339 rejects an empty fraction and more than nine fraction digits", "[core][time]") {
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01.Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01.1234567890Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01,123Z"));
}

TEST_CASE("parse_rfc3339 knows leap days", "[core][time]") {
  CHECK(ss::parse_rfc3339("2024-02-29T00:00:00Z") == 1709164800LL * kSecond);
  CHECK(ss::parse_rfc3339("2000-02-29T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2023-02-29T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("1900-02-29T00:00:00Z"));  // not a leap year: divisible by 100
  CHECK_FALSE(ss::parse_rfc3339("2024-02-30T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-04-31T00:00:00Z"));
}

TEST_CASE("parse_rfc3339 rejects out-of-range fields", "[core][time]") {
  CHECK_FALSE(ss::parse_rfc3339("2026-13-01T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-00-01T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-01-00T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-01-32T00:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-01-01T24:00:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-01-01T00:60:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-01-01T00:00:61Z"));
}

TEST_CASE("parse_rfc3339 reads a leap second as the start of the next second", "[core][time]") {
  CHECK(ss::parse_rfc3339("2016-12-31T23:59:60Z") == ss::parse_rfc3339("2017-01-01T00:00:00Z"));
}

TEST_CASE("parse_rfc3339 rejects trailing junk, missing parts and other shapes", "[core][time]") {
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01Zjunk"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01Z "));
  CHECK_FALSE(ss::parse_rfc3339(" 2026-11-23T10:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+05:30x"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00Z"));
  CHECK_FALSE(ss::parse_rfc3339("26-11-23T10:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026/11/23T10:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-1-23T10:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T1:00:01Z"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01"));
  CHECK_FALSE(ss::parse_rfc3339(""));
  CHECK_FALSE(ss::parse_rfc3339("1700000000"));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:0a:01Z"));
}

TEST_CASE("parse_rfc3339 reads dates before 1970 as negative times", "[core][time]") {
  CHECK(ss::parse_rfc3339("1969-12-31T23:59:59Z") == -kSecond);
  CHECK(ss::parse_rfc3339("1969-12-31T23:59:59.5Z") == -kSecond / 2);
  CHECK(ss::parse_rfc3339("1969-07-20T20:17:40Z") == -14182940LL * kSecond);
  CHECK(ss::parse_rfc3339("1900-01-01T00:00:00Z") == -2208988800LL * kSecond);
  CHECK(ss::parse_rfc3339("0001-01-01T00:00:00Z") == -62135596800LL * kSecond);
  CHECK(ss::parse_rfc3339("9999-12-31T23:59:59Z") == 253402300799LL * kSecond);
}

TEST_CASE("format_rfc3339 writes milliseconds by default", "[core][time]") {
  CHECK(ss::format_rfc3339(kRef) == "2026-11-23T10:00:01.000Z");
  CHECK(ss::format_rfc3339(kRef + 123000) == "2026-11-23T10:00:01.123Z");
  CHECK(ss::format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("format_rfc3339 writes microseconds when the time has sub-millisecond precision", "[core][time]") {
  CHECK(ss::format_rfc3339(kRef + 123456) == "2026-11-23T10:00:01.123456Z");
  CHECK(ss::format_rfc3339(kRef + 1) == "2026-11-23T10:00:01.000001Z");
}

TEST_CASE("format_rfc3339 honours an explicit number of fraction digits", "[core][time]") {
  CHECK(ss::format_rfc3339(kRef + 123456, 0) == "2026-11-23T10:00:01Z");
  CHECK(ss::format_rfc3339(kRef + 123456, 3) == "2026-11-23T10:00:01.123Z");
  CHECK(ss::format_rfc3339(kRef, 6) == "2026-11-23T10:00:01.000000Z");
}

TEST_CASE("format_rfc3339 reads the same after a time of the same or another second", "[core][time]") {
  // The text up to the seconds is kept for the last second written: every time must
  // still read as it does first in a fresh sequence, whatever came before it.
  const std::vector<std::pair<ss::TimeUs, std::string>> times = {
      {kRef, "2026-11-23T10:00:01.000Z"},           {kRef + 999999, "2026-11-23T10:00:01.999999Z"},
      {kRef + kSecond, "2026-11-23T10:00:02.000Z"}, {kRef - 1, "2026-11-23T10:00:00.999999Z"},
      {-1, "1969-12-31T23:59:59.999999Z"},          {0, "1970-01-01T00:00:00.000Z"},
      {-kSecond, "1969-12-31T23:59:59.000Z"},       {253402300800LL * kSecond, "010000-01-01T00:00:00.000Z"}};
  for (size_t round = 0; round < 3; ++round)
    for (size_t i = 0; i < times.size(); ++i) {
      const auto& [t, text] = times[(i * (round + 1) + round) % times.size()];
      CHECK(ss::format_rfc3339(t) == text);
      CHECK(ss::format_rfc3339(t) == text);  // the same second twice in a row
    }
}

TEST_CASE("format_rfc3339 writes times before 1970 with a positive fraction", "[core][time]") {
  CHECK(ss::format_rfc3339(-1) == "1969-12-31T23:59:59.999999Z");
  CHECK(ss::format_rfc3339(-1000) == "1969-12-31T23:59:59.999Z");
  CHECK(ss::format_rfc3339(-kSecond) == "1969-12-31T23:59:59.000Z");
  CHECK(ss::format_rfc3339(-86400 * kSecond) == "1969-12-31T00:00:00.000Z");
  CHECK(ss::format_rfc3339(-14182940LL * kSecond) == "1969-07-20T20:17:40.000Z");
}

TEST_CASE("append_rfc3339 appends to what the string already holds", "[core][time]") {
  std::string out = "ts=";
  ss::append_rfc3339(out, kRef);
  CHECK(out == "ts=2026-11-23T10:00:01.000Z");
}

TEST_CASE("format_rfc3339 and parse_rfc3339 round trip on random times from year 1 to 9999", "[core][time]") {
  std::mt19937_64 rng(20261123);
  const TimeUs lo = -62135596800LL * kSecond;
  const TimeUs hi = 253402300799LL * kSecond + 999999;
  std::uniform_int_distribution<TimeUs> any(lo, hi);
  for (int i = 0; i < 20000; ++i) {
    TimeUs t = any(rng);
    if (i % 3 == 0) t -= t % 1000;  // some whole milliseconds too
    const std::string text = ss::format_rfc3339(t);
    INFO(t << " " << text);
    REQUIRE(ss::parse_rfc3339(text) == t);
    REQUIRE(text.size() == (t % 1000 == 0 ? 24u : 27u));
  }
}

TEST_CASE("parse_time_unit reads the short and long unit names", "[core][time]") {
  CHECK(ss::parse_time_unit("auto") == TimeUnit::automatic);
  CHECK(ss::parse_time_unit("s") == TimeUnit::seconds);
  CHECK(ss::parse_time_unit("seconds") == TimeUnit::seconds);
  CHECK(ss::parse_time_unit("ms") == TimeUnit::milliseconds);
  CHECK(ss::parse_time_unit("us") == TimeUnit::microseconds);
  CHECK(ss::parse_time_unit("ns") == TimeUnit::nanoseconds);
  CHECK(ss::parse_time_unit("nanoseconds") == TimeUnit::nanoseconds);
  CHECK_FALSE(ss::parse_time_unit("minutes"));
  CHECK_FALSE(ss::parse_time_unit(""));
  CHECK_FALSE(ss::parse_time_unit("S"));
}

TEST_CASE("epoch_to_us tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude", "[core][time]") {
  const int64_t s = 1795428001;
  CHECK(ss::epoch_to_us(s, TimeUnit::automatic) == kRef);
  CHECK(ss::epoch_to_us(s * 1000 + 123, TimeUnit::automatic) == kRef + 123000);
  CHECK(ss::epoch_to_us(s * 1000000 + 123456, TimeUnit::automatic) == kRef + 123456);
  CHECK(ss::epoch_to_us(s * 1000000000 + 123456789, TimeUnit::automatic) == kRef + 123456);
  // The same through doubles, as JSON numbers with a fraction arrive.
  CHECK(ss::epoch_to_us(1795428001.25, TimeUnit::automatic) == kRef + 250000);
  CHECK(ss::epoch_to_us(1795428001250.0, TimeUnit::automatic) == kRef + 250000);
  CHECK(ss::epoch_to_us(1795428001250000.0, TimeUnit::automatic) == kRef + 250000);
  CHECK(ss::epoch_to_us(1795428001250000000.0, TimeUnit::automatic) == kRef + 250000);
}

TEST_CASE("epoch_to_us switches units exactly at 1e11, 1e14 and 1e17", "[core][time]") {
  CHECK(ss::epoch_to_us(int64_t{99999999999}, TimeUnit::automatic) == 99999999999LL * kSecond);
  CHECK(ss::epoch_to_us(int64_t{100000000000}, TimeUnit::automatic) == 100000000000LL * 1000);
  CHECK(ss::epoch_to_us(int64_t{99999999999999}, TimeUnit::automatic) == 99999999999999LL * 1000);
  CHECK(ss::epoch_to_us(int64_t{100000000000000}, TimeUnit::automatic) == 100000000000000LL);
  CHECK(ss::epoch_to_us(int64_t{99999999999999984}, TimeUnit::automatic) == 99999999999999984LL);
  CHECK(ss::epoch_to_us(int64_t{100000000000000000}, TimeUnit::automatic) == 100000000000000LL);
}

TEST_CASE("epoch_to_us uses an explicit unit whatever the magnitude", "[core][time]") {
  CHECK(ss::epoch_to_us(int64_t{5}, TimeUnit::seconds) == 5 * kSecond);
  CHECK(ss::epoch_to_us(int64_t{5}, TimeUnit::milliseconds) == 5000);
  CHECK(ss::epoch_to_us(int64_t{5}, TimeUnit::microseconds) == 5);
  CHECK(ss::epoch_to_us(int64_t{5000}, TimeUnit::nanoseconds) == 5);
  CHECK(ss::epoch_to_us(int64_t{1795428001}, TimeUnit::milliseconds) == 1795428001LL * 1000);
  CHECK(ss::epoch_to_us(1.5, TimeUnit::seconds) == 1500000);
  CHECK(ss::epoch_to_us(1.5, TimeUnit::milliseconds) == 1500);
  CHECK(ss::epoch_to_us(2500.0, TimeUnit::nanoseconds) == 3);  // rounded to the nearest microsecond
}

TEST_CASE("epoch_to_us reads negative epochs, before 1970", "[core][time]") {
  CHECK(ss::epoch_to_us(int64_t{-14182940}, TimeUnit::automatic) == -14182940LL * kSecond);
  CHECK(ss::epoch_to_us(-14182940.5, TimeUnit::automatic) == -14182940LL * kSecond - 500000);
  CHECK(ss::epoch_to_us(int64_t{-14182940000}, TimeUnit::milliseconds) == -14182940LL * kSecond);
}

TEST_CASE("epoch_to_us refuses non-finite and overflowing numbers", "[core][time]") {
  CHECK_FALSE(ss::epoch_to_us(std::numeric_limits<double>::quiet_NaN(), TimeUnit::automatic));
  CHECK_FALSE(ss::epoch_to_us(std::numeric_limits<double>::infinity(), TimeUnit::automatic));
  CHECK_FALSE(ss::epoch_to_us(-std::numeric_limits<double>::infinity(), TimeUnit::seconds));
  CHECK_FALSE(ss::epoch_to_us(1e300, TimeUnit::seconds));
  CHECK_FALSE(ss::epoch_to_us(int64_t{INT64_MAX / 1000}, TimeUnit::seconds));
  CHECK_FALSE(ss::epoch_to_us(int64_t{INT64_MAX}, TimeUnit::milliseconds));
  CHECK(ss::epoch_to_us(int64_t{INT64_MAX}, TimeUnit::microseconds) == INT64_MAX);
}

TEST_CASE("parse_rfc3339 reads times of the date before as it reads them alone", "[core][time]") {
  // The date part of the time before is remembered: a time with the same date must
  // still have the rest of it checked, and a refused date must not be remembered.
  TimeUs t = 0;
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01Z", t));
  CHECK(t == kRef);
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:02.5Z", t));
  CHECK(t == kRef + kSecond + kSecond / 2);
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T24:00:00Z", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23X10:00:01Z", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:0Z", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-02-30T10:00:01Z", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-02-30T10:00:02Z", t));
  REQUIRE(ss::parse_rfc3339("2026-11-24T10:00:01Z", t));
  CHECK(t == kRef + 86400 * kSecond);
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01+01:00", t));
  CHECK(t == kRef - 3600 * kSecond);
}

TEST_CASE("parse_rfc3339 reads times of the second before as it reads them alone", "[core][time]") {
  // The date and time of day of the time before are remembered too: what follows them
  // (fraction, zone, the end) must still be read and checked for each time.
  TimeUs t = 0;
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01.250Z", t));
  CHECK(t == kRef + kSecond / 4);
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01Z", t));
  CHECK(t == kRef);
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01-02:30", t));
  CHECK(t == kRef + 9000 * kSecond);
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01.Z", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01Zjunk", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:01+25:00", t));
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:61Z", t));
  // A refused time of day is not remembered; the date before still is.
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23T10:00:61Z", t));
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:02Z", t));
  CHECK(t == kRef + kSecond);
  REQUIRE(ss::parse_rfc3339("2026-11-23 10:00:02Z", t));
  CHECK(t == kRef + kSecond);
  // The separator is part of the second remembered: only T, t and a space are read.
  CHECK_FALSE(ss::parse_rfc3339("2026-11-23X10:00:02Z", t));
  REQUIRE(ss::parse_rfc3339("2026-11-23T10:00:01Z", t));
  CHECK(t == kRef);
}
