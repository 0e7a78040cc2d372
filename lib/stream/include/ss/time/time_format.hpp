// Event times written as text or numbers in the formats ss-ingest reads: RFC 3339, Apache
// CLF, epoch numbers and strptime-style patterns, parsed without locale. Times that carry
// no offset are read in an IANA time zone (Howard Hinnant's date library over the system
// tzdata), or in UTC when none is given.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

/// A time as read from text, before a zone or offset is applied.
struct CivilTime {
  int64_t year = 1970;
  unsigned month = 1;             ///< 1..12
  unsigned day = 1;               ///< 1..31
  unsigned hour = 0;              ///< 0..23
  unsigned minute = 0;            ///< 0..59
  unsigned second = 0;            ///< 0..60 (a leap second reads as the next second's start)
  int64_t micros = 0;             ///< fraction of the second, 0..999999 (digits past micros truncated)
  bool has_year = true;           ///< false for year-less text (RFC 3164, `%b %e %T`)
  bool has_offset = false;        ///< the text named its own UTC offset (then no zone applies)
  int32_t offset_seconds = 0;     ///< local time minus UTC, when has_offset
  std::optional<TimeUs> instant;  ///< set when the text was an absolute epoch time (%s)
};

enum class TimeFormatKind {
  automatic,  ///< RFC 3339 text, or an epoch number whose unit follows from its magnitude
  rfc3339,    ///< RFC 3339; without an offset the text is local time in the zone
  clf,        ///< Apache/nginx `10/Oct/2000:13:55:36 -0700`
  epoch,      ///< epoch number, unit by magnitude (ss::epoch_to_us)
  epoch_s,
  epoch_ms,
  epoch_us,
  epoch_ns,
  pattern,  ///< strptime-style pattern
};

/// Parses a CLF time `10/Oct/2000:13:55:36 -0700` (the offset may be left out, then the
/// fields are local time with has_offset false). nullopt when the text does not fit.
/// The year is always there (has_year): EventTimeReader reuses a result by its text.
std::optional<CivilTime> parse_clf_fields(std::string_view text) noexcept;

/// One `--time-format` with its `--timezone`, compiled once and applied to every event.
///
/// Spec: `auto`/empty, `rfc3339`, `clf`, `epoch`, `epoch_s`, `epoch_ms`, `epoch_us`,
/// `epoch_ns`, or a pattern containing `%`. Pattern conversions: %Y (1-4 digits), %m %d
/// %H %M %S %I %y (1-2 digits; %y 69-99 → 19xx, else 20xx), %e (day, space-padded), %j
/// (day of year, 1-3 digits), %b %B %h (English month names, any case, full or short),
/// %a %A (English weekday names, checked for spelling only), %f (fraction, 1-9 digits),
/// %z (`+hhmm`, `+hh:mm`, `+hh`, `Z`), %Z (`UTC`, `GMT` or `Z` only), %s (epoch seconds,
/// may be negative), %p (AM/PM with %I), %T (= %H:%M:%S), %F (= %Y-%m-%d), %n %t and a
/// space (any run of white space, also none), %% (a percent sign). Any other byte must
/// match itself. The whole text must be used up.
///
/// Zone rule: a local time that falls in a daylight-saving gap (spring forward) maps to the
/// instant of the transition; one that occurs twice (fall back) maps to the earlier
/// instant. Both are date::choose::earliest.
///
/// Not thread-safe: a TimeFormat keeps a cache of the last zone period it used. Copies are
/// independent and cheap.
class TimeFormat {
 public:
  /// Throws ss::Error(usage) for an unknown spec, an unsupported `%` conversion, a pattern
  /// that cannot carry a date, or an unknown zone name.
  explicit TimeFormat(std::string_view spec = {}, std::string_view zone_name = {});

  TimeFormatKind kind() const noexcept { return kind_; }
  /// True for a pattern without %Y, %y or %s: parse() then cannot tell the year and the
  /// caller fills CivilTime::year itself (ss::YearInference) before calling to_utc().
  bool lacks_year() const noexcept { return lacks_year_; }
  /// True when times without an offset are read in a zone other than UTC.
  bool has_zone() const noexcept { return zone_ != nullptr; }

  /// Parses a time written as text: any kind; epoch kinds take decimal text such as
  /// `1700000000.25`. nullopt when the text does not fit or names an impossible date, and
  /// for a year-less pattern (use parse_fields()).
  std::optional<TimeUs> parse(std::string_view text) const {
    TimeUs t;
    if (!parse(text, t)) return std::nullopt;
    return t;
  }
  /// The same, per event: a bool and the time written (see parse_rfc3339).
  bool parse(std::string_view text, TimeUs& out) const;
  /// Splits text into fields without applying a zone; for epoch kinds `instant` is set.
  std::optional<CivilTime> parse_fields(std::string_view text) const;
  /// Converts fields to UTC: the instant if set, else the named offset, else the zone.
  /// nullopt for out-of-range fields (month 13, 31 April, hour 24).
  std::optional<TimeUs> to_utc(const CivilTime& t) const;

  /// A JSON number as an event time: epoch kinds and `auto` only (nullopt otherwise).
  std::optional<TimeUs> from_number(int64_t value) const noexcept;
  std::optional<TimeUs> from_number(double value) const noexcept;

  /// A zone lookup, shared and cached per process: the zone's handle, or throws
  /// ss::Error(usage) naming the unknown zone. Exposed for tests and other tools.
  struct Zone;
  static const Zone* find_zone(std::string_view name);

 private:
  /// One compiled piece of a pattern.
  enum class Op : uint8_t {
    literal,
    space,
    year,
    year2,
    month,
    month_name,
    day,
    day_space,
    yday,
    hour,
    hour12,
    minute,
    second,
    fraction,
    offset,
    zone_name,
    epoch_seconds,
    am_pm,
    weekday_name,
  };
  struct Step {
    Op op;
    char literal = 0;
  };
  struct ZoneCache {
    int64_t local_begin = 1;  ///< local seconds range where `offset` holds without ambiguity
    int64_t local_end = 0;
    int64_t offset = 0;
  };

  std::optional<CivilTime> parse_pattern(std::string_view text) const;
  std::optional<TimeUs> local_to_utc(int64_t local_seconds) const;

  TimeFormatKind kind_ = TimeFormatKind::automatic;
  bool lacks_year_ = false;
  std::vector<Step> steps_;
  const Zone* zone_ = nullptr;
  mutable ZoneCache cache_;
};

}  // namespace ss
