// Event time: int64 microseconds since the Unix epoch, UTC. Parsing and formatting of
// RFC 3339 and of epoch numbers, without locale or time-zone database lookups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ss {

using TimeUs = int64_t;  ///< microseconds since 1970-01-01T00:00:00Z

inline constexpr TimeUs kMinTime = INT64_MIN;
inline constexpr TimeUs kMaxTime = INT64_MAX;
inline constexpr TimeUs kMillisecond = 1000;

/// a + b and a - b clamped to [kMinTime, kMaxTime]: window ends and watermarks near
/// the ends of time must not wrap around.
inline TimeUs saturating_add(TimeUs a, TimeUs b) noexcept {
  TimeUs sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kMaxTime : kMinTime;
  return sum;
}
inline TimeUs saturating_sub(TimeUs a, TimeUs b) noexcept {
  TimeUs difference;
  if (__builtin_sub_overflow(a, b, &difference)) return b > 0 ? kMinTime : kMaxTime;
  return difference;
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept;
/// Inverse of days_from_civil.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept;
/// Gregorian leap years, and the days of month `m` (1..12) of year `y`. Inline: time
/// parsing checks every date it reads.
inline bool is_leap(int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
inline unsigned days_in_month(int64_t y, unsigned m) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

/// Parses `2026-11-23T10:00:01.123Z`, any offset (`+05:30`, `-0800`), 0-9 fraction
/// digits (beyond microseconds truncated), lowercase `t`/`z`, a space for `T`.
/// False for anything else, including out-of-range fields (`out` then unchanged).
/// This form is the one to call per event: an `optional<int64_t>` returned from an
/// out-of-line function goes through memory, and is read back at once.
bool parse_rfc3339(std::string_view s, TimeUs& out) noexcept;

inline std::optional<TimeUs> parse_rfc3339(std::string_view s) noexcept {
  TimeUs t;
  if (!parse_rfc3339(s, t)) return std::nullopt;
  return t;
}

/// Appends `t` as RFC 3339 UTC with `fraction_digits` digits (0, 3 or 6); with -1,
/// milliseconds unless the value has sub-millisecond precision, then microseconds.
void append_rfc3339(std::string& out, TimeUs t, int fraction_digits = -1);
/// Room enough for append_rfc3339()'s longest text (30 bytes: -290308-12-21T19:59:05.224192Z).
inline constexpr size_t kRfc3339Bound = 40;
/// append_rfc3339() written at `p`, which has room for kRfc3339Bound bytes; returns the
/// end of what it wrote.
char* write_rfc3339(char* p, TimeUs t, int fraction_digits = -1) noexcept;
std::string format_rfc3339(TimeUs t, int fraction_digits = -1);

enum class TimeUnit { automatic, seconds, milliseconds, microseconds, nanoseconds };

/// Parses `auto`, `s`, `ms`, `us`, `ns` (and the long names); nullopt otherwise.
std::optional<TimeUnit> parse_time_unit(std::string_view s) noexcept;

/// Converts an epoch number to microseconds. With `automatic` the unit is chosen by
/// magnitude: below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds,
/// else nanoseconds (so 1973..5138 in every unit). Non-finite numbers give nullopt.
std::optional<TimeUs> epoch_to_us(double value, TimeUnit unit) noexcept;
std::optional<TimeUs> epoch_to_us(int64_t value, TimeUnit unit) noexcept;

}  // namespace ss
