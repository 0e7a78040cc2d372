// Holds the events ss-gen writes late (--out-of-order): each waits until the stream's
// event time reaches its release time, so it comes out behind newer events but never
// more than its delay behind them.
#pragma once

#include <queue>
#include <vector>

#include "ss/gen/gen_event.hpp"

namespace ss {

class DelayBuffer {
 public:
  /// Holds `event` until release time `release` (>= event.ts).
  void push(const GenEvent& event, TimeUs release);
  /// True when some event's release time is <= `now`.
  bool ready(TimeUs now) const noexcept { return !held_.empty() && held_.top().release <= now; }
  bool empty() const noexcept { return held_.empty(); }
  size_t size() const noexcept { return held_.size(); }
  /// Removes and returns the event with the earliest release time (ties: earliest
  /// generated). Precondition: !empty().
  GenEvent pop();

 private:
  struct Held {
    TimeUs release;
    GenEvent event;
  };
  struct Later {
    bool operator()(const Held& a, const Held& b) const noexcept {
      return a.release != b.release ? a.release > b.release : a.event.seq > b.event.seq;
    }
  };
  std::priority_queue<Held, std::vector<Held>, Later> held_;
};

}  // namespace ss
