#include "ss/ingest/year_inference.hpp"

#include <catch2/catch.hpp>

#include <vector>

namespace {

ss::CivilTime month_day(unsigned month, unsigned day) {
  ss::CivilTime t;
  t.month = month;
  t.day = day;
  t.has_year = false;
  return t;
}

}  // namespace

TEST_CASE("YearInference takes the reference year unless that is over a month ahead", "[ingest]") {
  const ss::TimeUs mid_june_2024 = *ss::parse_rfc3339("2024-06-15T00:00:00Z");
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(6, 1)) == 2024);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(7, 15)) == 2024);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(7, 17)) == 2023);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(12, 31)) == 2023);
  // 29 February of a leap reference year does not trip the check.
  CHECK(ss::YearInference(*ss::parse_rfc3339("2023-03-01T00:00:00Z")).year_for(month_day(2, 29)) == 2023);
}

TEST_CASE("YearInference moves forward at New Year only", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-02-01T00:00:00Z"));
  CHECK(years.year_for(month_day(11, 20)) == 2023);
  CHECK(years.year_for(month_day(12, 31)) == 2023);
  CHECK(years.year_for(month_day(11, 30)) == 2023);  // a little back: same year
  CHECK(years.year_for(month_day(1, 1)) == 2024);
  CHECK(years.year_for(month_day(12, 31)) == 2023);  // late line from before New Year
  CHECK(years.year_for(month_day(1, 2)) == 2024);
  CHECK(years.year_for(month_day(6, 2)) == 2024);
}

TEST_CASE("YearInference with a fixed year ignores the reference", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-02-01T00:00:00Z"), 2005);
  CHECK(years.year_for(month_day(12, 31)) == 2005);
  CHECK(years.year_for(month_day(1, 1)) == 2005);
}

TEST_CASE("YearInference without a reference uses the clock", "[ingest]") {
  ss::YearInference years;
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  int64_t year;
  unsigned month, day;
  ss::civil_from_days(days, year, month, day);
  ss::CivilTime today = month_day(month, day);
  CHECK(years.year_for(today) == year);
}

TEST_CASE("YearInference restored from its state continues the years, whatever the clock says", "[ingest]") {
  // Months of a log over three New Years, split at every line: the second piece starts
  // from the first's state with another reference time (a later cron run).
  const std::vector<unsigned> months = {6, 12, 1, 6, 12, 1, 3, 9, 12, 1, 2};
  const ss::TimeUs reference = *ss::parse_rfc3339("2024-07-01T00:00:00Z");
  const ss::TimeUs later = *ss::parse_rfc3339("2031-03-15T00:00:00Z");
  std::vector<int64_t> whole;
  ss::YearInference one(reference);
  for (const unsigned m : months) whole.push_back(one.year_for(month_day(m, 1)));
  CHECK(whole.back() == 2027);
  for (size_t split = 1; split < months.size(); ++split) {
    ss::YearInference first(reference);
    std::vector<int64_t> years;
    for (size_t i = 0; i < split; ++i) years.push_back(first.year_for(month_day(months[i], 1)));
    const auto state = first.state();
    REQUIRE(state);
    ss::YearInference second(later);
    second.restore(*state);
    for (size_t i = split; i < months.size(); ++i) years.push_back(second.year_for(month_day(months[i], 1)));
    INFO("split after line " << split);
    CHECK(years == whole);
  }
}

TEST_CASE("YearInference has no state before its first time or with a fixed year", "[ingest]") {
  ss::YearInference fresh(*ss::parse_rfc3339("2024-07-01T00:00:00Z"));
  CHECK_FALSE(fresh.state());
  fresh.year_for(month_day(3, 1));
  CHECK(fresh.state() == ss::YearInference::State{2024, 3});
  ss::YearInference fixed(0, 2020);
  fixed.year_for(month_day(3, 1));
  CHECK_FALSE(fixed.state());
}

TEST_CASE("YearInference counts the times it puts more than a day after the reference", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-06-15T00:00:00Z"));
  years.year_for(month_day(6, 15));
  years.year_for(month_day(6, 16));
  CHECK(years.future_times() == 0);
  years.year_for(month_day(6, 20));  // five days ahead, within the month the rule allows
  years.year_for(month_day(7, 1));
  CHECK(years.future_times() == 2);
  ss::YearInference fixed(*ss::parse_rfc3339("2024-06-15T00:00:00Z"), 2024);
  fixed.year_for(month_day(7, 1));
  CHECK(fixed.future_times() == 0);
}
