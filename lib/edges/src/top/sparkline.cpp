#include "ss/top/sparkline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace ss {

namespace {

constexpr std::array<std::string_view, 8> kBlocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr std::string_view kAscii = ".:-=+*#@";

}  // namespace

std::string sparkline(const std::vector<double>& values, bool ascii) {
  double lo = 0;
  double hi = 0;
  bool any = false;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    lo = any ? std::min(lo, v) : std::min(0.0, v);
    hi = any ? std::max(hi, v) : std::max(0.0, v);
    any = true;
  }
  std::string out;
  for (const double v : values) {
    if (std::isnan(v)) {
      out.push_back(' ');
      continue;
    }
    // A line of equal values is drawn full height when above zero, flat when zero.
    size_t level = 0;
    if (hi > lo) level = static_cast<size_t>(std::lround((v - lo) / (hi - lo) * 7.0));
    level = std::min<size_t>(level, 7);
    if (ascii) out.push_back(kAscii[level]);
    else out.append(kBlocks[level]);
  }
  return out;
}

}  // namespace ss
