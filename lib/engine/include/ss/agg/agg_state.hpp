// Reading saved aggregator states back: the states are SnapshotValues (a member of a
// snapshot record, or a whole string given to Aggregator::load), and the checks past
// their types fail through one helper, so every message names the aggregate.
#pragma once

#include <string_view>

#include "ss/state/snapshot_record.hpp"

namespace ss::agg_state {

/// Throws ss::Error(state) naming the record, its member and `what` ("sum", "top"):
/// `... <member> is not a valid <what> state: <reason>`.
[[noreturn]] void fail(const SnapshotValue& state, std::string_view what, std::string_view reason);

/// `json` parsed with this thread's parser as an `aggregate` record without a file; valid
/// until the next parse on the same thread.
SnapshotValue parse(std::string_view json);

}  // namespace ss::agg_state
