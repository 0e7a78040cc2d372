#include "ss/ingest/year_inference.hpp"

#include <chrono>

namespace ss {

namespace {

constexpr TimeUs kMicrosPerDay = 86400LL * 1000000;

TimeUs clock_now() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
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
  int64_t year = infer(t);
  // The zone is ignored: a day of margin covers it.
  const auto at = [&](int64_t y) {
    return (days_from_civil(y, t.month, t.day <= 28 || t.month != 2 ? t.day : 28) * 86400 + t.hour * 3600 +
            t.minute * 60) *
           1000000;
  };
  if (fixed_year_ == 0 && at(year) > reference_ + kMicrosPerDay) {
    // A guess never puts a time well past now: the log is older than the first line
    // suggested, so this line and those after it are a year earlier.
    --year;
    if (year_ > year) year_ = year;
  } else if (at(year) > reference_ + kMicrosPerDay) {
    ++future_times_;
  }
  return year;
}

int64_t YearInference::infer(const CivilTime& t) noexcept {
  if (year_ == 0) {
    last_month_ = t.month;
    if (fixed_year_ != 0) {
      year_ = fixed_year_;
      return year_;
    }
    year_ = year_of(reference_);
    // The zone is ignored here: a day either way is the margin.
    const unsigned day = t.day <= 28 ? t.day : 28;  // 29 February must not decide
    const TimeUs candidate = (days_from_civil(year_, t.month, day) * 86400 + t.hour * 3600 + t.minute * 60) * 1000000;
    if (candidate > reference_ + kMicrosPerDay) --year_;
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
