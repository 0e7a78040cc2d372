#include "ss/top/top_options.hpp"

#include <CLI/CLI.hpp>

#include "ss/base/error.hpp"
#include "ss/time/duration.hpp"

namespace ss {

void add_top_flags(CLI::App& app, TopOptions& options, TopFlagText& text) {
  app.add_option("files", options.stream.inputs,
                 "Input files of window or session rows, read in order; none or - reads stdin (.gz and .zst are "
                 "decompressed)");
  app.add_option("--by", options.by,
                 "Rank the keys of each window by this numeric field, largest first (default: the first numeric "
                 "field of the first row; sessions for session rows)");
  app.add_option("--key", text.stream.key,
                 "Key fields, comma-separated (default: of window rows, the fields after window_end up to the first "
                 "number; of session rows, the fields before session_id)");
  app.add_option("--top", options.top, "Keys shown per window (a terminal shows fewer when it has fewer lines)")
      ->default_str("10");
  app.add_option("--windows", options.windows, "Windows of history drawn in each key's sparkline")->default_str("20");
  app.add_option("--interval", text.interval, "Terminal: time between redraws")->default_str("1s");
  app.add_option("--bucket", text.bucket,
                 "Session rows: count sessions in buckets of this length by their end, summing their numbers")
      ->default_str("1m");
  app.add_flag("--once", options.once,
               "Show only the final table: in a terminal, exit at end of input and print it; in a pipe, print "
               "only the table of the newest window at end of input");
  app.add_flag("--plain", options.plain,
               "Print a plain table per closed window even when stdout is a terminal (default: only when it is not)");
  app.add_flag("--ascii", options.ascii,
               "Draw sparklines with ASCII characters (default: when the locale's character set is not UTF-8)");
  app.add_option("--max-line", text.stream.max_line, "Longest line accepted (a longer one is a bad line), e.g. 64MiB")
      ->default_str("64MiB");
  add_bad_line_flags(app, options.stream);
}

void finish_top_options(const TopFlagText& text, TopOptions& options) {
  finish_stream_options(text.stream, options.stream);
  if (options.top == 0) throw_usage("--top: must be greater than zero");
  if (options.windows == 0) throw_usage("--windows: must be greater than zero");
  if (options.windows > 1000) throw_usage("--windows: at most 1000, got " + std::to_string(options.windows));
  options.interval = positive_duration(text.interval, "--interval", "1s or 250ms");
  options.bucket = positive_duration(text.bucket, "--bucket", "1m or 10s");
  if (!options.by.empty() && options.by.find_first_of(",") != std::string::npos)
    throw_usage("--by: expected one field, got \"" + options.by + "\"");
}

}  // namespace ss
