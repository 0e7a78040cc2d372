#include "ss/agg/endpoint_aggregator.hpp"

#include "ss/agg/agg_state.hpp"
#include "ss/agg/value_key.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {
constexpr const char* kEndpointName[] = {"first", "last"};
}

template <Endpoint kWhich>
EndpointAggregator<kWhich>::EndpointAggregator(const AggSpec&) {}

template <Endpoint kWhich>
bool EndpointAggregator<kWhich>::add(const FieldValue& value, TimeUs ts, uint64_t seq) {
  if (!value.present()) return false;
  if (wins(ts, seq)) {
    json_.clear();
    append_value_json(json_, value);
    ts_ = ts;
    seq_ = seq;
    has_value_ = true;
  }
  return true;
}

template <Endpoint kWhich>
void EndpointAggregator<kWhich>::merge(const Aggregator& other) {
  const auto& o = same_kind<EndpointAggregator>(other);
  if (o.has_value_ && wins(o.ts_, o.seq_)) {
    json_ = o.json_;
    ts_ = o.ts_;
    seq_ = o.seq_;
    has_value_ = true;
  }
}

template <Endpoint kWhich>
void EndpointAggregator<kWhich>::append_result(std::string& out) const {
  out += has_value_ ? std::string_view(json_) : std::string_view("null");
}

template <Endpoint kWhich>
void EndpointAggregator<kWhich>::save(std::string& out) const {
  if (!has_value_) {
    out += "null";
    return;
  }
  out += "{\"ts\":";
  append_json_number(out, ts_);
  out += ",\"seq\":";
  append_json_number(out, seq_);
  // The value's JSON text travels as a string, so it comes back byte for byte.
  out += ",\"json\":";
  append_json_string(out, json_);
  out.push_back('}');
}

template <Endpoint kWhich>
void EndpointAggregator<kWhich>::load_state(const SnapshotValue& state) {
  const char* what = kEndpointName[static_cast<int>(kWhich)];
  has_value_ = false;
  json_.clear();
  if (state.is_null()) return;
  ts_ = state.time("ts");
  seq_ = state.uint64("seq");
  json_ = state.string("json");
  if (json_.empty()) agg_state::fail(state, what, "empty \"json\"");
  has_value_ = true;
}

template class EndpointAggregator<Endpoint::first>;
template class EndpointAggregator<Endpoint::last>;

}  // namespace ss
