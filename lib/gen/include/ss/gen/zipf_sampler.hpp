// Draws ranks with Zipf popularity: rank r (0-based) has weight 1 / (r + 1)^s. Used for
// which user starts a session and which path a request asks for.
#pragma once

#include <cstddef>
#include <vector>

#include "ss/base/rng.hpp"

namespace ss {

class ZipfSampler {
 public:
  /// `n` >= 1 ranks, exponent `s` >= 0 (0 is uniform). Precomputes the CDF: O(n) memory.
  ZipfSampler(size_t n, double s);

  /// A rank in [0, n), rank 0 the most likely: one uniform draw, then a binary search.
  size_t sample(Rng& rng) const noexcept;
  /// The probability of `rank`.
  double probability(size_t rank) const noexcept;
  size_t size() const noexcept { return cdf_.size(); }

 private:
  std::vector<double> cdf_;  ///< cdf_[r] = P(rank <= r); the last entry is exactly 1
};

}  // namespace ss
