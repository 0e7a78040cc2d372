// When --emit update writes the groups that changed: on every event, once per --every
// of event time (each time the watermark enters a new interval, aligned to the epoch),
// or once per --every of wall-clock time with --every-processing.
#pragma once

#include <chrono>
#include <cstdint>

#include "ss/time/timestamp.hpp"

namespace ss {

class UpdateClock {
 public:
  /// `every` 0 means on every event; `processing` counts `every` on the wall clock.
  UpdateClock(TimeUs every, bool processing) : every_(every), processing_(processing) {}

  /// Updates are written right after each event, by the caller.
  bool per_event() const noexcept { return every_ == 0; }
  bool processing_time() const noexcept { return processing_; }

  /// Event time: true when `watermark` lies in a later --every interval than the
  /// watermark of the previous emission (the first watermark always is). Records the
  /// emission. Always false in the other modes.
  bool due_at_watermark(TimeUs watermark) noexcept;
  /// Wall clock: true when --every has passed since the previous emission (or since
  /// the clock was made). Records the emission. Always false in the other modes.
  bool due_now() noexcept;

  /// The event-time interval of the previous emission, saved in snapshots so that a
  /// restarted run emits exactly when an uninterrupted one would.
  int64_t last_interval() const noexcept { return last_interval_; }
  void restore(int64_t last_interval) noexcept { last_interval_ = last_interval; }

 private:
  TimeUs every_;
  bool processing_;
  int64_t last_interval_ = INT64_MIN;
  std::chrono::steady_clock::time_point next_wall_ = std::chrono::steady_clock::now();
};

}  // namespace ss
