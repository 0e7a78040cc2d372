#include "ss/agg/aggregator_set.hpp"

#include <fmt/format.h>

#include "ss/agg/agg_registry.hpp"
#include "ss/agg/agg_state.hpp"

namespace ss {

AggregatorSet::AggregatorSet(const AggPlan& plan) : plan_(&plan) { construct(); }

AggregatorSet& AggregatorSet::operator=(AggregatorSet&& other) noexcept {
  if (this != &other) {
    destroy();
    plan_ = other.plan_;
    block_ = std::move(other.block_);
  }
  return *this;
}

AggregatorSet::~AggregatorSet() { destroy(); }

void AggregatorSet::construct() {
  if (plan_->size() == 0) return;
  // Uninitialised bytes: each state's constructor sets what it needs.
  block_.reset(new std::byte[plan_->block_size()]);
  size_t built = 0;
  try {
    for (; built < plan_->size(); ++built) {
      std::byte* where = block_.get() + plan_->state_offset(built);
      [[maybe_unused]] Aggregator* state = plan_->specs()[built].function->construct(where, plan_->specs()[built]);
      SS_ASSERT(static_cast<void*>(state) == static_cast<void*>(where));
    }
  } catch (...) {
    while (built-- > 0) at(built).~Aggregator();
    block_.reset();
    throw;
  }
}

void AggregatorSet::destroy() noexcept {
  if (!block_) return;
  for (size_t i = 0; i < plan_->size(); ++i) at(i).~Aggregator();
  block_.reset();
}

void AggregatorSet::reset() noexcept {
  if (!block_) return;
  for (size_t i = 0; i < plan_->size(); ++i) plan_->specs()[i].function->reset(at(i), plan_->specs()[i]);
}

void AggregatorSet::merge(const AggregatorSet& other) {
  SS_ASSERT(other.plan_ == plan_ || other.plan_->canonical_text() == plan_->canonical_text());
  for (size_t i = 0; i < plan_->size(); ++i) at(i).merge(other.at(i));
}

void AggregatorSet::append_results(JsonObjectWriter& out) const {
  // Each result is written straight after its key, which the plan wrote once.
  for (size_t i = 0; i < plan_->size(); ++i) at(i).append_result(out.member(plan_->member_key(i)));
}

void AggregatorSet::save(std::string& out) const {
  out.push_back('[');
  for (size_t i = 0; i < plan_->size(); ++i) {
    if (i > 0) out.push_back(',');
    at(i).save(out);
  }
  out.push_back(']');
}

void AggregatorSet::load(std::string_view json) { load_state(agg_state::parse(json)); }

void AggregatorSet::load_state(const SnapshotValue& state) {
  try {
    const SnapshotArray array = state.as_array();
    if (array.size() != plan_->size()) {
      agg_state::fail(state, "aggregate set", fmt::format("{} states for {} aggregates", array.size(), plan_->size()));
    }
    size_t i = 0;
    for (const SnapshotValue element : array) at(i++).load_state(element);
  } catch (...) {
    destroy();
    construct();
    throw;
  }
}

}  // namespace ss
