// HyperLogLog with 2^14 six-bit registers over 64-bit hashes (standard error about
// 0.8%), estimated with Ertl's improved estimator ("New cardinality estimation
// algorithms for HyperLogLog sketches", 2017), which is accurate from one value up and
// needs no bias tables. Small sketches keep a sorted list of the registers that are set
// (4 bytes each) and become a 16 KiB array past 1024 of them; both forms give the same
// estimate for the same registers, so results do not depend on the merge tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ss/state/snapshot_record.hpp"

namespace ss {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr uint32_t kRegisters = uint32_t{1} << kPrecision;
  static constexpr uint8_t kMaxRank = 64 - kPrecision + 1;  ///< register values are 0..51
  static constexpr size_t kSparseLimit = 1024;

  HyperLogLog() = default;
  HyperLogLog(const HyperLogLog& other);
  HyperLogLog& operator=(const HyperLogLog& other);
  HyperLogLog(HyperLogLog&&) noexcept = default;
  HyperLogLog& operator=(HyperLogLog&&) noexcept = default;

  /// Adds a value by its 64-bit hash (the hash must be well mixed in every bit).
  void add_hash(uint64_t hash);
  void merge(const HyperLogLog& other);
  /// The estimated number of distinct hashes added; 0 for an empty sketch.
  double estimate() const;
  bool is_sparse() const noexcept { return !dense_; }

  /// `{"sparse":[index<<8|rank,...]}` or `{"dense":"<base64 of the 16384 registers>"}`.
  void save(std::string& out) const;
  /// Throws ss::Error(state) naming `what` on malformed input.
  void load(const SnapshotValue& state, const char* what);

 private:
  void to_dense();

  std::vector<uint32_t> sparse_;      ///< index << 8 | rank, sorted, while !dense_
  std::unique_ptr<uint8_t[]> dense_;  ///< kRegisters values once past kSparseLimit
};

}  // namespace ss
