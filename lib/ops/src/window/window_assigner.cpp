#include "ss/window/window_assigner.hpp"

#include <numeric>

#include "ss/base/error.hpp"

namespace ss {

namespace {

// Times span the whole int64 range, so `t - offset - size` or `k * slide + offset` may
// leave it. These run for every event: 64-bit arithmetic with overflow checks, and 128
// bits only where 64 overflow.
__extension__ typedef __int128 Int128;

Int128 floor_div_wide(Int128 a, Int128 b) noexcept {
  Int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t floor_div(int64_t a, int64_t b) noexcept {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t to_int64(Int128 v) noexcept {
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(v);
}

/// floor((a - b) / d), d > 0.
int64_t floor_div_of_difference(int64_t a, int64_t b, int64_t d) noexcept {
  int64_t difference;
  if (!__builtin_sub_overflow(a, b, &difference)) return floor_div(difference, d);
  return to_int64(floor_div_wide(Int128(a) - b, d));
}

/// k * m + c, saturated.
int64_t linear(int64_t k, int64_t m, int64_t c) noexcept {
  int64_t product;
  int64_t sum;
  if (!__builtin_mul_overflow(k, m, &product) && !__builtin_add_overflow(product, c, &sum)) return sum;
  return to_int64(Int128(k) * m + c);
}

}  // namespace

WindowAssigner::WindowAssigner(TimeUs size, TimeUs slide, TimeUs offset)
    : size_(size),
      slide_(slide),
      offset_(static_cast<TimeUs>((Int128(offset) % slide + slide) % slide)),
      pane_(std::gcd(size, slide)),
      panes_per_window_(size / pane_),
      panes_per_slide_(slide / pane_) {
  SS_ASSERT(size > 0 && slide > 0);
}

int64_t WindowAssigner::pane_of(TimeUs t) const noexcept { return floor_div_of_difference(t, offset_, pane_); }

int64_t WindowAssigner::first_window_of_pane(int64_t p) const noexcept {
  // Window k holds pane p when k * pps <= p < k * pps + ppw.
  const int64_t k = floor_div_of_difference(p, panes_per_window_, panes_per_slide_);
  return k == INT64_MAX ? k : k + 1;
}

int64_t WindowAssigner::last_window_of_pane(int64_t p) const noexcept { return floor_div(p, panes_per_slide_); }

TimeUs WindowAssigner::window_start(int64_t k) const noexcept { return linear(k, slide_, offset_); }

TimeUs WindowAssigner::window_end(int64_t k) const noexcept {
  const TimeUs start = linear(k, slide_, offset_);
  TimeUs end;
  if (start != kMaxTime && start != kMinTime && !__builtin_add_overflow(start, size_, &end)) return end;
  return to_int64(Int128(k) * slide_ + offset_ + size_);
}

int64_t WindowAssigner::last_window_ending_by(TimeUs t) const noexcept {
  int64_t shifted;
  if (!__builtin_sub_overflow(t, offset_, &shifted)) return floor_div_of_difference(shifted, size_, slide_);
  return to_int64(floor_div_wide(Int128(t) - offset_ - size_, slide_));
}

int64_t WindowAssigner::last_window_starting_by(TimeUs t) const noexcept {
  return floor_div_of_difference(t, offset_, slide_);
}

}  // namespace ss
