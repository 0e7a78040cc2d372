#include "ss/agg/dd_sketch.hpp"

#include <algorithm>
#include <cmath>

#include "ss/agg/agg_state.hpp"
#include "ss/cli/error.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr double kGamma = (1 + DdSketch::kRelativeAccuracy) / (1 - DdSketch::kRelativeAccuracy);

double log_gamma() {
  static const double value = std::log(kGamma);
  return value;
}

// Bucket indexes of the values DdSketch can hold, with room to spare.
constexpr int64_t kIndexLimit = 1 << 20;

}  // namespace

int32_t DdSketch::index_of(double magnitude) noexcept {
  return static_cast<int32_t>(std::ceil(std::log(magnitude) / log_gamma()));
}

double DdSketch::value_of(int32_t index) noexcept {
  // The point of (γ^(i-1), γ^i] whose relative distance to both ends is the accuracy.
  return 2.0 * std::exp(index * log_gamma()) / (1.0 + kGamma);
}

void DdSketch::Store::span(int32_t lo, int32_t hi) {
  lo = std::max(lo, hi - kMaxBins + 1);
  if (!bins.empty() && lo == offset && hi >= top()) {
    bins.resize(static_cast<size_t>(hi - lo) + 1);  // growing upwards: amortised O(1)
    return;
  }
  std::vector<uint64_t> spanned(static_cast<size_t>(hi - lo) + 1);
  for (size_t i = 0; i < bins.size(); ++i) {
    const int32_t index = std::max(offset + static_cast<int32_t>(i), lo);
    spanned[static_cast<size_t>(index - lo)] += bins[i];
  }
  offset = lo;
  bins = std::move(spanned);
}

void DdSketch::Store::add(int32_t index, uint64_t n) {
  if (bins.empty()) {
    offset = index;
    bins.assign(1, n);
    return;
  }
  if (index < offset || index > top()) span(std::min(index, offset), std::max(index, top()));
  // Below the kept range after folding: the count joins the lowest kept bucket.
  bins[static_cast<size_t>(std::max(index, offset) - offset)] += n;
}

void DdSketch::Store::merge(const Store& other) {
  if (other.bins.empty()) return;
  if (bins.empty()) {
    *this = other;
    return;
  }
  span(std::min(offset, other.offset), std::max(top(), other.top()));
  // bins now reach other's top; what lies below their first bucket folds into it.
  for (size_t i = 0; i < other.bins.size(); ++i) {
    const int32_t index = std::max(other.offset + static_cast<int32_t>(i), offset);
    bins[static_cast<size_t>(index - offset)] += other.bins[i];
  }
}

void DdSketch::Store::save(std::string& out) const {
  out.push_back('[');
  if (!bins.empty()) {
    append_json_number(out, static_cast<int64_t>(offset));
    for (const uint64_t c : bins) {
      out.push_back(',');
      append_json_number(out, c);
    }
  }
  out.push_back(']');
}

uint64_t DdSketch::Store::load(const simdjson::dom::element& state, const char* what) {
  bins.clear();
  offset = 0;
  const auto array = agg_state::to_array(state, what);
  uint64_t total = 0;
  bool first = true;
  for (const auto e : array) {
    if (first) {
      const int64_t index = agg_state::to_int64(e, what);
      if (index < -kIndexLimit || index > kIndexLimit) agg_state::fail(what, "bucket index out of range");
      offset = static_cast<int32_t>(index);
      first = false;
      continue;
    }
    const uint64_t c = agg_state::to_uint64(e, what);
    if (total + c < total) agg_state::fail(what, "counts overflow");
    total += c;
    bins.push_back(c);
  }
  if (!first && bins.empty()) agg_state::fail(what, "bucket list without counts");
  if (bins.size() > static_cast<size_t>(kMaxBins) || offset + static_cast<int64_t>(bins.size()) > kIndexLimit) {
    agg_state::fail(what, "too many buckets");
  }
  if (!bins.empty() && (bins.front() == 0 || bins.back() == 0)) agg_state::fail(what, "bucket list not trimmed");
  return total;
}

void DdSketch::add(double v) {
  SS_ASSERT(std::isfinite(v));
  if (count_ == 0) {
    min_ = max_ = v;
  } else {
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  ++count_;
  if (v >= kMinIndexable) {
    positive_.add(index_of(v), 1);
  } else if (v <= -kMinIndexable) {
    negative_.add(index_of(-v), 1);
  } else {
    ++zero_count_;
  }
}

void DdSketch::merge(const DdSketch& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  zero_count_ += other.zero_count_;
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
}

double DdSketch::quantile(double q) const {
  SS_ASSERT(count_ > 0);
  const double rank = q * static_cast<double>(count_ - 1);
  // The smallest and largest values are known exactly.
  if (rank < 1) return min_;
  if (rank >= static_cast<double>(count_ - 1)) return max_;
  const auto clamp = [&](double v) { return std::clamp(v, min_, max_); };
  uint64_t seen = 0;
  // Sorted order: the most negative (highest |v| index) first, then zero, then positives.
  for (size_t i = negative_.bins.size(); i-- > 0;) {
    seen += negative_.bins[i];
    if (static_cast<double>(seen) > rank) return clamp(-value_of(negative_.offset + static_cast<int32_t>(i)));
  }
  seen += zero_count_;
  if (static_cast<double>(seen) > rank) return clamp(0.0);
  for (size_t i = 0; i < positive_.bins.size(); ++i) {
    seen += positive_.bins[i];
    if (static_cast<double>(seen) > rank) return clamp(value_of(positive_.offset + static_cast<int32_t>(i)));
  }
  return max_;
}

void DdSketch::save(std::string& out) const {
  out += "{\"zero\":";
  append_json_number(out, zero_count_);
  if (count_ > 0) {
    out += ",\"min\":";
    append_json_number(out, min_);
    out += ",\"max\":";
    append_json_number(out, max_);
  }
  out += ",\"pos\":";
  positive_.save(out);
  out += ",\"neg\":";
  negative_.save(out);
  out.push_back('}');
}

void DdSketch::load(const simdjson::dom::element& state, const char* what) {
  const auto object = agg_state::to_object(state, what);
  zero_count_ = agg_state::to_uint64(agg_state::member(object, "zero", what), what);
  const uint64_t positives = positive_.load(agg_state::member(object, "pos", what), what);
  const uint64_t negatives = negative_.load(agg_state::member(object, "neg", what), what);
  count_ = zero_count_ + positives + negatives;
  if (count_ < zero_count_ || count_ - zero_count_ < positives) agg_state::fail(what, "counts overflow");
  min_ = max_ = 0;
  if (count_ > 0) {
    min_ = agg_state::to_double(agg_state::member(object, "min", what), what);
    max_ = agg_state::to_double(agg_state::member(object, "max", what), what);
    if (!(min_ <= max_)) agg_state::fail(what, "min above max");
  }
}

}  // namespace ss
