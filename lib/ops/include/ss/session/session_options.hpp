// Settings of ss-sessionize, filled from its flags (add_sessionize_flags) and fixed for
// the life of the operator.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "ss/agg/agg_spec.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// Sessions may arrive this far out of order by default: an Apache access log writes
/// each line when its request completes but stamps it with the request's start, so
/// lines are out of order by as long as the slowest request takes; 2m covers that.
inline constexpr const char* kDefaultSessionLateness = "2m";

struct SessionOptions {
  StreamOptions stream;
  TimeUs gap = 30LL * 60 * 1000000;
  TimeUs max_duration = 0;  ///< 0 = unbounded
  size_t max_open = 0;      ///< 0 = unbounded
  bool annotate = false;
  std::vector<AggSpec> aggs;
  std::string start_when;  ///< --start-when: an event for which this is true starts a session
  std::string end_when;    ///< --end-when: an event for which this is true ends its session
  /// Sessions cut at events need their events in time order (EventTimeSorter).
  bool cuts_at_events() const { return !start_when.empty() || !end_when.empty(); }
};

/// Flag text kept until finish_sessionize_options() converts it.
struct SessionFlagText {
  StreamFlagText stream;
  std::string gap = "30m";
  std::string max_duration;
  std::string agg;
};

/// Registers every ss-sessionize flag on `app` (tests parse argv with it).
void add_sessionize_flags(CLI::App& app, SessionOptions& options, SessionFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag.
void finish_sessionize_options(const SessionFlagText& text, SessionOptions& options);

}  // namespace ss
