#include "ss/agg/extremum_aggregator.hpp"

#include "ss/agg/agg_state.hpp"

namespace ss {

namespace {
constexpr const char* kExtremumName[] = {"min", "max"};
}

template <Extremum kWhich>
ExtremumAggregator<kWhich>::ExtremumAggregator(const AggSpec&) {}

template <Extremum kWhich>
void ExtremumAggregator<kWhich>::offer(const ExactNumber& x) noexcept {
  if (!has_value_) {
    best_ = x;
    has_value_ = true;
    return;
  }
  const int c = compare(x, best_);
  // Equal values in two forms (2^60 as int64 and as double) keep the integer, so the
  // printed result does not depend on which came first.
  if ((kWhich == Extremum::min ? c < 0 : c > 0) || (c == 0 && x.is_int && !best_.is_int)) best_ = x;
}

template <Extremum kWhich>
bool ExtremumAggregator<kWhich>::add(const FieldValue& value, TimeUs, uint64_t) {
  const auto x = ExactNumber::from(value);
  if (!x) return false;
  offer(*x);
  return true;
}

template <Extremum kWhich>
void ExtremumAggregator<kWhich>::merge(const Aggregator& other) {
  const auto& o = same_kind<ExtremumAggregator>(other);
  if (o.has_value_) offer(o.best_);
}

template <Extremum kWhich>
void ExtremumAggregator<kWhich>::append_result(std::string& out) const {
  if (has_value_) {
    best_.append_json(out);
  } else {
    out += "null";
  }
}

template <Extremum kWhich>
void ExtremumAggregator<kWhich>::save(std::string& out) const {
  append_result(out);
}

template <Extremum kWhich>
void ExtremumAggregator<kWhich>::load_state(const SnapshotValue& state) {
  const char* what = kExtremumName[static_cast<int>(kWhich)];
  has_value_ = !state.is_null();
  best_ = ExactNumber{};
  if (!has_value_) return;
  if (state.is_int64()) {
    best_ = ExactNumber::from_int(state.as_int64());
    return;
  }
  const auto x = ExactNumber::from_double(state.as_double());
  if (!x) agg_state::fail(state, what, "not a finite number");
  best_ = *x;
}

template class ExtremumAggregator<Extremum::min>;
template class ExtremumAggregator<Extremum::max>;

}  // namespace ss
