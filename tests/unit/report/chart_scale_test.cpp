#include "ss/report/chart_scale.hpp"

#include <catch2/catch.hpp>

#include <vector>

#include "ss/time/timestamp.hpp"

using ss::TimeUs;

namespace {

TimeUs at(const char* text) { return *ss::parse_rfc3339(text); }

}  // namespace

TEST_CASE("nice_step rounds up to one, two or five times a power of ten", "[report]") {
  CHECK(ss::nice_step(0.3) == Approx(0.5));
  CHECK(ss::nice_step(1) == 1);
  CHECK(ss::nice_step(1.01) == 2);
  CHECK(ss::nice_step(3) == 5);
  CHECK(ss::nice_step(7) == 10);
  CHECK(ss::nice_step(230) == 500);
  CHECK(ss::nice_step(0) == 1);
}

TEST_CASE("nice_ticks cover the range with round values", "[report]") {
  CHECK(ss::nice_ticks(0, 9, 5) == std::vector<double>{0, 2, 4, 6, 8, 10});
  CHECK(ss::nice_ticks(0, 100, 5) == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(ss::nice_ticks(0, 0.7, 5) == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8});
  CHECK(ss::nice_ticks(-3, 4, 5) == std::vector<double>{-4, -2, 0, 2, 4});
}

TEST_CASE("nice_ticks of a single value still span one step", "[report]") {
  const std::vector<double> ticks = ss::nice_ticks(0, 0, 5);
  REQUIRE(ticks.size() == 2);
  CHECK(ticks.front() == 0);
  CHECK(ticks.back() == 1);
}

TEST_CASE("LinearScale maps the domain onto the range, backwards too", "[report]") {
  const ss::LinearScale y(0, 10, 200, 0);
  CHECK(y(0) == 200);
  CHECK(y(10) == 0);
  CHECK(y(2.5) == 150);
  const ss::LinearScale flat(5, 5, 0, 100);
  CHECK(flat(5) == 50);
}

TEST_CASE("nice_time_step picks the smallest round step within the count", "[report]") {
  CHECK(ss::nice_time_step(at("2026-11-01T00:00:00Z"), at("2026-11-01T00:10:00Z"), 60) == 15'000'000);
  CHECK(ss::nice_time_step(at("2026-11-01T00:00:00Z"), at("2026-11-01T06:00:00Z"), 60) == 10 * 60'000'000LL);
  CHECK(ss::nice_time_step(at("2026-11-01T00:00:00Z"), at("2026-11-01T00:00:00Z"), 60) == 1'000'000);
}

TEST_CASE("time_ticks are multiples of the step inside the range", "[report]") {
  const std::vector<TimeUs> ticks = ss::time_ticks(at("2026-11-01T00:00:41Z"), at("2026-11-01T00:05:00Z"), 60'000'000);
  REQUIRE(ticks.size() == 5);
  CHECK(ticks.front() == at("2026-11-01T00:01:00Z"));
  CHECK(ticks.back() == at("2026-11-01T00:05:00Z"));
}

TEST_CASE("floor_to_step floors times before 1970 downwards", "[report]") {
  CHECK(ss::floor_to_step(-1, 60'000'000) == -60'000'000);
  CHECK(ss::floor_to_step(61'000'000, 60'000'000) == 60'000'000);
}

TEST_CASE("time tick labels fit the step and span", "[report]") {
  const TimeUs t = at("2026-11-03T07:05:09Z");
  constexpr TimeUs kMinute = 60'000'000;
  constexpr TimeUs kDay = 1440 * kMinute;
  CHECK(ss::format_time_tick(t, kMinute, 10 * kMinute) == "07:05");
  CHECK(ss::format_time_tick(t, 1'000'000, kMinute) == "07:05:09");
  CHECK(ss::format_time_tick(t, 6 * 60 * kMinute, 3 * kDay) == "11-03 07:05");
  CHECK(ss::format_time_tick(t, kDay, 30 * kDay) == "11-03");
}

TEST_CASE("numbers are formatted for tables, axes and coordinates", "[report]") {
  CHECK(ss::format_number(42) == "42");
  CHECK(ss::format_number(2.5) == "2.5");
  CHECK(ss::format_number(1.0 / 3) == "0.333333");
  CHECK(ss::format_tick_number(950) == "950");
  CHECK(ss::format_tick_number(15000) == "15k");
  CHECK(ss::format_tick_number(2'500'000) == "2.5M");
  CHECK(ss::format_coordinate(12.04) == "12");
  CHECK(ss::format_coordinate(12.26) == "12.3");
  CHECK(ss::format_coordinate(-0.01) == "0");
}
