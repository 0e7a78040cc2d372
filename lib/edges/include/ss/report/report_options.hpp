// Settings of ss-report, filled from its flags (add_report_flags): which rows to read,
// which fields to chart and rank, and where the page goes.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/op/stream_options.hpp"

namespace ss {

struct ReportOptions {
  StreamOptions stream;  ///< inputs, --max-line, --where, --key, --bad-lines, --strict, --progress
  std::string title = "ss-report";
  /// --fields: charted over time; empty = events for sessions, else the numeric members
  /// of the first row that are not key fields.
  std::vector<FieldPath> fields;
  /// --by: ranks the keys in the top table; unset = events for sessions, else the first field.
  std::optional<FieldPath> by;
  size_t top = 10;     ///< --top: rows of the top table (the charts draw at most kMaxLines of them)
  std::string output;  ///< -o: the page's file; empty = stdout
};

/// Flag text kept until finish_report_options() converts it.
struct ReportFlagText {
  StreamFlagText stream;
  std::string fields;
  std::string by;
};

/// Registers every ss-report flag on `app` (tests parse argv with it).
void add_report_flags(CLI::App& app, ReportOptions& options, ReportFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag.
void finish_report_options(const ReportFlagText& text, ReportOptions& options);

}  // namespace ss
