#include "ss/time/duration.hpp"

#include <cmath>
#include <cstdlib>

namespace ss {

std::optional<TimeUs> parse_duration(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  double total = 0;
  size_t pos = 0;
  bool any_unit = false;
  while (pos < s.size()) {
    const size_t start = pos;
    while (pos < s.size() && ((s[pos] >= '0' && s[pos] <= '9') || s[pos] == '.')) ++pos;
    if (pos == start) return std::nullopt;
    const std::string number(s.substr(start, pos - start));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    const size_t unit_start = pos;
    while (pos < s.size() && s[pos] >= 'a' && s[pos] <= 'z') ++pos;
    const std::string_view unit = s.substr(unit_start, pos - unit_start);
    double scale;
    if (unit.empty()) {
      if (any_unit || pos != s.size()) return std::nullopt;  // bare number: seconds
      scale = 1e6;
    } else if (unit == "ns") {
      scale = 1e-3;
    } else if (unit == "us") {
      scale = 1;
    } else if (unit == "ms") {
      scale = 1e3;
    } else if (unit == "s") {
      scale = 1e6;
    } else if (unit == "m") {
      scale = 60e6;
    } else if (unit == "h") {
      scale = 3600e6;
    } else if (unit == "d") {
      scale = 86400e6;
    } else if (unit == "w") {
      scale = 7 * 86400e6;
    } else {
      return std::nullopt;
    }
    any_unit = any_unit || !unit.empty();
    total += value * scale;
  }
  if (!(total < 9.2e18)) return std::nullopt;
  const auto us = static_cast<TimeUs>(std::floor(total + 1e-6));
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

}  // namespace ss
