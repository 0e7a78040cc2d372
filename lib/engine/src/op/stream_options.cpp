#include "ss/op/stream_options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>

#include "ss/base/error.hpp"
#include "ss/expr/expression.hpp"
#include "ss/time/duration.hpp"

namespace ss {

Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos)
    throw_usage("--shard: expected I/N such as 0/4, got \"" + std::string(text) + "\"");
  const auto a = text.substr(0, slash);
  const auto b = text.substr(slash + 1);
  const auto r1 = std::from_chars(a.data(), a.data() + a.size(), shard.index);
  const auto r2 = std::from_chars(b.data(), b.data() + b.size(), shard.count);
  if (r1.ec != std::errc() || r1.ptr != a.data() + a.size() || r2.ec != std::errc() || r2.ptr != b.data() + b.size())
    throw_usage("--shard: expected I/N such as 0/4, got \"" + std::string(text) + "\"");
  if (shard.count == 0 || shard.index >= shard.count)
    throw_usage("--shard: shard index must be below the shard count, got \"" + std::string(text) + "\"");
  return shard;
}

size_t parse_byte_size(std::string_view text, std::string_view flag) {
  size_t value = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc() || r.ptr == text.data())
    throw_usage(std::string(flag) + ": expected a size such as 64MiB, got \"" + std::string(text) + "\"");
  const std::string_view unit = text.substr(static_cast<size_t>(r.ptr - text.data()));
  size_t scale = 1;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "K" || unit == "KiB" || unit == "k") scale = 1u << 10;
  else if (unit == "KB" || unit == "kB") scale = 1000;
  else if (unit == "M" || unit == "MiB") scale = 1u << 20;
  else if (unit == "MB") scale = 1000000;
  else if (unit == "G" || unit == "GiB") scale = 1u << 30;
  else if (unit == "GB") scale = 1000000000;
  else throw_usage(std::string(flag) + ": unknown size unit \"" + std::string(unit) + "\"");
  if (value == 0) throw_usage(std::string(flag) + ": must be greater than zero");
  if (value > SIZE_MAX / scale) throw_usage(std::string(flag) + ": size too large, got \"" + std::string(text) + "\"");
  return value * scale;
}

void add_input_flags(CLI::App& app, StreamOptions& options, StreamFlagText& text, std::string_view records) {
  app.add_option("files", options.inputs,
                 "Input files, read in order; none or - reads stdin (.gz and .zst are decompressed)");
  app.add_option("--max-line", text.max_line, "Longest line accepted (a longer one is a bad line), e.g. 64MiB")
      ->default_str("64MiB");
  app.add_option("--where", options.where,
                 fmt::format("Keep only the {} for which this condition is true, e.g. 'status >= 500 and path =~ "
                             "\"^/api\"' (language: ss-expr(7)); the others are dropped",
                             records));
}

void add_time_flags(CLI::App& app, StreamFlagText& text, const std::string& default_lateness) {
  text.lateness = default_lateness;
  app.add_option("--time-field", text.time_field, "Field holding the event time (RFC 3339 text or epoch number)")
      ->default_str("ts");
  app.add_option("--time-unit", text.time_unit, "Unit of numeric times: auto (by magnitude), s, ms, us or ns")
      ->default_str("auto");
  app.add_option("--lateness", text.lateness,
                 "How far out of order events may arrive; the watermark trails the newest event by this much")
      ->default_str(default_lateness);
}

void add_key_flags(CLI::App& app, StreamFlagText& text, bool required) {
  auto* key = app.add_option("--key", text.key, "Key fields, comma-separated; dotted paths reach into objects");
  if (required) key->required();
  app.add_option("--shard", text.shard, "Keep only the keys of shard I of N (Kafka's murmur2 partitioner), e.g. 0/4");
}

void add_state_flags(CLI::App& app, StreamOptions& options, bool with_flush) {
  app.add_option("--state", options.state_dir,
                 "State directory shared by the pipeline: restore at start, snapshot at each checkpoint barrier");
  app.add_option("--name", options.stage_name,
                 "Stage name for snapshots, when a pipeline has two of a kind (default: the tool's short name)");
  app.add_flag("--reset-state", options.reset_state,
               "Start empty when the stage's snapshot was made with other parameters, or is missing although the stage "
               "took snapshots in the state directory, instead of refusing it");
  if (with_flush)
    app.add_flag("--flush", options.flush,
                 "With --state: close and emit everything still open at end of input (the last run)");
}

void add_late_flag(CLI::App& app, StreamOptions& options) {
  app.add_option("--late", options.late_file, "Write late events to this file (they are counted either way)");
}

void add_bad_line_flags(CLI::App& app, StreamOptions& options) {
  app.add_option("--bad-lines", options.bad_lines_file,
                 "Write unusable lines to this file as JSON with source, line, reason and the raw text");
  app.add_flag("--strict", options.strict, "Make the first bad line fatal (exit 1)");
}

void add_progress_flags(CLI::App& app, StreamFlagText& text, std::string_view records) {
  app.add_flag("--progress", text.progress,
               fmt::format("Show bytes, {}/s and ETA on stderr (default: on when stderr is a terminal and input is a "
                           "file)",
                           records));
  app.add_flag("--no-progress", text.no_progress, "Never show progress");
}

void add_diagnostic_flags(CLI::App& app, StreamOptions& options, StreamFlagText& text, std::string_view records) {
  add_bad_line_flags(app, options);
  add_progress_flags(app, text, records);
}

void finish_stream_options(const StreamFlagText& text, StreamOptions& options) {
  options.time_field = FieldPath(text.time_field);
  const auto unit = parse_time_unit(text.time_unit);
  if (!unit) throw_usage("--time-unit: expected auto, s, ms, us or ns, got \"" + text.time_unit + "\"");
  options.time_unit = *unit;
  if (!text.lateness.empty()) options.lateness = non_negative_duration(text.lateness, "--lateness", "30s or 2m");
  if (!text.key.empty()) options.key = parse_field_list(text.key);
  if (!text.shard.empty()) {
    options.shard = parse_shard(text.shard);
    if (options.key.empty()) throw_usage("--shard needs --key: the shard is chosen by the key's hash");
  }
  options.max_line_bytes = parse_byte_size(text.max_line, "--max-line");
  if (!options.where.empty()) compile_condition(options.where, "--where");  // exit 2 before any input is read
  if (text.progress && text.no_progress) throw_usage("--progress and --no-progress exclude each other");
  if (text.progress) options.progress = true;
  if (text.no_progress) options.progress = false;
  if (options.flush && options.state_dir.empty())
    throw_usage("--flush needs --state (without it, end of input always flushes)");
  if (options.reset_state && options.state_dir.empty()) throw_usage("--reset-state needs --state");
}

}  // namespace ss
