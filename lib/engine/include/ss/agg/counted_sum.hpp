// The state sum and avg share: how many numbers were added and their exact sum. sum
// prints the sum, avg the sum over the count; both save it as {"n":…,"int":…[,…]}.
#pragma once

#include <cstdint>
#include <string>

#include "ss/agg/exact_number.hpp"
#include "ss/agg/exact_sum.hpp"
#include "ss/state/snapshot_record.hpp"

namespace ss {

class CountedSum {
 public:
  void add(const ExactNumber& x) noexcept {
    ++count_;
    sum_.add(x);
  }
  void merge(const CountedSum& other) noexcept {
    count_ += other.count_;
    sum_.merge(other.sum_);
  }

  uint64_t count() const noexcept { return count_; }
  const ExactSum& sum() const noexcept { return sum_; }

  /// Appends the state as one JSON object.
  void save(std::string& out) const;
  /// Replaces the state with one save() wrote; throws ss::Error(state), naming `what`.
  void load(const SnapshotValue& state, const char* what);

 private:
  uint64_t count_ = 0;
  ExactSum sum_;
};

}  // namespace ss
