// Turns a parsed field into the event time for one parser: the --time-format (or the
// format's default), the --timezone, year inference for year-less times, and the text
// of the reasons a time is missing or unparseable.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "ss/ingest/parser_options.hpp"
#include "ss/ingest/year_inference.hpp"
#include "ss/time/time_format.hpp"

namespace ss {

class EventTimeReader {
 public:
  /// `default_spec` applies when options.time_format is empty. Throws ss::Error(usage)
  /// for a bad time format or zone.
  EventTimeReader(const ParserOptions& options, std::string_view default_spec);

  /// A time written as text; nullopt when it does not fit the format.
  std::optional<TimeUs> from_text(std::string_view text) {
    TimeUs t;
    if (!from_text(text, t)) return std::nullopt;
    return t;
  }
  /// The same, per event: a bool and the time written (see parse_rfc3339).
  bool from_text(std::string_view text, TimeUs& out);
  /// A time given as a JSON number (epoch kinds and the default only).
  std::optional<TimeUs> from_number(int64_t value) const noexcept { return format_.from_number(value); }
  std::optional<TimeUs> from_number(double value) const noexcept { return format_.from_number(value); }
  /// Fields a parser split itself (RFC 3164): fills a missing year, applies zone/offset.
  std::optional<TimeUs> from_fields(CivilTime t);
  /// An access log's time: with `clf` (the format's default, `06/Dec/2026:10:00:00 +0000`)
  /// through the fast CLF field reader, else as from_text().
  std::optional<TimeUs> from_access_log_text(std::string_view text, bool clf) {
    if (!clf) return from_text(text);
    // A busy server logs many requests within a second: the same text, the same time
    // (a CLF time always has its year, so year inference, the reader's only state,
    // never enters it).
    // Compared by size and bytes: string_view's == calls an out-of-line compare().
    if (text.size() == last_clf_text_.size() && std::memcmp(text.data(), last_clf_text_.data(), text.size()) == 0)
      return last_clf_time_;
    const std::optional<CivilTime> fields = parse_clf_fields(text);
    last_clf_text_.assign(text);
    last_clf_time_ = fields ? from_fields(*fields) : std::nullopt;
    return last_clf_time_;
  }

  /// `unparseable time "…"` (the text cut at 64 bytes); valid until the next call.
  std::string_view unparseable(std::string_view text);
  /// `no time field "ts"` for the configured field.
  std::string_view missing() const noexcept { return missing_; }

  const TimeFormat& format() const noexcept { return format_; }
  /// The years given to times written without one, kept across the lines of a file.
  YearInference& years() noexcept { return years_; }

 private:
  const TimeFormat format_;
  const std::string missing_;
  YearInference years_;
  std::string reason_;
  std::string last_clf_text_;  ///< from_access_log_text()'s last CLF time, and its result
  std::optional<TimeUs> last_clf_time_;
};

}  // namespace ss
