#include "ss/time/duration.hpp"

#include <catch2/catch.hpp>

#include <random>

using ss::TimeUs;

namespace {

constexpr TimeUs kMs = 1000;
constexpr TimeUs kS = 1000 * kMs;
constexpr TimeUs kM = 60 * kS;
constexpr TimeUs kH = 60 * kM;
constexpr TimeUs kD = 24 * kH;

}  // namespace

TEST_CASE("parse_duration reads each unit", "[core][time]") {
  CHECK(ss::parse_duration("250ms") == 250 * kMs);
  CHECK(ss::parse_duration("30s") == 30 * kS);
  CHECK(ss::parse_duration("30m") == 30 * kM);
  CHECK(ss::parse_duration("2h") == 2 * kH);
  CHECK(ss::parse_duration("7d") == 7 * kD);
  CHECK(ss::parse_duration("2w") == 14 * kD);
  CHECK(ss::parse_duration("15us") == 15);
  CHECK(ss::parse_duration("0s") == 0);
}

TEST_CASE("parse_duration adds up compound durations", "[core][time]") {
  CHECK(ss::parse_duration("1h30m") == 90 * kM);
  CHECK(ss::parse_duration("1d2h3m4s5ms6us") == kD + 2 * kH + 3 * kM + 4 * kS + 5 * kMs + 6);
  CHECK(ss::parse_duration("1m1ms") == kM + kMs);  // `ms` is not `m` followed by junk
}

TEST_CASE("parse_duration reads decimal numbers", "[core][time]") {
  CHECK(ss::parse_duration("1.5h") == 90 * kM);
  CHECK(ss::parse_duration("0.5s") == 500 * kMs);
  CHECK(ss::parse_duration(".25s") == 250 * kMs);
  CHECK(ss::parse_duration("0.1s") == 100 * kMs);
  CHECK(ss::parse_duration("1.1d") == 95040 * kS);
  CHECK(ss::parse_duration("4.35h") == 15660 * kS);
  CHECK(ss::parse_duration("1.001ms") == 1001);
}

TEST_CASE("parse_duration gives the exact microsecond count of decimal days", "[core][time]") {
  // 2.3 d is 198720 s exactly; 2.3 * 86400e6 is 198719999999.99997 in doubles, and
  // rounding that down with a fixed 1e-6 tolerance would lose a microsecond.
  CHECK(ss::parse_duration("2.3d") == 198720 * kS);
}

TEST_CASE("parse_duration reads a bare number as seconds", "[core][time]") {
  CHECK(ss::parse_duration("90") == 90 * kS);
  CHECK(ss::parse_duration("0") == 0);
  CHECK(ss::parse_duration("2.5") == 2500 * kMs);
}

TEST_CASE("parse_duration rounds nanoseconds down to whole microseconds", "[core][time]") {
  CHECK(ss::parse_duration("1500ns") == 1);
  CHECK(ss::parse_duration("999ns") == 0);
  CHECK(ss::parse_duration("2000ns") == 2);
}

TEST_CASE("parse_duration reads a leading minus as a negative duration", "[core][time]") {
  CHECK(ss::parse_duration("-5s") == -5 * kS);
  CHECK(ss::parse_duration("-1h30m") == -90 * kM);
}

TEST_CASE("parse_duration rejects text that is not a duration", "[core][time]") {
  for (const char* bad : {"", "5x", "h", "1h30", "-", "s", "1.2.3s", ".", "5 s", " 5s", "5s ", "5S", "1h-30m", "--5s",
                          "+5s", "5sec", "1e3s", "abc", "30m10"}) {
    INFO("\"" << bad << "\"");
    CHECK_FALSE(ss::parse_duration(bad));
  }
}

TEST_CASE("parse_duration refuses durations that overflow int64 microseconds", "[core][time]") {
  CHECK_FALSE(ss::parse_duration("1000000000w"));
  CHECK(ss::parse_duration("100000d") == 100000 * kD);
}

TEST_CASE("format_duration writes the shortest form", "[core][time]") {
  CHECK(ss::format_duration(0) == "0s");
  CHECK(ss::format_duration(90 * kM) == "1h30m");
  CHECK(ss::format_duration(30 * kS) == "30s");
  CHECK(ss::format_duration(250 * kMs) == "250ms");
  CHECK(ss::format_duration(7 * kD) == "7d");
  CHECK(ss::format_duration(kD + kS + 1) == "1d1s1us");
  CHECK(ss::format_duration(-90 * kS) == "-1m30s");
  CHECK(ss::format_duration(1) == "1us");
}

TEST_CASE("format_duration output parses back to the same duration", "[core][time]") {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<TimeUs> any(-1000 * kD, 1000 * kD);
  std::uniform_int_distribution<int> shape(0, 3);
  for (int i = 0; i < 20000; ++i) {
    TimeUs d = any(rng);
    // Mix in values that are whole units, where most components are zero.
    switch (shape(rng)) {
      case 0: d -= d % kMs; break;
      case 1: d -= d % kS; break;
      case 2: d -= d % kM; break;
      default: break;
    }
    const std::string text = ss::format_duration(d);
    INFO(d << " " << text);
    REQUIRE(ss::parse_duration(text) == d);
  }
}
