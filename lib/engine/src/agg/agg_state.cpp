#include "ss/agg/agg_state.hpp"

#include <fmt/format.h>

namespace ss::agg_state {

void fail(const SnapshotValue& state, std::string_view what, std::string_view reason) {
  state.fail(fmt::format("is not a valid {} state: {}", what, reason));
}

SnapshotValue parse(std::string_view json) {
  // One parser per thread: its buffers are reused across many small states, and states
  // may be loaded on several threads at once.
  thread_local SnapshotRecordParser parser;
  return parser.parse(json, "aggregate");
}

}  // namespace ss::agg_state
