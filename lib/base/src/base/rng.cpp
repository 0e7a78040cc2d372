#include "ss/base/rng.hpp"

#include <bit>
#include <cmath>

namespace ss {

Rng::Rng(uint64_t seed, uint64_t stream) noexcept {
  // Streams differ in their splitmix64 starting point; xoshiro's state is never all zero
  // because splitmix64 outputs are a bijection of distinct counters.
  uint64_t state = seed ^ mix64(stream + 0x5ca1ab1eULL);
  for (auto& word : s_) word = splitmix64(state);
}

uint64_t Rng::next() noexcept {
  const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = std::rotl(s_[3], 45);
  return result;
}

uint64_t Rng::below(uint64_t n) noexcept {
  // Values below `threshold` would make some residues more likely than others.
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    const uint64_t x = next();
    if (x >= threshold) return x % n;
  }
}

double Rng::exponential(double mean) noexcept {
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - uniform());
}

double Rng::normal() noexcept {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  for (;;) {
    const double u = 2 * uniform() - 1;
    const double v = 2 * uniform() - 1;
    const double s = u * u + v * v;
    if (s < 1 && s > 0) {
      const double scale = std::sqrt(-2 * std::log(s) / s);
      spare_normal_ = v * scale;
      has_spare_normal_ = true;
      return u * scale;
    }
  }
}

double Rng::log_normal(double median, double sigma) noexcept { return median * std::exp(sigma * normal()); }

double Rng::pareto(double alpha) noexcept { return std::pow(1.0 - uniform(), -1.0 / alpha); }

}  // namespace ss
