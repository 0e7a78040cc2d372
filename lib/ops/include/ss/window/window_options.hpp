// Settings of ss-window, filled from its flags (add_window_flags) and fixed for the
// life of the operator.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "ss/agg/agg_spec.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/sql/sql_attachment.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// Windows may see events this far out of order by default, as ss-sessionize does: an
/// access log stamps each line with the start of its request but writes it when the
/// request completes, so its lines are out of order by as long as the slowest request.
inline constexpr const char* kDefaultWindowLateness = "2m";

enum class WindowKind {
  tumbling,  ///< --tumble: size == slide
  sliding,   ///< --size/--slide
  global,    ///< --global: one all-time group per key
};

enum class EmitMode {
  final,   ///< each group once, when it closes (append mode)
  update,  ///< changed groups as they change (or every --every), then the final row
};

struct WindowOptions {
  StreamOptions stream;
  WindowKind kind = WindowKind::tumbling;
  TimeUs size = 0;    ///< window length (windows only)
  TimeUs slide = 0;   ///< distance between window starts; == size for tumbling windows
  TimeUs offset = 0;  ///< alignment shift from the Unix epoch, as given
  std::vector<AggSpec> aggs;
  EmitMode emit = EmitMode::final;
  TimeUs every = 0;                        ///< update interval; 0 = on every event
  bool every_processing = false;           ///< --every counts wall-clock time, not event time
  bool fill = false;                       ///< zero rows for known keys without events in a window
  TimeUs ttl = 0;                          ///< forget keys idle this long in event time; 0 = never
  size_t max_keys = 0;                     ///< --global: cap on keys held; 0 = no cap
  bool partial = false;                    ///< write mergeable partial aggregates, not results
  bool merge = false;                      ///< read partials and write the merged results
  std::string sql;                         ///< --sql / --sql-file: a query per window instead of --agg
  std::string sql_flag;                    ///< where the query came from, for messages: `--sql`
  std::vector<SqlAttachment> attachments;  ///< --attach: reference data for the query
  TimeUs sql_timeout = 0;                  ///< --sql-timeout: wall-clock limit per query run; 0 = none
};

/// Flag text kept until finish_window_options() converts it.
struct WindowFlagText {
  StreamFlagText stream;
  std::string tumble;
  std::string size;
  std::string slide;
  std::string offset;
  bool global = false;
  std::string agg;  ///< empty: count
  std::string sql;
  std::string sql_file;
  std::vector<std::string> attach;
  std::string sql_timeout;
  std::string emit;
  std::string every;
  std::string ttl;
};

/// Registers every ss-window flag on `app` (tests parse argv with it).
void add_window_flags(CLI::App& app, WindowOptions& options, WindowFlagText& text);
/// Converts and checks the flag text, including combinations (exactly one of --tumble,
/// --size/--slide, --global; --every only with --emit update; ...); throws
/// ss::Error(usage) naming the flag.
void finish_window_options(const WindowFlagText& text, WindowOptions& options);

}  // namespace ss
