// A stage's own event-time clock: the maximum event time seen minus the allowed
// lateness, moved further (never back) by upstream watermark records.
#pragma once

#include "ss/time/timestamp.hpp"

namespace ss {

class Watermark {
 public:
  explicit Watermark(TimeUs lateness = 0) : lateness_(lateness) {}

  /// An event older than the current watermark is late.
  bool is_late(TimeUs event_time) const noexcept { return event_time < current_; }

  /// Notes an event's time; returns true when the watermark moved.
  bool observe(TimeUs event_time) noexcept {
    if (event_time <= max_event_time_) return false;
    max_event_time_ = event_time;
    return advance_to(event_time == kMinTime ? kMinTime : event_time - lateness_);
  }

  /// Moves to `ts` if that is later (upstream watermark records); true when it moved.
  bool advance_to(TimeUs ts) noexcept {
    if (ts <= current_) return false;
    current_ = ts;
    return true;
  }

  TimeUs current() const noexcept { return current_; }
  TimeUs max_event_time() const noexcept { return max_event_time_; }
  TimeUs lateness() const noexcept { return lateness_; }

  /// For restore from a snapshot.
  void restore(TimeUs current, TimeUs max_event_time) noexcept {
    current_ = current;
    max_event_time_ = max_event_time;
  }

 private:
  TimeUs lateness_;
  TimeUs current_ = kMinTime;
  TimeUs max_event_time_ = kMinTime;
};

}  // namespace ss
