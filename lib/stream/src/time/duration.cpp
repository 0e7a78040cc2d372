#include "ss/time/duration.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss {

namespace {
// Wide enough for any duration in nanoseconds times a unit; __extension__ keeps
// -Wpedantic quiet about the GCC/Clang type.
__extension__ typedef __int128 Wide;
}  // namespace

std::optional<TimeUs> parse_duration(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  // Exact decimal arithmetic in nanoseconds: 2.3d is 198720 s, not a double's
  // 198719.99999999997 s.
  Wide total_ns = 0;
  constexpr Wide kLimit = static_cast<Wide>(INT64_MAX) * 1000;
  size_t pos = 0;
  bool any_unit = false;
  while (pos < s.size()) {
    Wide whole = 0;
    Wide fraction = 0;
    Wide fraction_scale = 1;
    bool digits = false;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      whole = whole * 10 + (s[pos++] - '0');
      digits = true;
      if (whole > kLimit) return std::nullopt;
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (fraction_scale < 1000000000000000000LL) {
          fraction = fraction * 10 + (s[pos] - '0');
          fraction_scale *= 10;
        }
        ++pos;
        digits = true;
      }
    }
    if (!digits) return std::nullopt;
    const size_t unit_start = pos;
    while (pos < s.size() && s[pos] >= 'a' && s[pos] <= 'z') ++pos;
    const std::string_view unit = s.substr(unit_start, pos - unit_start);
    int64_t unit_ns;
    if (unit.empty()) {
      if (any_unit || pos != s.size()) return std::nullopt;  // a bare number is seconds
      unit_ns = 1000000000LL;
    } else if (unit == "ns") {
      unit_ns = 1;
    } else if (unit == "us") {
      unit_ns = 1000;
    } else if (unit == "ms") {
      unit_ns = 1000000;
    } else if (unit == "s") {
      unit_ns = 1000000000LL;
    } else if (unit == "m") {
      unit_ns = 60LL * 1000000000LL;
    } else if (unit == "h") {
      unit_ns = 3600LL * 1000000000LL;
    } else if (unit == "d") {
      unit_ns = 86400LL * 1000000000LL;
    } else if (unit == "w") {
      unit_ns = 7 * 86400LL * 1000000000LL;
    } else {
      return std::nullopt;
    }
    any_unit = any_unit || !unit.empty();
    total_ns += whole * unit_ns + fraction * unit_ns / fraction_scale;
    if (total_ns > kLimit) return std::nullopt;
  }
  const auto us = static_cast<TimeUs>(total_ns / 1000);
  return negative ? -us : us;
}

std::string format_duration(TimeUs d) {
  if (d == 0) return "0s";
  std::string out;
  if (d < 0) {
    out.push_back('-');
    d = -d;
  }
  struct Unit {
    TimeUs size;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400000000LL, "d"}, {3600000000LL, "h"}, {60000000LL, "m"},
                                    {1000000LL, "s"},     {1000LL, "ms"},      {1LL, "us"}};
  for (const auto& u : kUnits) {
    if (d >= u.size) {
      out += std::to_string(d / u.size);
      out += u.name;
      d %= u.size;
    }
  }
  return out;
}

namespace {

TimeUs duration_flag(std::string_view text, std::string_view flag, std::string_view example, bool allow_zero) {
  const auto d = parse_duration(text);
  if (!d || *d < 0 || (!allow_zero && *d == 0))
    throw_usage(fmt::format("{}: expected a {}duration such as {}, got \"{}\"", flag, allow_zero ? "" : "positive ",
                            example, text));
  return *d;
}

}  // namespace

TimeUs positive_duration(std::string_view text, std::string_view flag, std::string_view example) {
  return duration_flag(text, flag, example, false);
}

TimeUs non_negative_duration(std::string_view text, std::string_view flag, std::string_view example) {
  return duration_flag(text, flag, example, true);
}

}  // namespace ss
