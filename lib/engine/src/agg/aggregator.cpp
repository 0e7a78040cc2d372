#include "ss/agg/aggregator.hpp"

#include "ss/agg/agg_registry.hpp"
#include "ss/agg/agg_spec.hpp"
#include "ss/agg/agg_state.hpp"

namespace ss {

void Aggregator::load(std::string_view json) { load_state(agg_state::parse(json)); }

std::unique_ptr<Aggregator> make_aggregator(const AggSpec& spec) {
  SS_ASSERT(spec.function != nullptr);
  return spec.function->make(spec);
}

}  // namespace ss
