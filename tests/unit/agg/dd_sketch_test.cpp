#include "ss/agg/dd_sketch.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "ss/agg/agg_state.hpp"

namespace {

double exact_quantile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  return sorted[static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)))];
}

void check_quantiles(const ss::DdSketch& sketch, const std::vector<double>& values) {
  for (const double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const double exact = exact_quantile(values, q);
    const double estimate = sketch.quantile(q);
    INFO("q=" << q << " exact=" << exact << " estimate=" << estimate);
    if (exact == 0) {
      CHECK(estimate == 0);
    } else {
      CHECK(std::fabs(estimate - exact) <= 0.01 * std::fabs(exact) * (1 + 1e-12));
    }
  }
}

}  // namespace

TEST_CASE("DDSketch quantiles are within 1% relative error, negatives and zeros included", "[agg]") {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> lognormal(3.0, 2.0);
  std::uniform_real_distribution<double> uniform(-1000, 1000);
  std::vector<double> values;
  ss::DdSketch sketch;
  for (int i = 0; i < 20000; ++i) {
    double v;
    switch (i % 5) {
      case 0: v = -lognormal(rng); break;
      case 1: v = 0; break;
      case 2: v = uniform(rng); break;
      default: v = lognormal(rng);
    }
    values.push_back(v);
    sketch.add(v);
  }
  CHECK(sketch.count() == values.size());
  check_quantiles(sketch, values);
}

TEST_CASE("DDSketch stays accurate for the high quantiles of data spanning 30 orders of magnitude", "[agg]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(-10, 20);
  std::vector<double> values;
  ss::DdSketch sketch;
  ss::DdSketch a;
  ss::DdSketch b;
  for (int i = 0; i < 5000; ++i) {
    const double v = std::pow(10.0, exponent(rng));
    values.push_back(v);
    sketch.add(v);
    (i % 2 ? a : b).add(v);
  }
  std::sort(values.begin(), values.end());
  for (const double q : {0.5, 0.9, 0.99, 1.0}) {
    const double exact = exact_quantile(values, q);
    CHECK(std::fabs(sketch.quantile(q) - exact) <= 0.01 * exact * (1 + 1e-12));
  }
  // Folding the lowest buckets does not depend on the order of merges.
  a.merge(b);
  std::string merged;
  std::string direct;
  a.save(merged);
  sketch.save(direct);
  CHECK(merged == direct);
}

TEST_CASE("DDSketch saves and loads byte for byte", "[agg]") {
  ss::DdSketch sketch;
  for (const double v : {-3.5, 0.0, 1e-9, 2.0, 2.0, 1e12}) sketch.add(v);
  std::string saved;
  sketch.save(saved);
  ss::DdSketch loaded;
  loaded.load(ss::agg_state::parse(saved, "test"), "test");
  std::string again;
  loaded.save(again);
  CHECK(again == saved);
  CHECK(loaded.count() == 6);
  CHECK(loaded.quantile(0) == -3.5);
  CHECK(loaded.quantile(1) == 1e12);
}
