// Accounting for input that is not used as it came: bad lines (counted, the first few
// shown with source and line, all kept in --bad-lines), late events (counted, kept in
// --late), and the one-line summary at exit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ss/io/output_buffer.hpp"

namespace ss {

class Diagnostics {
 public:
  /// Opens the --bad-lines and --late files when named (empty = not kept).
  Diagnostics(const std::string& bad_lines_file, const std::string& late_file, bool strict);

  /// Counts a bad line and keeps it; throws ss::Error(data) under --strict. `shown` follows
  /// the reason on stderr only (the file keeps the whole line as "raw"). `line` 0: the
  /// source alone names the record (a Kafka message, `kafka://.../TOPIC[P]@OFFSET`).
  void bad_line(std::string_view source, uint64_t line, std::string_view reason, std::string_view raw,
                std::string_view shown = {});
  /// Counts a late event and keeps its raw line.
  void late_event(std::string_view raw);
  /// An event that --where left out.
  void filtered_event() { ++filtered_events_; }
  /// Whether the first bad lines are shown on stderr (default yes); off while a
  /// full-screen view owns the terminal that stderr may draw on.
  void show_bad_lines(bool show) { show_bad_lines_ = show; }
  /// A warning for a person, prefixed with the tool name.
  void warn(std::string_view message);
  /// Counts values that numeric aggregates skipped (missing or not numbers).
  void skipped_values(uint64_t n) { skipped_values_ += n; }

  uint64_t bad_lines() const { return bad_lines_; }
  uint64_t late_events() const { return late_events_; }
  uint64_t filtered_events() const { return filtered_events_; }

  /// Flushes the kept files (called at checkpoints and at exit).
  void flush();
  /// One summary line on stderr when anything was counted.
  void print_summary(uint64_t events_read) const;

  static constexpr int kShownBadLines = 5;
  /// Late events are called out when more than 1% of events, and at least this many, were late.
  static constexpr uint64_t kLateWarnMin = 10;

 private:
  bool strict_;
  bool show_bad_lines_ = true;
  std::unique_ptr<OutputBuffer> bad_file_;
  std::unique_ptr<OutputBuffer> late_file_;
  uint64_t bad_lines_ = 0;
  uint64_t late_events_ = 0;
  uint64_t filtered_events_ = 0;
  uint64_t skipped_values_ = 0;
};

/// Appends `raw` as a JSON string even when it is not valid UTF-8: invalid bytes are
/// written as \u00XX escapes so the result is always valid JSON.
void append_json_string_lossless(std::string& out, std::string_view raw);

}  // namespace ss
