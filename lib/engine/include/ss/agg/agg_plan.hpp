// The parsed `--agg` list of an operator, prepared once: the distinct fields the
// aggregates read (so each event's fields are extracted once however many aggregates
// use them) and the memory layout of one group's states. AggregatorSet uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ss/agg/agg_spec.hpp"

namespace ss {

class AggPlan {
 public:
  static constexpr uint32_t kNoField = UINT32_MAX;

  /// Precondition: every spec has its function set (as parse_agg_specs gives them).
  explicit AggPlan(std::vector<AggSpec> specs);

  const std::vector<AggSpec>& specs() const noexcept { return specs_; }
  size_t size() const noexcept { return specs_.size(); }
  /// Spec `i`'s output name as a JSON member key (json_member_key), written once.
  const std::string& member_key(size_t i) const noexcept { return member_keys_[i]; }

  /// The dotted field paths the aggregates read, each once, in order of first use.
  /// A caller extracts these from each event and passes them to AggregatorSet::add
  /// in this order.
  const std::vector<std::string>& fields() const noexcept { return fields_; }

  /// Index into fields() of spec `i`'s field, or kNoField for plain `count`.
  uint32_t field_index(size_t i) const noexcept { return field_index_[i]; }

  /// The conditions of countif/sumif (canonical text), each once. A caller evaluates
  /// them per event and passes the results after the field values (see AggInputs).
  const std::vector<std::string>& conditions() const noexcept { return conditions_; }
  /// Index into the values AggregatorSet::add takes (fields first, then conditions) of
  /// spec `i`'s condition, or kNoField when it has none.
  uint32_t condition_index(size_t i) const noexcept { return condition_index_[i]; }
  /// How many values AggregatorSet::add takes: fields().size() + conditions().size().
  size_t input_count() const noexcept { return fields_.size() + conditions_.size(); }

  /// Byte offset of spec `i`'s state within a group's block, and the block's size.
  size_t state_offset(size_t i) const noexcept { return offsets_[i]; }
  size_t block_size() const noexcept { return block_size_; }

  /// canonical_agg_text(specs()): the semantic parameter snapshots compare.
  const std::string& canonical_text() const noexcept { return canonical_text_; }

 private:
  std::vector<AggSpec> specs_;
  std::vector<std::string> fields_;
  std::vector<std::string> member_keys_;
  std::vector<uint32_t> field_index_;
  std::vector<std::string> conditions_;
  std::vector<uint32_t> condition_index_;
  std::vector<size_t> offsets_;
  size_t block_size_ = 0;
  std::string canonical_text_;
};

}  // namespace ss
