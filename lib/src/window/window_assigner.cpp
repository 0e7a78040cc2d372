#include "ss/window/window_assigner.hpp"

#include <numeric>

#include "ss/cli/error.hpp"

namespace ss {

namespace {

// Times span the whole int64 range, so `t - offset` and `k * slide + offset` are
// computed in 128 bits and saturated only when they become times again.
__extension__ typedef __int128 Int128;

Int128 floor_div(Int128 a, Int128 b) noexcept {
  Int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

TimeUs saturate(Int128 v) noexcept {
  if (v > kMaxTime) return kMaxTime;
  if (v < kMinTime) return kMinTime;
  return static_cast<TimeUs>(v);
}

int64_t to_index(Int128 v) noexcept {
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(v);
}

}  // namespace

WindowAssigner::WindowAssigner(TimeUs size, TimeUs slide, TimeUs offset)
    : size_(size),
      slide_(slide),
      offset_(static_cast<TimeUs>(((offset % slide) + slide) % slide)),
      pane_(std::gcd(size, slide)),
      panes_per_window_(size / pane_),
      panes_per_slide_(slide / pane_) {
  SS_ASSERT(size > 0 && slide > 0);
}

int64_t WindowAssigner::pane_of(TimeUs t) const noexcept {
  // The common case in 64 bits: this runs for every event.
  int64_t shifted;
  if (!__builtin_sub_overflow(t, offset_, &shifted)) {
    int64_t q = shifted / pane_;
    if (shifted % pane_ != 0 && shifted < 0) --q;
    return q;
  }
  return to_index(floor_div(Int128(t) - offset_, pane_));
}

int64_t WindowAssigner::first_window_of_pane(int64_t p) const noexcept {
  // Window k holds pane p when k * pps <= p < k * pps + ppw.
  return to_index(floor_div(Int128(p) - panes_per_window_, panes_per_slide_) + 1);
}

int64_t WindowAssigner::last_window_of_pane(int64_t p) const noexcept {
  return to_index(floor_div(p, panes_per_slide_));
}

TimeUs WindowAssigner::window_start(int64_t k) const noexcept { return saturate(Int128(k) * slide_ + offset_); }

TimeUs WindowAssigner::window_end(int64_t k) const noexcept {
  return saturate(Int128(k) * slide_ + offset_ + size_);
}

int64_t WindowAssigner::last_window_ending_by(TimeUs t) const noexcept {
  return to_index(floor_div(Int128(t) - offset_ - size_, slide_));
}

int64_t WindowAssigner::last_window_starting_by(TimeUs t) const noexcept {
  return to_index(floor_div(Int128(t) - offset_, slide_));
}

}  // namespace ss
