// The pseudo-random source of ss-gen: xoshiro256** seeded through splitmix64, and the
// few distributions the generator draws from, written here so that the same seed gives
// the same numbers with every compiler and standard library (std:: distributions don't).
#pragma once

#include <cstdint>

namespace ss {

/// One step of splitmix64: advances `state` and returns its next output.
inline uint64_t splitmix64(uint64_t& state) noexcept {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A stateless 64-bit hash (the splitmix64 finaliser of `x`): for attributes that must
/// depend only on an id, such as a user's address.
inline uint64_t mix64(uint64_t x) noexcept { return splitmix64(x); }

class Rng {
 public:
  /// Independent streams of one seed: the generator gives each concern (timing, request
  /// content, disorder, damage) its own stream, so that turning one option on does not
  /// change what the others draw.
  Rng(uint64_t seed, uint64_t stream) noexcept;

  /// The next raw 64-bit output of xoshiro256**.
  uint64_t next() noexcept;
  /// Uniform in [0, 1), 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n); n must be positive. Unbiased (rejection).
  uint64_t below(uint64_t n) noexcept;
  /// True with probability p.
  bool chance(double p) noexcept { return uniform() < p; }
  /// Exponential with the given mean (inversion).
  double exponential(double mean) noexcept;
  /// Standard normal (Marsaglia's polar method; the second value of each pair is kept
  /// for the next call).
  double normal() noexcept;
  /// exp(log(median) + sigma * normal()): log-normal with the given median.
  double log_normal(double median, double sigma) noexcept;
  /// Pareto with minimum 1 and tail index alpha > 0: P(X > x) = x^-alpha.
  double pareto(double alpha) noexcept;

 private:
  uint64_t s_[4];
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

}  // namespace ss
