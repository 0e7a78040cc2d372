#include "ss/agg/agg_plan.hpp"

#include <algorithm>
#include <cstddef>

#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

AggPlan::AggPlan(std::vector<AggSpec> specs) : specs_(std::move(specs)), canonical_text_(canonical_agg_text(specs_)) {
  for (const AggSpec& spec : specs_) {
    SS_ASSERT(spec.function != nullptr);
    member_keys_.push_back(json_member_key(spec.output_name));
    if (spec.field.empty()) {
      field_index_.push_back(kNoField);
    } else {
      const auto it = std::find(fields_.begin(), fields_.end(), spec.field);
      field_index_.push_back(static_cast<uint32_t>(it - fields_.begin()));
      if (it == fields_.end()) fields_.push_back(spec.field);
    }
    if (spec.condition.empty()) {
      condition_index_.push_back(kNoField);
    } else {
      const auto it = std::find(conditions_.begin(), conditions_.end(), spec.condition);
      condition_index_.push_back(static_cast<uint32_t>(it - conditions_.begin()));
      if (it == conditions_.end()) conditions_.push_back(spec.condition);
    }
    // Blocks come from operator new[], aligned for any fundamental type.
    const size_t align = spec.function->state_align;
    SS_ASSERT(align <= alignof(std::max_align_t));
    block_size_ = (block_size_ + align - 1) / align * align;
    offsets_.push_back(block_size_);
    block_size_ += spec.function->state_size;
  }
  // Conditions follow the fields in the values AggregatorSet::add takes.
  for (uint32_t& c : condition_index_)
    if (c != kNoField) c += static_cast<uint32_t>(fields_.size());
}

}  // namespace ss
