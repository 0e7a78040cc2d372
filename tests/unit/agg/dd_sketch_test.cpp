#include "ss/agg/dd_sketch.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
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
  loaded.load(ss::agg_state::parse(saved), "test");
  std::string again;
  loaded.save(again);
  CHECK(again == saved);
  CHECK(loaded.count() == 6);
  CHECK(loaded.quantile(0) == -3.5);
  CHECK(loaded.quantile(1) == 1e12);
}

namespace {

// The bucket list that save() writes for the values of one sign, computed from the
// documented definition: bucket ceil(log_γ |v|), buckets below the highest - 2047 folded
// into that one, every index from the lowest to the highest listed.
std::string expected_store(const std::vector<double>& values, bool negative) {
  const double log_gamma = std::log((1 + ss::DdSketch::kRelativeAccuracy) / (1 - ss::DdSketch::kRelativeAccuracy));
  std::map<int32_t, uint64_t> buckets;
  for (const double v : values) {
    if (negative ? v > -ss::DdSketch::kMinIndexable : v < ss::DdSketch::kMinIndexable) continue;
    ++buckets[static_cast<int32_t>(std::ceil(std::log(std::fabs(v)) / log_gamma))];
  }
  if (buckets.empty()) return "[]";
  const int32_t highest = buckets.rbegin()->first;
  const int32_t lowest = std::max(buckets.begin()->first, highest - ss::DdSketch::kMaxBins + 1);
  std::vector<uint64_t> counts(static_cast<size_t>(highest - lowest) + 1);
  for (const auto& [index, count] : buckets) counts[static_cast<size_t>(std::max(index, lowest) - lowest)] += count;
  std::string out = "[" + std::to_string(lowest);
  for (const uint64_t c : counts) out += "," + std::to_string(c);
  return out + "]";
}

std::string store_of(const std::string& saved, const char* name) {
  const auto begin = saved.find(std::string("\"") + name + "\":[");
  REQUIRE(begin != std::string::npos);
  const auto open = saved.find('[', begin);
  return saved.substr(open, saved.find(']', open) - open + 1);
}

}  // namespace

TEST_CASE("DDSketch state depends only on the values: any order, any merge tree, few or many buckets", "[agg]") {
  // Few distinct buckets are kept in a compact form, more in a dense one; both must
  // save, merge and answer quantiles alike, also when values span enough orders of
  // magnitude to fold buckets.
  std::mt19937_64 rng(20261125);
  const std::vector<double> pool = {1e-250, 1e-30, 0.5, 1, 1.0001, 2, 3.5, 1e3, 1e20, 1e250, 0, -1e-250, -2, -1e20};
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<double> values(1 + rng() % 14);
    for (double& v : values) {
      const bool from_pool = rng() % 3 != 0;
      v = from_pool ? pool[rng() % pool.size()]
                    : std::ldexp(1.0 + static_cast<double>(rng() % 1000), static_cast<int>(rng() % 40));
    }

    ss::DdSketch whole;
    for (const double v : values) whole.add(v);
    std::string saved;
    whole.save(saved);
    INFO("state " << saved);
    CHECK(store_of(saved, "pos") == expected_store(values, false));
    CHECK(store_of(saved, "neg") == expected_store(values, true));

    // The same values shuffled, in pieces, merged in a random order; one piece goes
    // through save and load first (which always gives the dense form).
    std::shuffle(values.begin(), values.end(), rng);
    std::vector<ss::DdSketch> pieces(1 + rng() % 4);
    for (const double v : values) pieces[rng() % pieces.size()].add(v);
    std::string piece_state;
    pieces[0].save(piece_state);
    ss::DdSketch reloaded;
    reloaded.load(ss::agg_state::parse(piece_state), "test");
    pieces[0] = reloaded;
    std::shuffle(pieces.begin(), pieces.end(), rng);
    // Merged into a sketch that held other values and was cleared: the bins clear()
    // keeps must not show.
    ss::DdSketch merged;
    for (uint64_t i = rng() % 12; i > 0; --i) merged.add(pool[rng() % pool.size()] * static_cast<double>(i));
    merged.clear();
    for (const auto& piece : pieces) merged.merge(piece);
    std::string merged_state;
    merged.save(merged_state);
    CHECK(merged_state == saved);
    for (const double q : {0.0, 0.1, 0.5, 0.7, 0.99, 1.0}) CHECK(merged.quantile(q) == whole.quantile(q));
  }
}

namespace {

// The quantile that the documented definition gives: the values' buckets (as in
// expected_store) in ascending order of value, the first whose cumulative count exceeds
// rank q·(n−1), its value 2γ^i/(1+γ) with the bucket's sign, clamped to the exact
// minimum and maximum, which ranks 0 and n−1 give themselves.
double expected_quantile(const std::vector<double>& values, double q) {
  const double gamma = (1 + ss::DdSketch::kRelativeAccuracy) / (1 - ss::DdSketch::kRelativeAccuracy);
  const double log_gamma = std::log(gamma);
  const double lo = *std::min_element(values.begin(), values.end());
  const double hi = *std::max_element(values.begin(), values.end());
  const double rank = q * static_cast<double>(values.size() - 1);
  if (rank < 1) return lo;
  if (rank >= static_cast<double>(values.size() - 1)) return hi;
  std::map<int32_t, uint64_t> positive;
  std::map<int32_t, uint64_t> negative;
  uint64_t zeros = 0;
  for (const double v : values) {
    if (std::fabs(v) < ss::DdSketch::kMinIndexable) {
      ++zeros;
    } else {
      ++(v > 0 ? positive : negative)[static_cast<int32_t>(std::ceil(std::log(std::fabs(v)) / log_gamma))];
    }
  }
  const auto fold = [](std::map<int32_t, uint64_t>& buckets) {
    if (buckets.empty()) return;
    const int32_t lowest = buckets.rbegin()->first - ss::DdSketch::kMaxBins + 1;
    while (buckets.begin()->first < lowest) {
      buckets[lowest] += buckets.begin()->second;
      buckets.erase(buckets.begin());
    }
  };
  fold(positive);
  fold(negative);
  const auto value_of = [&](int32_t index) { return 2.0 * std::exp(index * log_gamma) / (1.0 + gamma); };
  uint64_t seen = 0;
  for (auto it = negative.rbegin(); it != negative.rend(); ++it) {
    seen += it->second;
    if (static_cast<double>(seen) > rank) return std::clamp(-value_of(it->first), lo, hi);
  }
  seen += zeros;
  if (static_cast<double>(seen) > rank) return std::clamp(0.0, lo, hi);
  for (const auto& [index, count] : positive) {
    seen += count;
    if (static_cast<double>(seen) > rank) return std::clamp(value_of(index), lo, hi);
  }
  return hi;
}

}  // namespace

TEST_CASE("DDSketch quantiles are the documented bucket's value, low and high quantiles alike", "[agg]") {
  // High quantiles are looked up from the top: they must pick the bucket the walk from
  // the bottom picks, at every rank, with negatives, zeros and folded buckets about.
  std::mt19937_64 rng(20261125);
  std::lognormal_distribution<double> lognormal(1.0, 3.0);
  const std::vector<double> pool = {1e-250, 0.5, 1, 2, 3.5, 1e3, 1e250, 0, -1e-250, -2, -1e20};
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<double> values(1 + rng() % (trial % 2 ? 12 : 400));
    for (double& v : values) {
      switch (rng() % 4) {
        case 0: v = pool[rng() % pool.size()]; break;
        case 1: v = -lognormal(rng); break;
        default: v = lognormal(rng);
      }
    }
    ss::DdSketch sketch;
    for (const double v : values) sketch.add(v);
    std::vector<double> qs = {0.0, 0.25, 0.5, 0.5000001, 0.75, 0.9, 0.99, 0.999, 1.0};
    for (size_t r = 0; r < values.size() && values.size() > 1; r += 1 + values.size() / 50) {
      qs.push_back(static_cast<double>(r) / static_cast<double>(values.size() - 1));  // exact ranks
    }
    for (const double q : qs) {
      INFO("trial " << trial << " n=" << values.size() << " q=" << q);
      CHECK(sketch.quantile(q) == expected_quantile(values, q));
    }
  }
}
