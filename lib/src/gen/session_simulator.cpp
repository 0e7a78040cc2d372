#include "ss/gen/session_simulator.hpp"

#include <cmath>
#include <utility>

#include "ss/cli/error.hpp"

namespace ss {

namespace {

constexpr TimeUs kMs = 1000;
constexpr uint32_t kMaxSessionEvents = 10'000;

TimeUs round_us(double us) noexcept { return static_cast<TimeUs>(std::floor(us + 0.5)); }

}  // namespace

SessionSimulator::SessionSimulator(const UserPopulation& users, TimeUs start, TimeUs mean_gap,
                                   TimeUs mean_break, uint64_t seed)
    : users_(users),
      start_(start),
      mean_gap_us_(static_cast<double>(mean_gap)),
      mean_start_gap_us_(static_cast<double>(mean_break) / users.size()),
      rng_(seed, 1),
      next_start_(0) {
  SS_ASSERT(mean_gap >= kMs && mean_break >= kMs);
}

uint32_t SessionSimulator::session_length() noexcept {
  // Geometric on {1, 2, ...} with mean kMeanSessionEvents, by inversion.
  static const double kLogFail = std::log(1 - 1 / kMeanSessionEvents);
  const double extra = std::floor(std::log(1.0 - rng_.uniform()) / kLogFail);
  return extra >= kMaxSessionEvents - 1 ? kMaxSessionEvents : 1 + static_cast<uint32_t>(extra);
}

void SessionSimulator::push(const ActiveSession& s) {
  active_.push_back(s);
  size_t i = active_.size() - 1;
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!earlier(active_[i], active_[parent])) break;
    std::swap(active_[i], active_[parent]);
    i = parent;
  }
}

void SessionSimulator::sift_down(size_t i) noexcept {
  const size_t n = active_.size();
  for (;;) {
    const size_t left = 2 * i + 1;
    if (left >= n) return;
    size_t child = left;
    if (left + 1 < n && earlier(active_[left + 1], active_[left])) child = left + 1;
    if (!earlier(active_[child], active_[i])) return;
    std::swap(active_[i], active_[child]);
    i = child;
  }
}

void SessionSimulator::replace_top(const ActiveSession& s) noexcept {
  active_.front() = s;
  sift_down(0);
}

void SessionSimulator::pop_top() noexcept {
  active_.front() = active_.back();
  active_.pop_back();
  if (!active_.empty()) sift_down(0);
}

SessionStep SessionSimulator::next() {
  for (;;) {
    // Session starts keep microsecond precision so that short mean gaps between starts
    // (many users) are not distorted; the session's events fall on whole milliseconds.
    const TimeUs start_ms = next_start_ / kMs * kMs;
    if (active_.empty() || start_ms <= active_.front().next) {
      push({start_ms, sessions_++, users_.pick(rng_), session_length(), false});
      next_start_ += round_us(rng_.exponential(mean_start_gap_us_));
      continue;
    }
    ActiveSession s = active_.front();
    SessionStep step;
    step.ts = start_ + s.next;
    step.user = s.user;
    step.position = !s.started ? SessionPosition::first
                    : s.remaining == 1 ? SessionPosition::last
                                       : SessionPosition::middle;
    if (--s.remaining > 0) {
      const TimeUs gap = round_us(rng_.exponential(mean_gap_us_)) / kMs * kMs;
      s.next += gap < kMs ? kMs : gap;
      s.started = true;
      replace_top(s);
    } else {
      pop_top();
    }
    return step;
  }
}

}  // namespace ss
