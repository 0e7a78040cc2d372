// Settings of ss-top, filled from its flags (add_top_flags) and fixed for the run:
// which field ranks the keys, how many keys and windows are shown, and how.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <string>

#include "ss/op/stream_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct TopOptions {
  StreamOptions stream;       ///< inputs, --max-line, --key, --bad-lines, --strict
  std::string by;             ///< --by: the ranking field; empty = the first value column of the stream
  size_t top = 10;            ///< keys shown per window (a terminal shows fewer when it has fewer lines)
  size_t windows = 20;        ///< windows kept for the sparkline
  TimeUs interval = 1000000;  ///< terminal redraw interval
  TimeUs bucket = 60000000;   ///< session rows: length of the buckets they are counted in
  bool once = false;          ///< only the final table
  bool plain = false;         ///< plain tables even on a terminal
  bool ascii = false;         ///< ASCII sparklines even in a UTF-8 locale
};

/// Flag text kept until finish_top_options() converts it.
struct TopFlagText {
  StreamFlagText stream;
  std::string interval = "1s";
  std::string bucket = "1m";
};

/// Registers every ss-top flag on `app` (tests parse argv with it).
void add_top_flags(CLI::App& app, TopOptions& options, TopFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag.
void finish_top_options(const TopFlagText& text, TopOptions& options);

}  // namespace ss
