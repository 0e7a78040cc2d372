#include "ss/gen/zipf_sampler.hpp"

#include <algorithm>
#include <cmath>

#include "ss/base/error.hpp"

namespace ss {

ZipfSampler::ZipfSampler(size_t n, double s) : cdf_(n) {
  SS_ASSERT(n >= 1 && s >= 0);
  double total = 0;
  for (size_t r = 0; r < n; ++r) {
    total += std::pow(static_cast<double>(r + 1), -s);
    cdf_[r] = total;
  }
  for (auto& c : cdf_) c /= total;
  // Rounding could leave the last entry a hair below 1, and a draw above it would fall
  // off the end.
  cdf_.back() = 1.0;
}

size_t ZipfSampler::sample(Rng& rng) const noexcept {
  const double u = rng.uniform();
  const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  return static_cast<size_t>(it - cdf_.begin());
}

double ZipfSampler::probability(size_t rank) const noexcept {
  return rank == 0 ? cdf_[0] : cdf_[rank] - cdf_[rank - 1];
}

}  // namespace ss
