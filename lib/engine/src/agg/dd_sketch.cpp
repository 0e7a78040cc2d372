#include "ss/agg/dd_sketch.hpp"

#include <algorithm>
#include <cmath>

#include "ss/agg/agg_state.hpp"
#include "ss/base/error.hpp"
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
  SS_ASSERT(bins.empty() || hi >= top());
  lo = std::max(lo, hi - kMaxBins + 1);
  if (bins.empty() || lo <= offset) {
    // Nothing folds: the bins move up by offset - lo, zeros below and above them.
    const size_t shift = bins.empty() ? 0 : static_cast<size_t>(offset - lo);
    const size_t kept = bins.size();
    bins.resize(static_cast<size_t>(hi - lo) + 1);  // within the capacity clear() kept, mostly
    if (shift > 0) {
      std::copy_backward(bins.begin(), bins.begin() + static_cast<std::ptrdiff_t>(kept),
                         bins.begin() + static_cast<std::ptrdiff_t>(kept + shift));
      std::fill(bins.begin(), bins.begin() + static_cast<std::ptrdiff_t>(std::min(shift, kept)), 0);
    }
    offset = lo;
    return;
  }
  // The range outgrew kMaxBins: the lowest buckets fold into the new lowest one.
  std::vector<uint64_t> spanned(static_cast<size_t>(hi - lo) + 1);
  for (size_t i = 0; i < bins.size(); ++i) {
    const int32_t index = std::max(offset + static_cast<int32_t>(i), lo);
    spanned[static_cast<size_t>(index - lo)] += bins[i];
  }
  offset = lo;
  bins = std::move(spanned);
}

void DdSketch::Store::add(int32_t index, uint64_t n) {
  if (!dense()) {
    uint32_t i = 0;
    while (i < sparse_size && sparse_index[i] < index) ++i;
    if (i < sparse_size && sparse_index[i] == index) {
      sparse_count[i] += n;
      return;
    }
    if (sparse_size < kSparseBuckets) {
      for (uint32_t j = sparse_size; j > i; --j) {
        sparse_index[j] = sparse_index[j - 1];
        sparse_count[j] = sparse_count[j - 1];
      }
      sparse_index[i] = index;
      sparse_count[i] = n;
      ++sparse_size;
      return;
    }
    make_dense();
  }
  if (index < offset || index > top()) span(std::min(index, offset), std::max(index, top()));
  // Below the lowest kept bucket (folded): counted there.
  bins[static_cast<size_t>(std::max(index, offset) - offset)] += n;
}

void DdSketch::Store::make_dense() {
  if (dense() || sparse_size == 0) return;
  const uint32_t size = sparse_size;
  sparse_size = 0;
  offset = sparse_index[0];
  bins.assign(1, sparse_count[0]);
  for (uint32_t i = 1; i < size; ++i) add(sparse_index[i], sparse_count[i]);
}

void DdSketch::Store::merge(const Store& other) {
  if (!other.dense()) {
    for (uint32_t i = 0; i < other.sparse_size; ++i) add(other.sparse_index[i], other.sparse_count[i]);
    return;
  }
  if (!dense()) {
    // Into a copy of the dense one (in this store's bins, whose memory clear() may have
    // kept): the same buckets, whichever side held them.
    const uint32_t size = sparse_size;
    int32_t index[kSparseBuckets];
    uint64_t count[kSparseBuckets];
    std::copy_n(sparse_index, size, index);
    std::copy_n(sparse_count, size, count);
    sparse_size = 0;
    offset = other.offset;
    bins.assign(other.bins.begin(), other.bins.end());
    for (uint32_t i = 0; i < size; ++i) add(index[i], count[i]);
    return;
  }
  span(std::min(offset, other.offset), std::max(top(), other.top()));
  // Buckets of other below the (possibly raised) lowest one fold into it; the rest add
  // bin to bin, in a loop the compiler vectorises.
  const size_t n = other.bins.size();
  size_t i = 0;
  for (; i < n && other.offset + static_cast<int32_t>(i) < offset; ++i) bins[0] += other.bins[i];
  if (i == n) return;
  uint64_t* to = bins.data() + (other.offset + static_cast<int32_t>(i) - offset);
  const uint64_t* from = other.bins.data();
  for (; i < n; ++i) *to++ += from[i];
}

template <class F>
bool DdSketch::Store::visit(bool descending, F&& f) const {
  if (dense()) {
    for (size_t k = 0; k < bins.size(); ++k) {
      const size_t i = descending ? bins.size() - 1 - k : k;
      if (bins[i] != 0 && f(offset + static_cast<int32_t>(i), bins[i])) return true;
    }
    return false;
  }
  if (sparse_size == 0) return false;
  // The dense form's folding: buckets below the highest - kMaxBins + 1 count there.
  const int32_t lowest = std::max(sparse_index[0], sparse_index[sparse_size - 1] - kMaxBins + 1);
  int32_t index[kSparseBuckets];
  uint64_t count[kSparseBuckets];
  uint32_t n = 0;
  for (uint32_t i = 0; i < sparse_size; ++i) {
    const int32_t at = std::max(sparse_index[i], lowest);
    if (n > 0 && index[n - 1] == at) {
      count[n - 1] += sparse_count[i];
    } else {
      index[n] = at;
      count[n] = sparse_count[i];
      ++n;
    }
  }
  for (uint32_t k = 0; k < n; ++k) {
    const uint32_t i = descending ? n - 1 - k : k;
    if (f(index[i], count[i])) return true;
  }
  return false;
}

void DdSketch::Store::save(std::string& out) const {
  // Always the dense layout: states saved by either form read the same.
  out.push_back('[');
  int32_t next = 0;
  bool first = true;
  visit(false, [&](int32_t index, uint64_t count) {
    if (first) {
      append_json_number(out, static_cast<int64_t>(index));
      next = index;
      first = false;
    }
    for (; next < index; ++next) out += ",0";
    out.push_back(',');
    append_json_number(out, count);
    next = index + 1;
    return false;
  });
  out.push_back(']');
}

uint64_t DdSketch::Store::load(const SnapshotValue& state, const char* what) {
  bins.clear();
  sparse_size = 0;
  offset = 0;
  uint64_t total = 0;
  bool first = true;
  for (const SnapshotValue e : state.as_array()) {
    if (first) {
      const int64_t index = e.as_int64();
      if (index < -kIndexLimit || index > kIndexLimit) agg_state::fail(state, what, "bucket index out of range");
      offset = static_cast<int32_t>(index);
      first = false;
      continue;
    }
    const uint64_t c = e.as_uint64();
    if (total + c < total) agg_state::fail(state, what, "counts overflow");
    total += c;
    bins.push_back(c);
  }
  if (!first && bins.empty()) agg_state::fail(state, what, "bucket list without counts");
  if (bins.size() > static_cast<size_t>(kMaxBins) || offset + static_cast<int64_t>(bins.size()) > kIndexLimit) {
    agg_state::fail(state, what, "too many buckets");
  }
  if (!bins.empty() && (bins.front() == 0 || bins.back() == 0)) agg_state::fail(state, what, "bucket list not trimmed");
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

void DdSketch::clear() noexcept {
  positive_.clear();
  negative_.clear();
  zero_count_ = 0;
  count_ = 0;
  min_ = 0;
  max_ = 0;
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
  double found = max_;
  const auto reaches_rank = [&](double value) {
    return [&, value](int32_t index, uint64_t count) {
      seen += count;
      if (static_cast<double>(seen) <= rank) return false;
      found = clamp(value * value_of(index));
      return true;
    };
  };
  if (q > 0.5) {
    // From the top: a high quantile is found after a few buckets instead of a walk over
    // all of them (the walk was a tenth of a sliding window job). The bucket chosen is
    // the one the ascending walk below chooses, by the same comparison: with `above`
    // the count of the buckets above it, it is the one where count_ - above > rank and
    // count_ - above - its count <= rank.
    uint64_t above = 0;
    const auto reaches_rank_from_top = [&](double value) {
      return [&, value](int32_t index, uint64_t count) {
        above += count;
        if (static_cast<double>(count_ - above) > rank) return false;
        found = clamp(value * value_of(index));
        return true;
      };
    };
    if (positive_.visit(true, reaches_rank_from_top(1.0))) return found;
    above += zero_count_;
    if (static_cast<double>(count_ - above) <= rank) return clamp(0.0);
    if (negative_.visit(false, reaches_rank_from_top(-1.0))) return found;
    return min_;
  }
  // Sorted order: the most negative (highest |v| index) first, then zero, then positives.
  if (negative_.visit(true, reaches_rank(-1.0))) return found;
  seen += zero_count_;
  if (static_cast<double>(seen) > rank) return clamp(0.0);
  if (positive_.visit(false, reaches_rank(1.0))) return found;
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

void DdSketch::load(const SnapshotValue& state, const char* what) {
  zero_count_ = state.uint64("zero");
  const uint64_t positives = positive_.load(state["pos"], what);
  const uint64_t negatives = negative_.load(state["neg"], what);
  count_ = zero_count_ + positives + negatives;
  if (count_ < zero_count_ || count_ - zero_count_ < positives) agg_state::fail(state, what, "counts overflow");
  min_ = max_ = 0;
  if (count_ > 0) {
    min_ = state.number("min");
    max_ = state.number("max");
    if (!(min_ <= max_)) agg_state::fail(state, what, "min above max");
  }
}

}  // namespace ss
