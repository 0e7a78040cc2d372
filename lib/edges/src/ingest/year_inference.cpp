#include "ss/ingest/year_inference.hpp"

#include <chrono>

namespace ss {

namespace {

constexpr TimeUs kMicrosPerDay = 86400LL * 1000000;

TimeUs clock_now() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t year_of(TimeUs t) noexcept {
  int64_t days = t / kMicrosPerDay;
  if (t % kMicrosPerDay < 0) --days;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  return y;
}

}  // namespace

YearInference::YearInference(TimeUs reference_time, int fixed_year)
    : reference_(reference_time != 0 ? reference_time : clock_now()), fixed_year_(fixed_year) {}

int64_t YearInference::year_for(const CivilTime& t) noexcept {
  if (fixed_year_ != 0) return fixed_year_;
  const int64_t year = infer(t);
  // The zone is ignored: a day of margin covers it.
  const TimeUs at = (days_from_civil(year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60) * 1000000;
  if (at > reference_ + kMicrosPerDay) ++future_times_;
  return year;
}

int64_t YearInference::infer(const CivilTime& t) noexcept {
  if (year_ == 0) {
    year_ = year_of(reference_);
    // The zone is ignored here: a day either way does not matter against 31.
    const unsigned day = t.day <= 28 ? t.day : 28;  // 29 February must not decide
    const TimeUs candidate = (days_from_civil(year_, t.month, day) * 86400 + t.hour * 3600 + t.minute * 60) * 1000000;
    if (candidate > reference_ + 31 * kMicrosPerDay) --year_;
    last_month_ = t.month;
    return year_;
  }
  const int step = static_cast<int>(t.month) - static_cast<int>(last_month_);
  if (step < -6) {
    ++year_;
  } else if (step > 6) {
    return year_ - 1;
  }
  last_month_ = t.month;
  return year_;
}

}  // namespace ss
