// The timing model of ss-gen: which user acts when, in event-time order.
//
// Sessions start as one Poisson process over all users, each start picking its user by
// Zipf popularity. A session is a run of events (geometric count, mean 10) separated by
// exponential gaps of mean --mean-gap. A user's break between sessions is then
// exponential too, with mean --mean-break for a user of average popularity (1/K of the
// starts) and proportionally shorter for popular users, whose sessions also overlap and
// so look longer and denser to a sessionizer. Each user's share of the events is its
// Zipf share, and any number of events can be drawn: the stream never ends.
#pragma once

#include <cstdint>
#include <vector>

#include "ss/base/rng.hpp"
#include "ss/gen/request_model.hpp"
#include "ss/gen/user_population.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct SessionStep {
  TimeUs ts = 0;  ///< whole milliseconds after the start time
  uint32_t user = 0;
  SessionPosition position = SessionPosition::middle;
};

class SessionSimulator {
 public:
  static constexpr double kMeanSessionEvents = 10;

  /// `users` must outlive the simulator. `mean_gap` and `mean_break` >= 1ms.
  SessionSimulator(const UserPopulation& users, TimeUs start, TimeUs mean_gap, TimeUs mean_break, uint64_t seed);

  /// The next event in event-time order: times never decrease, and one user's times
  /// strictly increase within a session.
  SessionStep next();

 private:
  // 16 bytes, so that a node's four children share a cache line or two: with a million
  // users the heap holds tens of thousands of sessions and sifting is the main cost.
  struct ActiveSession {
    uint64_t key;  ///< (ms of next event after start) << kOrderBits | creation order
    uint32_t user;
    uint32_t remaining;  ///< events still to come, the next one included; kStartedBit once begun
  };
  static constexpr int kOrderBits = 20;
  static constexpr uint32_t kStartedBit = 0x80000000U;

  uint32_t session_length() noexcept;
  // A 4-ary min-heap by key, by hand rather than std::priority_queue: half the depth of
  // a binary heap, and replace_top() moves a session to its next event with one sift
  // instead of a pop and a push. Keys differ except for sessions at the same millisecond
  // whose creation orders agree in the low kOrderBits, which the fixed code still orders
  // the same way every time.
  void push(const ActiveSession& s);
  void replace_top(const ActiveSession& s) noexcept;
  void pop_top() noexcept;
  void sift_down(size_t i) noexcept;

  const UserPopulation& users_;
  const TimeUs start_;
  const double mean_gap_us_;
  const double mean_start_gap_us_;  ///< mean time between two session starts, any user
  Rng rng_;
  TimeUs next_start_;  ///< next session start, microseconds (rounded down to ms on use)
  uint64_t sessions_ = 0;
  std::vector<ActiveSession> active_;  ///< min-heap by key
};

}  // namespace ss
