// DDSketch (Masson, Rim and Lee, VLDB 2019): a quantile sketch with relative error at
// most 1%, mergeable exactly (merging is adding bucket counts), so a quantile does not
// depend on arrival order or the merge tree. Values v > 0 go to bucket ceil(log_γ v)
// with γ = 1.01/0.99, negatives to a mirrored store, zero (and |v| below 1e-300) to a
// zero count. Each store keeps at most 2048 buckets (γ^2048 ≈ 6e17): past that the
// buckets nearest zero are folded together, which only matters for data spanning more
// than 17 orders of magnitude.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ss/state/snapshot_record.hpp"

namespace ss {

class DdSketch {
 public:
  static constexpr double kRelativeAccuracy = 0.01;
  static constexpr int32_t kMaxBins = 2048;
  static constexpr double kMinIndexable = 1e-300;

  /// Adds a finite value.
  void add(double v);
  /// Empties the sketch, keeping the memory of its bins for the values to come.
  void clear() noexcept;
  void merge(const DdSketch& other);
  uint64_t count() const noexcept { return count_; }

  /// The value at rank floor(q·(n−1)) of the sorted values, within 1% relative error,
  /// clamped to the exact minimum and maximum, which rank 0 and rank n−1 give exactly.
  /// Precondition: count() > 0, 0 <= q <= 1.
  double quantile(double q) const;

  /// `{"zero":z,"min":…,"max":…,"pos":[first index, counts…],"neg":[…]}`.
  void save(std::string& out) const;
  /// Throws ss::Error(state) naming `what` on malformed input.
  void load(const SnapshotValue& state, const char* what);

 private:
  /// Bucket counts in one of two forms with the same contents. Sparse: up to
  /// kSparseBuckets (index, count) pairs in the object itself, sorted by index; a sketch
  /// of a short window or session holds a few values hundreds of buckets apart, and the
  /// dense form would allocate and zero a bucket for every index between them (its
  /// malloc and free were a tenth of a tumbling window's time). Dense (bins not empty):
  /// counts of consecutive indexes spanning exactly the lowest to the highest non-empty
  /// bucket. Both fold buckets below highest - kMaxBins + 1 into that one, so a state
  /// depends only on the values added, never on the form or the order.
  struct Store {
    static constexpr uint32_t kSparseBuckets = 4;

    int32_t offset = 0;  ///< dense: bucket index of bins[0]
    std::vector<uint64_t> bins;
    uint32_t sparse_size = 0;
    int32_t sparse_index[kSparseBuckets] = {};
    uint64_t sparse_count[kSparseBuckets] = {};

    bool dense() const noexcept { return !bins.empty(); }
    void clear() noexcept {
      offset = 0;
      bins.clear();
      sparse_size = 0;
    }
    int32_t top() const noexcept { return offset + static_cast<int32_t>(bins.size()) - 1; }
    void add(int32_t index, uint64_t n);
    void merge(const Store& other);
    /// Dense form: makes bins span [lo, hi], folding buckets below hi - kMaxBins + 1
    /// into that one. Precondition: hi >= top(). In place when nothing folds, so bins
    /// kept by clear() are reused.
    void span(int32_t lo, int32_t hi);
    /// Moves the sparse pairs into the dense form.
    void make_dense();
    /// Calls f(index, count) for every non-empty bucket, folded, lowest index first
    /// (or highest first with `descending`). Returns early when f returns true.
    template <class F>
    bool visit(bool descending, F&& f) const;
    void save(std::string& out) const;
    uint64_t load(const SnapshotValue& state, const char* what);
  };

  static int32_t index_of(double magnitude) noexcept;
  static double value_of(int32_t index) noexcept;

  Store positive_;
  Store negative_;  ///< indexes of |v|
  uint64_t zero_count_ = 0;
  uint64_t count_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace ss
