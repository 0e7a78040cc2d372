// The records ss-window writes: result rows, and the partial aggregates that --partial
// writes and --merge reads back. A partial is one line per window and key:
//
//   {"partial":"window","start_us":S,"end_us":E,"key":K,"agg":A,"state":[...]}
//
// S and E are the window bounds in microseconds since the epoch, K the canonical key
// bytes (KeyExtractor) as a JSON string, A the canonical --agg text (partials made with
// other aggregates are refused), and state the AggregatorSet's save() array, sketch
// states included. Equal inputs give byte-identical partials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ss/agg/aggregator_set.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// The `"window_start":"…","window_end":"…"` members (RFC 3339 UTC) of a window's rows,
/// formatted again only when the window changes: rows come window by window, so a
/// row costs a copy of the cached text, not two time formats.
class WindowBoundsText {
 public:
  std::string_view members(TimeUs start, TimeUs end);

 private:
  TimeUs start_ = 0;
  TimeUs end_ = 0;
  std::string text_;  ///< empty until the first call
};

/// Appends one result row (no newline): window_start and window_end, the key fields
/// under their own names, the aggregates, and `"final":<final>` when `final` is set
/// (update mode).
void append_window_row(std::string& out, WindowBoundsText& bounds, TimeUs start, TimeUs end, const KeyExtractor& keys,
                       std::string_view key, const AggregatorSet& aggs, std::optional<bool> final);

/// Appends one partial record (no newline) in the format above.
void append_window_partial(std::string& out, TimeUs start, TimeUs end, std::string_view key, const AggregatorSet& aggs);

}  // namespace ss
