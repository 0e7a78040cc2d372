// Window arithmetic on event time: which panes and windows hold a time, where they
// start and end. Windows are aligned to the Unix epoch plus an offset, as Spark's
// window() and Flink's window assigners align them; sliding windows are built from
// panes of gcd(size, slide), so each event updates exactly one pane.
#pragma once

#include <cstdint>

#include "ss/time/timestamp.hpp"

namespace ss {

/// Window k covers [k * slide + offset, k * slide + offset + size); pane p covers
/// [p * pane + offset, (p + 1) * pane + offset). Indices may be negative (before 1970
/// or before the offset). All divisions round toward negative infinity.
class WindowAssigner {
 public:
  /// Precondition: size > 0 and slide > 0. Any offset is accepted and taken modulo
  /// the slide, since only the alignment matters (-15m with 1h windows is 45m).
  WindowAssigner(TimeUs size, TimeUs slide, TimeUs offset);

  TimeUs size() const noexcept { return size_; }
  TimeUs slide() const noexcept { return slide_; }
  /// The offset modulo the slide, in [0, slide).
  TimeUs offset() const noexcept { return offset_; }
  /// Pane length: gcd(size, slide).
  TimeUs pane() const noexcept { return pane_; }
  /// Panes per window (size / pane) and per slide (slide / pane).
  int64_t panes_per_window() const noexcept { return panes_per_window_; }
  int64_t panes_per_slide() const noexcept { return panes_per_slide_; }

  /// The pane holding time `t`: floor((t - offset) / pane).
  int64_t pane_of(TimeUs t) const noexcept;

  /// The windows holding pane `p` are first_window_of_pane(p) .. last_window_of_pane(p);
  /// none (first > last) when the slide is longer than the size and `p` falls between
  /// two windows.
  int64_t first_window_of_pane(int64_t p) const noexcept;
  int64_t last_window_of_pane(int64_t p) const noexcept;
  /// The first pane of window `k`; it has panes_per_window() panes.
  int64_t first_pane_of_window(int64_t k) const noexcept { return k * panes_per_slide_; }

  /// Start and end of window `k`, saturated at kMinTime / kMaxTime.
  TimeUs window_start(int64_t k) const noexcept;
  TimeUs window_end(int64_t k) const noexcept;

  /// The last window whose end is at or before `t`: the watermark `t` closes it and
  /// every window before it.
  int64_t last_window_ending_by(TimeUs t) const noexcept;
  /// The last window whose start is at or before `t`.
  int64_t last_window_starting_by(TimeUs t) const noexcept;

 private:
  TimeUs size_;
  TimeUs slide_;
  TimeUs offset_;
  TimeUs pane_;
  int64_t panes_per_window_;
  int64_t panes_per_slide_;
};

}  // namespace ss
