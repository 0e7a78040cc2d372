#include "ss/gen/session_simulator.hpp"

#include <cmath>
#include <utility>

#include "ss/base/error.hpp"

namespace ss {

namespace {

constexpr uint32_t kMaxSessionEvents = 10'000;
// Heap keys hold milliseconds in 44 bits (557 years).
constexpr uint64_t kMaxOffsetMs = 500ULL * 366 * 86'400'000;
constexpr const char* kTooLong =
    "the simulated time span exceeds 500 years: use fewer --events, more --keys or shorter "
    "--mean-gap and --mean-break";

TimeUs round_us(double us) noexcept { return static_cast<TimeUs>(std::floor(us + 0.5)); }

}  // namespace

SessionSimulator::SessionSimulator(const UserPopulation& users, TimeUs start, TimeUs mean_gap, TimeUs mean_break,
                                   uint64_t seed)
    : users_(users),
      start_(start),
      mean_gap_us_(static_cast<double>(mean_gap)),
      mean_start_gap_us_(static_cast<double>(mean_break) / users.size()),
      rng_(seed, 1),
      next_start_(0) {
  SS_ASSERT(mean_gap >= kMillisecond && mean_break >= kMillisecond);
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
    const size_t parent = (i - 1) / 4;
    if (active_[parent].key <= s.key) break;
    active_[i] = active_[parent];
    i = parent;
  }
  active_[i] = s;
}

void SessionSimulator::sift_down(size_t i) noexcept {
  const size_t n = active_.size();
  const ActiveSession moving = active_[i];
  for (;;) {
    const size_t first = 4 * i + 1;
    if (first >= n) break;
    const size_t last = first + 4 < n ? first + 4 : n;
    size_t child = first;
    for (size_t c = first + 1; c < last; ++c) {
      if (active_[c].key < active_[child].key) child = c;
    }
    if (active_[child].key >= moving.key) break;
    active_[i] = active_[child];
    i = child;
  }
  active_[i] = moving;
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
  constexpr uint64_t kOrderMask = (uint64_t{1} << kOrderBits) - 1;
  for (;;) {
    // Session starts keep microsecond precision so that short mean gaps between starts
    // (many users) are not distorted; the session's events fall on whole milliseconds.
    const auto start_ms = static_cast<uint64_t>(next_start_ / kMillisecond);
    if (start_ms > kMaxOffsetMs) throw_usage(kTooLong);
    if (active_.empty() || start_ms <= active_.front().key >> kOrderBits) {
      push({start_ms << kOrderBits | (sessions_++ & kOrderMask), users_.pick(rng_), session_length()});
      next_start_ += round_us(rng_.exponential(mean_start_gap_us_));
      continue;
    }
    ActiveSession s = active_.front();
    const uint64_t ms = s.key >> kOrderBits;
    const bool started = (s.remaining & kStartedBit) != 0;
    const uint32_t remaining = s.remaining & ~kStartedBit;
    SessionStep step;
    step.ts = start_ + static_cast<TimeUs>(ms) * kMillisecond;
    step.user = s.user;
    step.position = !started         ? SessionPosition::first
                    : remaining == 1 ? SessionPosition::last
                                     : SessionPosition::middle;
    if (remaining > 1) {
      const auto gap = static_cast<uint64_t>(round_us(rng_.exponential(mean_gap_us_)) / kMillisecond);
      if (ms + gap > kMaxOffsetMs) throw_usage(kTooLong);
      s.key += (gap < 1 ? 1 : gap) << kOrderBits;
      s.remaining = (remaining - 1) | kStartedBit;
      replace_top(s);
    } else {
      pop_top();
    }
    return step;
  }
}

}  // namespace ss
