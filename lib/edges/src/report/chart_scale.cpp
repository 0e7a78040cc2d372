#include "ss/report/chart_scale.hpp"

#include <array>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace ss {

LinearScale::LinearScale(double domain_low, double domain_high, double range_low, double range_high)
    : domain_low_(domain_low),
      domain_span_(domain_high - domain_low),
      range_low_(range_low),
      range_span_(range_high - range_low) {}

double LinearScale::operator()(double value) const {
  if (!(domain_span_ > 0)) return range_low_ + range_span_ / 2;
  return range_low_ + (value - domain_low_) / domain_span_ * range_span_;
}

double nice_step(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    // The tolerance keeps a raw step of exactly 0.3 (computed as 0.30000000000000004)
    // from being rounded up past 0.5 by floating-point noise.
    if (factor * power >= raw * (1 - 1e-9)) return factor * power;
  }
  return 10 * power;
}

std::vector<double> nice_ticks(double low, double high, int max_ticks) {
  if (high < low) std::swap(low, high);
  if (max_ticks < 1) max_ticks = 1;
  double step = nice_step((high - low) / max_ticks);
  if (high == low) step = nice_step(std::abs(low) > 0 ? std::abs(low) / 2 : 1);
  double first = std::floor(low / step) * step;
  double last = std::ceil(high / step) * step;
  if (first == last) last = first + step;
  std::vector<double> ticks;
  const auto count = static_cast<int64_t>(std::llround((last - first) / step));
  for (int64_t i = 0; i <= count; ++i) {
    double tick = first + static_cast<double>(i) * step;
    // Multiples of 0.1 are not exact in binary: round to the step's own precision.
    const double digits = std::pow(10.0, std::max(0.0, -std::floor(std::log10(step))));
    tick = std::round(tick * digits) / digits;
    ticks.push_back(tick == 0 ? 0.0 : tick);
  }
  return ticks;
}

namespace {

constexpr TimeUs kSecond = 1000000;
constexpr TimeUs kMinute = 60 * kSecond;
constexpr TimeUs kHour = 60 * kMinute;
constexpr TimeUs kDay = 24 * kHour;

constexpr std::array<TimeUs, 20> kTimeSteps = {
    kSecond,     2 * kSecond, 5 * kSecond,  10 * kSecond, 15 * kSecond, 30 * kSecond, kMinute,
    2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,        2 * kHour,
    3 * kHour,   6 * kHour,   12 * kHour,   kDay,         2 * kDay,     7 * kDay,
};

void civil_of(TimeUs t, int64_t& year, unsigned& month, unsigned& day, int64_t& second_of_day) {
  const TimeUs days = floor_to_step(t, kDay) / kDay;
  civil_from_days(days, year, month, day);
  second_of_day = (t - days * kDay) / kSecond;
}

}  // namespace

TimeUs floor_to_step(TimeUs t, TimeUs step) {
  TimeUs q = t / step;
  if (t % step != 0 && t < 0) --q;
  return q * step;
}

TimeUs nice_time_step(TimeUs low, TimeUs high, int max_steps) {
  if (max_steps < 1) max_steps = 1;
  const TimeUs span = high > low ? high - low : 0;
  for (const TimeUs step : kTimeSteps)
    if (span / step < max_steps) return step;
  const TimeUs month = 30 * kDay;
  return (span / month / max_steps + 1) * month;
}

std::vector<TimeUs> time_ticks(TimeUs low, TimeUs high, TimeUs step) {
  std::vector<TimeUs> ticks;
  TimeUs t = floor_to_step(low, step);
  if (t < low) t += step;
  for (; t <= high; t += step) ticks.push_back(t);
  return ticks;
}

std::string format_time_tick(TimeUs t, TimeUs step, TimeUs span) {
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int64_t second = 0;
  civil_of(t, year, month, day, second);
  const int64_t hh = second / 3600;
  const int64_t mm = second / 60 % 60;
  const int64_t ss = second % 60;
  if (step >= kDay) return fmt::format("{:02}-{:02}", month, day);
  if (span >= kDay) return fmt::format("{:02}-{:02} {:02}:{:02}", month, day, hh, mm);
  if (step < kMinute) return fmt::format("{:02}:{:02}:{:02}", hh, mm, ss);
  return fmt::format("{:02}:{:02}", hh, mm);
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return "-";
  if (value == std::trunc(value) && std::abs(value) < 1e15) return fmt::format("{}", static_cast<int64_t>(value));
  return fmt::format("{:.6g}", value);
}

std::string format_tick_number(double value) {
  const double magnitude = std::abs(value);
  if (magnitude >= 1e9) return fmt::format("{:g}G", value / 1e9);
  if (magnitude >= 1e6) return fmt::format("{:g}M", value / 1e6);
  if (magnitude >= 1e4) return fmt::format("{:g}k", value / 1e3);
  return fmt::format("{:g}", value);
}

std::string format_coordinate(double value) {
  std::string text = fmt::format("{:.1f}", value);
  if (text == "-0.0") text = "0.0";
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

}  // namespace ss
