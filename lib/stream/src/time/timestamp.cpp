#include "ss/time/timestamp.hpp"

#include <cmath>
#include <cstring>

#include "ss/base/append_bounded.hpp"

namespace ss {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) noexcept {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const unsigned c = static_cast<unsigned char>(s[i]) - '0';
    if (c > 9) return false;
    v = v * 10 + c;
  }
  out = v;
  return true;
}

/// The date and time of day (`YYYY-MM-DDTHH:MM:SS`) of the last time parsed on this
/// thread, and what they came to: events come roughly in time order, so most share the
/// second of the one before (a busy log) or at least its date, which are then checked and
/// converted once per second or per day instead of once per event.
struct LastTime {
  char text[19] = {};
  int64_t days = 0;        ///< of the date, text[0..10)
  int64_t local_secs = 0;  ///< of the date and time, before any offset
  bool set = false;
};
thread_local LastTime last_time;

}  // namespace

bool parse_rfc3339(std::string_view s, TimeUs& out) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.f{0,9}](Z|+HH:MM|+HHMM)
  if (s.size() < 20) return false;
  LastTime& last = last_time;
  int64_t local_secs;
  if (last.set && std::memcmp(s.data(), last.text, sizeof last.text) == 0) {
    local_secs = last.local_secs;
  } else {
    int64_t days;
    if (last.set && std::memcmp(s.data(), last.text, 10) == 0) {
      days = last.days;
    } else {
      unsigned year, month, day;
      if (!digits(s, 0, 4, year) || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' || !digits(s, 8, 2, day))
        return false;
      if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
      days = days_from_civil(year, month, day);
    }
    unsigned hour, minute, second;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
    if (!digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
        !digits(s, 17, 2, second))
      return false;
    if (hour > 23 || minute > 59 || second > 60) return false;
    local_secs = days * 86400 + hour * 3600 + minute * 60 + second;
    std::memcpy(last.text, s.data(), sizeof last.text);
    last.days = days;
    last.local_secs = local_secs;
    last.set = true;
  }
  size_t pos = 19;
  int64_t micros = 0;
  if (s[pos] == '.') {
    ++pos;
    const size_t start = pos;
    int64_t scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start >= 9) return false;
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return false;
  }
  if (pos >= s.size()) return false;
  int64_t offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    unsigned oh, om;
    if (!digits(s, pos + 1, 2, oh)) return false;
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!digits(s, mpos, 2, om) || oh > 23 || om > 59) return false;
    offset_minutes = sign * static_cast<int64_t>(oh * 60 + om);
    pos = mpos + 2;
  } else {
    return false;
  }
  if (pos != s.size()) return false;
  const int64_t secs = local_secs - offset_minutes * 60;
  out = secs * 1000000 + micros;
  return true;
}

char* write_rfc3339(char* p, TimeUs t, int fraction_digits) noexcept {
  int64_t secs = t / 1000000;
  int64_t micros = t % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  if (fraction_digits < 0) fraction_digits = micros % 1000 == 0 ? 3 : 6;
  char* const start = p;
  auto put = [&p](uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p += width;
  };
  // Times written one after another mostly share their second (a busy log's lines, a
  // window's bounds): the text up to the seconds is kept for the last second written.
  thread_local int64_t last_secs = INT64_MIN;  // no TimeUs has this many seconds
  thread_local char last_text[32];
  thread_local size_t last_size = 0;
  if (secs == last_secs) {
    std::memcpy(p, last_text, last_size);
    p += last_size;
  } else {
    int64_t days = secs / 86400;
    int64_t rem = secs % 86400;
    if (rem < 0) {
      rem += 86400;
      days -= 1;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y < 0 || y > 9999) {
      // Outside RFC 3339's range: still readable, with a sign and more digits.
      if (y < 0) *p++ = '-';
      put(static_cast<uint64_t>(y < 0 ? -y : y), 6);
    } else {
      put(static_cast<uint64_t>(y), 4);
    }
    *p++ = '-';
    put(m, 2);
    *p++ = '-';
    put(d, 2);
    *p++ = 'T';
    put(static_cast<uint64_t>(rem / 3600), 2);
    *p++ = ':';
    put(static_cast<uint64_t>(rem / 60 % 60), 2);
    *p++ = ':';
    put(static_cast<uint64_t>(rem % 60), 2);
    last_size = static_cast<size_t>(p - start);
    std::memcpy(last_text, start, last_size);
    last_secs = secs;
  }
  if (fraction_digits == 3) {
    *p++ = '.';
    put(static_cast<uint64_t>(micros / 1000), 3);
  } else if (fraction_digits == 6) {
    *p++ = '.';
    put(static_cast<uint64_t>(micros), 6);
  }
  *p++ = 'Z';
  return p;
}

void append_rfc3339(std::string& out, TimeUs t, int fraction_digits) {
  append_bounded(out, kRfc3339Bound, [&](char* p) { return write_rfc3339(p, t, fraction_digits); });
}

std::string format_rfc3339(TimeUs t, int fraction_digits) {
  std::string out;
  append_rfc3339(out, t, fraction_digits);
  return out;
}

std::optional<TimeUnit> parse_time_unit(std::string_view s) noexcept {
  if (s == "auto") return TimeUnit::automatic;
  if (s == "s" || s == "seconds" || s == "epoch") return TimeUnit::seconds;
  if (s == "ms" || s == "milliseconds" || s == "epoch_ms") return TimeUnit::milliseconds;
  if (s == "us" || s == "microseconds" || s == "epoch_us") return TimeUnit::microseconds;
  if (s == "ns" || s == "nanoseconds" || s == "epoch_ns") return TimeUnit::nanoseconds;
  return std::nullopt;
}

namespace {

TimeUnit unit_by_magnitude(double magnitude) noexcept {
  if (magnitude < 1e11) return TimeUnit::seconds;
  if (magnitude < 1e14) return TimeUnit::milliseconds;
  if (magnitude < 1e17) return TimeUnit::microseconds;
  return TimeUnit::nanoseconds;
}

}  // namespace

std::optional<TimeUs> epoch_to_us(double value, TimeUnit unit) noexcept {
  if (!std::isfinite(value)) return std::nullopt;
  if (unit == TimeUnit::automatic) unit = unit_by_magnitude(std::fabs(value));
  double us = 0;
  switch (unit) {
    case TimeUnit::seconds: us = value * 1e6; break;
    case TimeUnit::milliseconds: us = value * 1e3; break;
    case TimeUnit::microseconds: us = value; break;
    case TimeUnit::nanoseconds: us = value / 1e3; break;
    case TimeUnit::automatic: break;
  }
  if (!(us > -9.2e18 && us < 9.2e18)) return std::nullopt;
  return static_cast<TimeUs>(std::llround(us));
}

std::optional<TimeUs> epoch_to_us(int64_t value, TimeUnit unit) noexcept {
  if (unit == TimeUnit::automatic) unit = unit_by_magnitude(std::fabs(static_cast<double>(value)));
  constexpr int64_t kLimit = INT64_MAX / 1000000;
  switch (unit) {
    case TimeUnit::seconds:
      if (value > kLimit || value < -kLimit) return std::nullopt;
      return value * 1000000;
    case TimeUnit::milliseconds:
      if (value > INT64_MAX / 1000 || value < -(INT64_MAX / 1000)) return std::nullopt;
      return value * 1000;
    case TimeUnit::microseconds: return value;
    case TimeUnit::nanoseconds: return value / 1000;
    case TimeUnit::automatic: break;
  }
  return std::nullopt;
}

}  // namespace ss
