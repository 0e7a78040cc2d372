// The flags every stream tool shares, defined once so they parse and mean the same
// everywhere: input, event time, lateness, keys, state, diagnostics, sharding.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct Shard {
  uint32_t index = 0;
  uint32_t count = 1;
};

/// Parses `I/N` with 0 <= I < N; throws ss::Error(usage).
Shard parse_shard(std::string_view text);

struct StreamOptions {
  // Input
  std::vector<std::string> inputs;  ///< files in order; empty or `-` = stdin
  size_t max_line_bytes = 64u << 20;
  std::string where;  ///< --where: keep only the events for which this condition is true
  // Event time
  FieldPath time_field{"ts"};
  TimeUnit time_unit = TimeUnit::automatic;
  TimeUs lateness = 0;
  // Keys
  std::vector<FieldPath> key;
  std::optional<Shard> shard;
  // State
  std::string state_dir;
  std::string stage_name;  ///< --name; empty = the tool's short name
  bool reset_state = false;
  bool flush = false;  ///< --flush: close everything at end of input even with --state
  // Diagnostics
  std::string late_file;
  std::string bad_lines_file;
  bool strict = false;
  std::optional<bool> progress;  ///< unset = on when stderr is a terminal and input is a file
};

/// Raw flag text kept until finish_stream_options() turns it into typed values, so
/// that every conversion error names the flag.
struct StreamFlagText {
  std::string time_field = "ts";
  std::string time_unit = "auto";
  std::string lateness;
  std::string key;
  std::string shard;
  std::string max_line = "64MiB";
  bool progress = false;
  bool no_progress = false;
};

/// Files to read (positional), --max-line and --where. `records` names what the tool
/// reads, in the help: "events", "rows", "records".
void add_input_flags(CLI::App& app, StreamOptions& options, StreamFlagText& text, std::string_view records = "events");
/// --time-field, --time-unit, --lateness (with the tool's default lateness).
void add_time_flags(CLI::App& app, StreamFlagText& text, const std::string& default_lateness);
/// --key (required or optional), --shard.
void add_key_flags(CLI::App& app, StreamFlagText& text, bool required);

/// --state, --name, --reset-state (and --flush when the tool keeps open state).
void add_state_flags(CLI::App& app, StreamOptions& options, bool with_flush);
/// --late: the tools that hold events back until the watermark passes them.
void add_late_flag(CLI::App& app, StreamOptions& options);
/// --bad-lines, --strict.
void add_bad_line_flags(CLI::App& app, StreamOptions& options);
/// --progress, --no-progress. `records` as for add_input_flags.
void add_progress_flags(CLI::App& app, StreamFlagText& text, std::string_view records = "events");
/// Both: every tool's but ss-top's, whose screen is its progress.
void add_diagnostic_flags(CLI::App& app, StreamOptions& options, StreamFlagText& text,
                          std::string_view records = "events");

/// Converts the flag text into `options`; throws ss::Error(usage) naming the flag.
void finish_stream_options(const StreamFlagText& text, StreamOptions& options);

/// Parses sizes such as `64MiB`, `10MB`, `4096`; throws ss::Error(usage).
size_t parse_byte_size(std::string_view text, std::string_view flag);

}  // namespace ss
