// The aggregates of one group (a session, a window, a key) side by side: every state
// lives in one allocation laid out by an AggPlan, so a group costs one pointer pair
// plus the states themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>

#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_record.hpp"

namespace ss {

class AggregatorSet {
 public:
  /// Fresh states for every spec of `plan`, which must outlive the set and stay at its
  /// address (hold the plan in the operator's settings, or behind a unique_ptr).
  explicit AggregatorSet(const AggPlan& plan);
  AggregatorSet(AggregatorSet&& other) noexcept : plan_(other.plan_), block_(std::move(other.block_)) {}
  AggregatorSet& operator=(AggregatorSet&& other) noexcept;
  AggregatorSet(const AggregatorSet&) = delete;
  AggregatorSet& operator=(const AggregatorSet&) = delete;
  ~AggregatorSet();

  const AggPlan& plan() const noexcept { return *plan_; }

  /// Adds one event: `field_values[i]` is the event's value of plan().fields()[i]
  /// (ValueType::missing when absent), followed by one boolean per plan().conditions()
  /// (AggInputs reads them). Returns how many aggregates skipped their value.
  /// Precondition: field_values.size() == plan().input_count().
  size_t add(std::span<const FieldValue> field_values, TimeUs ts, uint64_t seq) {
    SS_ASSERT(field_values.size() == plan_->input_count());
    static constexpr FieldValue kNone{};
    size_t skipped = 0;
    for (size_t i = 0; i < plan_->size(); ++i) {
      const uint32_t c = plan_->condition_index(i);
      if (c != AggPlan::kNoField && !field_values[c].boolean) continue;  // countif, sumif: not this event
      const uint32_t f = plan_->field_index(i);
      skipped += at(i).add(f == AggPlan::kNoField ? kNone : field_values[f], ts, seq) ? 0 : 1;
    }
    return skipped;
  }

  /// Makes every state fresh, as a new set from the same plan has them, keeping the
  /// block (and what states keep of their buffers) for the next group.
  void reset() noexcept;

  /// Folds `other` (made from the same plan) into this set.
  void merge(const AggregatorSet& other);

  /// Writes `"name":result` for every aggregate, in spec order.
  void append_results(JsonObjectWriter& out) const;

  /// Appends every state as one JSON array, in spec order.
  void save(std::string& out) const;
  /// Restores what save() wrote. Throws ss::Error(state) on malformed input or a
  /// different number of aggregates; the set then holds fresh states.
  void load(std::string_view json);
  /// load() from an already parsed element.
  void load_state(const SnapshotValue& state);

  /// The state of spec `i`.
  Aggregator& at(size_t i) noexcept {
    return *std::launder(reinterpret_cast<Aggregator*>(block_.get() + plan_->state_offset(i)));
  }
  const Aggregator& at(size_t i) const noexcept {
    return *std::launder(reinterpret_cast<const Aggregator*>(block_.get() + plan_->state_offset(i)));
  }

 private:
  void construct();
  void destroy() noexcept;

  const AggPlan* plan_;
  std::unique_ptr<std::byte[]> block_;  ///< the states, at plan().state_offset(i)
};

}  // namespace ss
