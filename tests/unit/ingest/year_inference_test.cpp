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

TEST_CASE("YearInference takes the reference year unless that is over a day ahead", "[ingest]") {
  const ss::TimeUs mid_june_2024 = *ss::parse_rfc3339("2024-06-15T00:00:00Z");
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(6, 1)) == 2024);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(6, 15)) == 2024);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(6, 17)) == 2023);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(7, 15)) == 2023);
  CHECK(ss::YearInference(mid_june_2024).year_for(month_day(12, 31)) == 2023);
  // 29 February of a leap reference year does not trip the check.
  CHECK(ss::YearInference(*ss::parse_rfc3339("2023-03-01T00:00:00Z")).year_for(month_day(2, 29)) == 2023);
}

TEST_CASE("YearInference never guesses a time well past the reference", "[ingest]") {
  // A log from November to February read in December: the first line looks like this
  // year, but January and February cannot be in the future, so they are not.
  ss::YearInference years(*ss::parse_rfc3339("2026-12-06T12:00:00Z"));
  CHECK(years.year_for(month_day(11, 20)) == 2026);
  CHECK(years.year_for(month_day(12, 6)) == 2026);
  CHECK(years.year_for(month_day(12, 20)) == 2025);
  CHECK(years.year_for(month_day(1, 5)) == 2026);
  CHECK(years.year_for(month_day(2, 1)) == 2026);
  CHECK(years.future_times() == 0);
}

TEST_CASE("YearInference moves forward at New Year only", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-02-01T00:00:00Z"));
  CHECK(years.year_for(month_day(11, 20)) == 2023);
  CHECK(years.year_for(month_day(12, 31)) == 2023);
  CHECK(years.year_for(month_day(11, 30)) == 2023);  // a little back: same year
  CHECK(years.year_for(month_day(1, 1)) == 2024);
  CHECK(years.year_for(month_day(12, 31)) == 2023);  // late line from before New Year
  CHECK(years.year_for(month_day(1, 2)) == 2024);
  CHECK(years.year_for(month_day(1, 30)) == 2024);
  // Past the reference: the year before, never the future.
  CHECK(years.year_for(month_day(6, 2)) == 2023);
}

TEST_CASE("YearInference with a fixed year starts there and keeps the New Year rollover", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-02-01T00:00:00Z"), 2005);
  CHECK(years.year_for(month_day(12, 31)) == 2005);
  CHECK(years.year_for(month_day(1, 1)) == 2006);
  CHECK(years.year_for(month_day(3, 1)) == 2006);
  REQUIRE(years.state());
  CHECK(years.state()->year == 2006);
  CHECK(years.future_times() == 0);
}

TEST_CASE("YearInference counts the times a fixed year puts in the future", "[ingest]") {
  ss::YearInference years(*ss::parse_rfc3339("2024-02-01T00:00:00Z"), 2024);
  CHECK(years.year_for(month_day(1, 31)) == 2024);
  CHECK(years.year_for(month_day(3, 1)) == 2024);
  CHECK(years.future_times() == 1);
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
  // from the first's state with another reference time (a later cron run). The whole
  // starts from a saved state too, as the guess never goes past its reference.
  const std::vector<unsigned> months = {6, 12, 1, 6, 12, 1, 3, 9, 12, 1, 2};
  const ss::TimeUs reference = *ss::parse_rfc3339("2031-03-15T00:00:00Z");
  const ss::TimeUs later = *ss::parse_rfc3339("2035-03-15T00:00:00Z");
  const ss::YearInference::State start{2024, 5};
  std::vector<int64_t> whole;
  ss::YearInference one(reference);
  one.restore(start);
  for (const unsigned m : months) whole.push_back(one.year_for(month_day(m, 1)));
  CHECK(whole.front() == 2024);
  CHECK(whole.back() == 2027);
  for (size_t split = 1; split < months.size(); ++split) {
    ss::YearInference first(reference);
    first.restore(start);
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
