#include "ss/gen/zipf_sampler.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

TEST_CASE("ZipfSampler probabilities follow 1/(r+1)^s and sum to 1", "[gen]") {
  const ss::ZipfSampler zipf(100, 1.1);
  double total = 0;
  for (size_t r = 0; r < zipf.size(); ++r) {
    total += zipf.probability(r);
    if (r > 0) CHECK(zipf.probability(r) < zipf.probability(r - 1));
  }
  CHECK(total == Approx(1));
  CHECK(zipf.probability(0) / zipf.probability(9) == Approx(std::pow(10, 1.1)));
}

TEST_CASE("ZipfSampler with exponent 0 is uniform", "[gen]") {
  const ss::ZipfSampler zipf(4, 0);
  for (size_t r = 0; r < 4; ++r) CHECK(zipf.probability(r) == Approx(0.25));
}

TEST_CASE("ZipfSampler draws ranks as often as their probability", "[gen]") {
  const ss::ZipfSampler zipf(10, 1.0);
  ss::Rng rng(3, 0);
  std::vector<int> counts(10);
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const size_t r = zipf.sample(rng);
    REQUIRE(r < 10);
    ++counts[r];
  }
  for (size_t r = 0; r < 10; ++r) {
    CHECK(static_cast<double>(counts[r]) / kN == Approx(zipf.probability(r)).epsilon(0.05));
  }
}

TEST_CASE("ZipfSampler with one rank always draws it", "[gen]") {
  const ss::ZipfSampler zipf(1, 2);
  ss::Rng rng(3, 0);
  for (int i = 0; i < 100; ++i) CHECK(zipf.sample(rng) == 0);
  CHECK(zipf.probability(0) == 1);
}
