#include "ss/time/time_format.hpp"

// The Debian package's CMake target date::date-tz sets these; they must match how
// libdate-tz.so was built (the OS tzdata, string_view overloads, no locale).
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#ifndef HAS_STRING_VIEW
#define HAS_STRING_VIEW 1
#endif
#ifndef ONLY_C_LOCALE
#define ONLY_C_LOCALE 1
#endif
#include <date/tz.h>

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <map>
#include <mutex>

#include "ss/base/error.hpp"

namespace ss {

struct TimeFormat::Zone {
  const date::time_zone* tz = nullptr;
};

namespace {

constexpr int64_t kSecondsPerDay = 86400;

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool starts_with_nocase(std::string_view s, size_t pos, std::string_view word) noexcept {
  if (s.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(s[pos + i]) != word[i]) return false;
  return true;
}

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                            "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kWeekdayNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday"};

/// Month 1..12 for an English name (full, or its first three letters) at `pos`; advances
/// `pos` past it. 0 when no name fits. The first three letters tell the month (they
/// differ for all twelve); its full name is tried only when a letter follows them.
unsigned read_month_name(std::string_view s, size_t& pos) noexcept {
  if (s.size() - pos < 3) return 0;
  const auto key = [](char a, char b, char c) {
    return static_cast<uint32_t>(static_cast<unsigned char>(a)) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(b)) << 8 | static_cast<unsigned char>(c);
  };
  const uint32_t k = key(lower(s[pos]), lower(s[pos + 1]), lower(s[pos + 2]));
  for (unsigned m = 0; m < 12; ++m) {
    const std::string_view name = kMonthNames[m];
    if (key(name[0], name[1], name[2]) != k) continue;
    const bool letter_follows = s.size() - pos > 3 && lower(s[pos + 3]) >= 'a' && lower(s[pos + 3]) <= 'z';
    pos += letter_follows && starts_with_nocase(s, pos, name) ? name.size() : 3;
    return m + 1;
  }
  return 0;
}

bool read_weekday_name(std::string_view s, size_t& pos) noexcept {
  for (const std::string_view name : kWeekdayNames) {
    if (starts_with_nocase(s, pos, name)) {
      pos += name.size();
      return true;
    }
    if (starts_with_nocase(s, pos, name.substr(0, 3))) {
      pos += 3;
      return true;
    }
  }
  return false;
}

/// Reads 1..max_digits digits at `pos`.
bool read_number(std::string_view s, size_t& pos, size_t max_digits, unsigned& out) noexcept {
  unsigned v = 0;
  size_t n = 0;
  while (n < max_digits && pos < s.size() && is_digit(s[pos])) {
    v = v * 10 + static_cast<unsigned>(s[pos] - '0');
    ++pos;
    ++n;
  }
  out = v;
  return n > 0;
}

bool fixed_digits(std::string_view s, size_t pos, size_t n, unsigned& out) noexcept {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  out = v;
  return true;
}

/// Reads a fraction of 1..9 digits as microseconds (digits past the sixth truncated).
bool read_fraction(std::string_view s, size_t& pos, int64_t& micros) noexcept {
  const size_t start = pos;
  int64_t v = 0;
  int64_t scale = 100000;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < 9) {
    v += (s[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  micros = v;
  return pos > start;
}

/// `Z`, `+hh`, `+hhmm`, `+hh:mm` at `pos`.
bool read_offset(std::string_view s, size_t& pos, int32_t& offset_seconds) noexcept {
  if (pos >= s.size()) return false;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
    offset_seconds = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  const int sign = s[pos] == '-' ? -1 : 1;
  unsigned hh = 0, mm = 0;
  if (!fixed_digits(s, pos + 1, 2, hh)) return false;
  size_t p = pos + 3;
  if (p < s.size() && s[p] == ':') {
    if (!fixed_digits(s, p + 1, 2, mm)) return false;
    p += 3;
  } else if (fixed_digits(s, p, 2, mm)) {
    p += 2;
  }
  if (hh > 23 || mm > 59) return false;
  offset_seconds = sign * static_cast<int32_t>(hh * 3600 + mm * 60);
  pos = p;
  return true;
}

/// Epoch text: an optional `-`, digits, an optional `.` and digits; exponents go through
/// a double. The unit comes from `unit` (automatic: by the integer part's magnitude).
std::optional<TimeUs> parse_epoch_text(std::string_view s, TimeUnit unit) noexcept {
  if (s.empty()) return std::nullopt;
  size_t pos = 0;
  const bool negative = s[0] == '-';
  if (negative) ++pos;
  const size_t int_start = pos;
  int64_t whole = 0;
  while (pos < s.size() && is_digit(s[pos])) {
    if (whole > (INT64_MAX - 9) / 10) return std::nullopt;
    whole = whole * 10 + (s[pos] - '0');
    ++pos;
  }
  if (pos == int_start) return std::nullopt;
  int64_t frac_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t frac_start = pos;
    int64_t scale = 100000000;
    while (pos < s.size() && is_digit(s[pos])) {
      if (pos - frac_start < 9) {
        frac_ns += (s[pos] - '0') * scale;
        scale /= 10;
      }
      ++pos;
    }
    if (pos == frac_start) return std::nullopt;
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return epoch_to_us(value, unit);
  }
  if (pos != s.size()) return std::nullopt;
  if (unit == TimeUnit::automatic) {
    // The thresholds of ss::epoch_to_us, applied to the integer part so that the
    // fraction can be kept exactly.
    if (whole < 100000000000LL) unit = TimeUnit::seconds;
    else if (whole < 100000000000000LL) unit = TimeUnit::milliseconds;
    else if (whole < 100000000000000000LL) unit = TimeUnit::microseconds;
    else unit = TimeUnit::nanoseconds;
  }
  const auto base = epoch_to_us(whole, unit);
  if (!base) return std::nullopt;
  int64_t frac_us = 0;
  switch (unit) {
    case TimeUnit::seconds: frac_us = frac_ns / 1000; break;
    case TimeUnit::milliseconds: frac_us = frac_ns / 1000000; break;
    default: break;
  }
  const int64_t us = *base + frac_us;
  return negative ? -us : us;
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.f]` with no offset: RFC 3339 without its zone.
std::optional<CivilTime> parse_local_rfc3339(std::string_view s) noexcept {
  CivilTime t;
  unsigned year = 0;
  if (s.size() < 19 || !fixed_digits(s, 0, 4, year) || s[4] != '-' || !fixed_digits(s, 5, 2, t.month) || s[7] != '-' ||
      !fixed_digits(s, 8, 2, t.day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !fixed_digits(s, 11, 2, t.hour) || s[13] != ':' || !fixed_digits(s, 14, 2, t.minute) || s[16] != ':' ||
      !fixed_digits(s, 17, 2, t.second))
    return std::nullopt;
  t.year = year;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    if (!read_fraction(s, pos, t.micros)) return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return t;
}

/// Seconds since the epoch of the fields as if they were UTC; nullopt when out of range.
std::optional<int64_t> civil_seconds(const CivilTime& t) noexcept {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month) || t.hour > 23 ||
      t.minute > 59 || t.second > 60 || t.year < -999999 || t.year > 999999)
    return std::nullopt;
  return days_from_civil(t.year, t.month, t.day) * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

TimeUnit epoch_unit(TimeFormatKind kind) noexcept {
  switch (kind) {
    case TimeFormatKind::epoch_s: return TimeUnit::seconds;
    case TimeFormatKind::epoch_ms: return TimeUnit::milliseconds;
    case TimeFormatKind::epoch_us: return TimeUnit::microseconds;
    case TimeFormatKind::epoch_ns: return TimeUnit::nanoseconds;
    default: return TimeUnit::automatic;
  }
}

bool is_epoch_kind(TimeFormatKind kind) noexcept {
  return kind == TimeFormatKind::epoch || kind == TimeFormatKind::epoch_s || kind == TimeFormatKind::epoch_ms ||
         kind == TimeFormatKind::epoch_us || kind == TimeFormatKind::epoch_ns;
}

}  // namespace

std::optional<CivilTime> parse_clf_fields(std::string_view s) noexcept {
  // dd/Mon/yyyy:HH:MM:SS[ +hhmm]
  CivilTime t;
  unsigned year = 0;
  if (s.size() < 20 || !fixed_digits(s, 0, 2, t.day) || s[2] != '/' || s[6] != '/' || !fixed_digits(s, 7, 4, year) ||
      s[11] != ':' || !fixed_digits(s, 12, 2, t.hour) || s[14] != ':' || !fixed_digits(s, 15, 2, t.minute) ||
      s[17] != ':' || !fixed_digits(s, 18, 2, t.second))
    return std::nullopt;
  size_t month_pos = 3;
  t.month = read_month_name(s.substr(0, 6), month_pos);
  if (t.month == 0 || month_pos != 6) return std::nullopt;
  t.year = year;
  size_t pos = 20;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    if (!read_fraction(s, pos, t.micros)) return std::nullopt;
  }
  if (pos < s.size()) {
    if (s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_offset(s, pos, t.offset_seconds)) return std::nullopt;
    t.has_offset = true;
  }
  if (pos != s.size()) return std::nullopt;
  return t;
}

const TimeFormat::Zone* TimeFormat::find_zone(std::string_view name) {
  // One lookup per zone name and process: parsers are made per input file, and the
  // tzdb search plus its first load are not free.
  static std::mutex mutex;
  static std::map<std::string, Zone, std::less<>> zones;
  std::lock_guard lock(mutex);
  if (const auto it = zones.find(name); it != zones.end()) return &it->second;
  Zone zone;
  try {
    zone.tz = date::locate_zone(name);
  } catch (const std::exception& e) {
    const std::string why = e.what();
    if (why.find("not found") != std::string::npos)
      throw_usage(fmt::format("unknown time zone \"{}\" (expected an IANA name such as Europe/Berlin)", name));
    throw_usage(fmt::format("time zone \"{}\": {}", name, why));
  }
  return &zones.emplace(std::string(name), zone).first->second;
}

TimeFormat::TimeFormat(std::string_view spec, std::string_view zone_name) {
  if (!zone_name.empty()) zone_ = find_zone(zone_name);
  if (spec.empty() || spec == "auto") kind_ = TimeFormatKind::automatic;
  else if (spec == "rfc3339") kind_ = TimeFormatKind::rfc3339;
  else if (spec == "clf") kind_ = TimeFormatKind::clf;
  else if (spec == "epoch") kind_ = TimeFormatKind::epoch;
  else if (spec == "epoch_s") kind_ = TimeFormatKind::epoch_s;
  else if (spec == "epoch_ms") kind_ = TimeFormatKind::epoch_ms;
  else if (spec == "epoch_us") kind_ = TimeFormatKind::epoch_us;
  else if (spec == "epoch_ns") kind_ = TimeFormatKind::epoch_ns;
  else if (spec.find('%') == std::string_view::npos)
    throw_usage(
        fmt::format("unknown time format \"{}\" (expected rfc3339, clf, epoch, epoch_ms, epoch_us, "
                    "epoch_ns or a pattern such as \"%Y-%m-%d %H:%M:%S\")",
                    spec));
  else kind_ = TimeFormatKind::pattern;
  if (kind_ != TimeFormatKind::pattern) return;

  bool year = false, month = false, day = false, yday = false, epoch = false;
  for (size_t i = 0; i < spec.size(); ++i) {
    const char c = spec[i];
    if (c == ' ' || c == '\t') {
      if (steps_.empty() || steps_.back().op != Op::space) steps_.push_back({Op::space});
      continue;
    }
    if (c != '%') {
      steps_.push_back({Op::literal, c});
      continue;
    }
    if (++i == spec.size()) throw_usage(fmt::format("time format \"{}\" ends in a lone %", spec));
    switch (spec[i]) {
      case 'Y':
        steps_.push_back({Op::year});
        year = true;
        break;
      case 'y':
        steps_.push_back({Op::year2});
        year = true;
        break;
      case 'm':
        steps_.push_back({Op::month});
        month = true;
        break;
      case 'b':
      case 'B':
      case 'h':
        steps_.push_back({Op::month_name});
        month = true;
        break;
      case 'd':
        steps_.push_back({Op::day});
        day = true;
        break;
      case 'e':
        steps_.push_back({Op::day_space});
        day = true;
        break;
      case 'j':
        steps_.push_back({Op::yday});
        yday = true;
        break;
      case 'H': steps_.push_back({Op::hour}); break;
      case 'I': steps_.push_back({Op::hour12}); break;
      case 'M': steps_.push_back({Op::minute}); break;
      case 'S': steps_.push_back({Op::second}); break;
      case 'f': steps_.push_back({Op::fraction}); break;
      case 'z': steps_.push_back({Op::offset}); break;
      case 'Z': steps_.push_back({Op::zone_name}); break;
      case 's':
        steps_.push_back({Op::epoch_seconds});
        epoch = true;
        break;
      case 'p': steps_.push_back({Op::am_pm}); break;
      case 'a':
      case 'A': steps_.push_back({Op::weekday_name}); break;
      case 'T':
        steps_.insert(steps_.end(), {{Op::hour}, {Op::literal, ':'}, {Op::minute}, {Op::literal, ':'}, {Op::second}});
        break;
      case 'F':
        steps_.insert(steps_.end(), {{Op::year}, {Op::literal, '-'}, {Op::month}, {Op::literal, '-'}, {Op::day}});
        year = month = day = true;
        break;
      case 'n':
      case 't':
        if (steps_.empty() || steps_.back().op != Op::space) steps_.push_back({Op::space});
        break;
      case '%': steps_.push_back({Op::literal, '%'}); break;
      default: throw_usage(fmt::format("time format \"{}\": unsupported conversion %{}", spec, spec[i]));
    }
  }
  if (!epoch && !(month && day) && !(yday && year))
    throw_usage(fmt::format("time format \"{}\" has no date: it needs %s, a month and a day, or %j with a year", spec));
  if (yday && !year) throw_usage(fmt::format("time format \"{}\": %j needs %Y or %y", spec));
  lacks_year_ = !year && !epoch;
}

std::optional<CivilTime> TimeFormat::parse_pattern(std::string_view s) const {
  CivilTime t;
  t.has_year = !lacks_year_;
  size_t pos = 0;
  unsigned yday = 0;
  int pm = -1;  // -1: no %p, 0: AM, 1: PM
  bool hour12 = false;
  int64_t epoch_seconds = 0;
  bool has_epoch = false;
  for (const Step& step : steps_) {
    unsigned v = 0;
    switch (step.op) {
      case Op::literal:
        if (pos >= s.size() || s[pos] != step.literal) return std::nullopt;
        ++pos;
        break;
      case Op::space:
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
        break;
      case Op::year:
        if (!read_number(s, pos, 4, v)) return std::nullopt;
        t.year = v;
        break;
      case Op::year2:
        if (!read_number(s, pos, 2, v)) return std::nullopt;
        t.year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case Op::month:
        if (!read_number(s, pos, 2, t.month)) return std::nullopt;
        break;
      case Op::month_name:
        t.month = read_month_name(s, pos);
        if (t.month == 0) return std::nullopt;
        break;
      case Op::day_space:
        while (pos < s.size() && s[pos] == ' ') ++pos;
        [[fallthrough]];
      case Op::day:
        if (!read_number(s, pos, 2, t.day)) return std::nullopt;
        break;
      case Op::yday:
        if (!read_number(s, pos, 3, yday) || yday < 1) return std::nullopt;
        break;
      case Op::hour:
        if (!read_number(s, pos, 2, t.hour)) return std::nullopt;
        break;
      case Op::hour12:
        if (!read_number(s, pos, 2, t.hour) || t.hour < 1 || t.hour > 12) return std::nullopt;
        hour12 = true;
        break;
      case Op::minute:
        if (!read_number(s, pos, 2, t.minute)) return std::nullopt;
        break;
      case Op::second:
        if (!read_number(s, pos, 2, t.second)) return std::nullopt;
        break;
      case Op::fraction:
        if (!read_fraction(s, pos, t.micros)) return std::nullopt;
        // Digits past the ninth are not a fraction any strptime writes.
        if (pos < s.size() && is_digit(s[pos])) return std::nullopt;
        break;
      case Op::offset:
        if (!read_offset(s, pos, t.offset_seconds)) return std::nullopt;
        t.has_offset = true;
        break;
      case Op::zone_name:
        if (starts_with_nocase(s, pos, "utc") || starts_with_nocase(s, pos, "gmt")) pos += 3;
        else if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) ++pos;
        else return std::nullopt;
        t.has_offset = true;
        t.offset_seconds = 0;
        break;
      case Op::epoch_seconds: {
        const bool negative = pos < s.size() && s[pos] == '-';
        if (negative) ++pos;
        const size_t start = pos;
        int64_t secs = 0;
        while (pos < s.size() && is_digit(s[pos]) && pos - start < 12) secs = secs * 10 + (s[pos++] - '0');
        if (pos == start) return std::nullopt;
        epoch_seconds = negative ? -secs : secs;
        has_epoch = true;
        break;
      }
      case Op::am_pm:
        if (starts_with_nocase(s, pos, "am")) pm = 0;
        else if (starts_with_nocase(s, pos, "pm")) pm = 1;
        else return std::nullopt;
        pos += 2;
        break;
      case Op::weekday_name:
        if (!read_weekday_name(s, pos)) return std::nullopt;
        break;
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (has_epoch) {
    t.instant = epoch_seconds * 1000000 + (epoch_seconds < 0 ? -t.micros : t.micros);
    return t;
  }
  if (hour12 && pm >= 0) t.hour = t.hour % 12 + (pm == 1 ? 12 : 0);
  if (yday != 0) {
    const unsigned days_in_year = is_leap(t.year) ? 366 : 365;
    if (yday > days_in_year) return std::nullopt;
    int64_t y;
    civil_from_days(days_from_civil(t.year, 1, 1) + yday - 1, y, t.month, t.day);
  }
  return t;
}

std::optional<CivilTime> TimeFormat::parse_fields(std::string_view text) const {
  switch (kind_) {
    case TimeFormatKind::pattern: return parse_pattern(text);
    case TimeFormatKind::clf: return parse_clf_fields(text);
    case TimeFormatKind::automatic:
    case TimeFormatKind::rfc3339: {
      if (const auto t = parse_rfc3339(text)) {
        CivilTime c;
        c.instant = *t;
        return c;
      }
      if (auto local = parse_local_rfc3339(text)) return local;
      if (kind_ == TimeFormatKind::rfc3339) return std::nullopt;
      break;
    }
    default: break;
  }
  if (const auto t = parse_epoch_text(text, epoch_unit(kind_))) {
    CivilTime c;
    c.instant = *t;
    return c;
  }
  return std::nullopt;
}

bool TimeFormat::parse(std::string_view text, TimeUs& out) const {
  // The common cases skip the broken-down form.
  std::optional<TimeUs> t;
  if (kind_ == TimeFormatKind::automatic || kind_ == TimeFormatKind::rfc3339) {
    if (parse_rfc3339(text, out)) return true;
  }
  if (is_epoch_kind(kind_)) {
    t = parse_epoch_text(text, epoch_unit(kind_));
  } else {
    const auto fields = parse_fields(text);
    if (fields && fields->has_year) t = to_utc(*fields);
  }
  if (!t) return false;
  out = *t;
  return true;
}

std::optional<TimeUs> TimeFormat::to_utc(const CivilTime& t) const {
  if (t.instant) return t.instant;
  const auto secs = civil_seconds(t);
  if (!secs) return std::nullopt;
  if (t.has_offset) return (*secs - t.offset_seconds) * 1000000 + t.micros;
  if (zone_ == nullptr) return *secs * 1000000 + t.micros;
  const auto utc = local_to_utc(*secs);
  if (!utc) return std::nullopt;
  return *utc * 1000000 + t.micros;
}

std::optional<TimeUs> TimeFormat::local_to_utc(int64_t local) const {
  if (local >= cache_.local_begin && local < cache_.local_end) return local - cache_.offset;
  date::local_info info;
  try {
    info = zone_->tz->get_info(date::local_seconds{std::chrono::seconds{local}});
  } catch (const std::exception&) {
    return std::nullopt;  // outside the years the library can represent
  }
  switch (info.result) {
    case date::local_info::unique: {
      const int64_t offset = info.first.offset.count();
      // Stay two days clear of both transitions: near them a local time may be
      // ambiguous or missing, and no offset change is larger than a day.
      constexpr int64_t kMargin = 2 * kSecondsPerDay;
      cache_.local_begin = info.first.begin.time_since_epoch().count() + offset + kMargin;
      cache_.local_end = info.first.end.time_since_epoch().count() + offset - kMargin;
      cache_.offset = offset;
      return local - offset;
    }
    case date::local_info::nonexistent:
      // In a spring-forward gap: the instant the clocks moved.
      return info.first.end.time_since_epoch().count();
    case date::local_info::ambiguous:
      // In a fall-back overlap: the first of the two instants, still on the old offset.
      return local - info.first.offset.count();
  }
  return std::nullopt;
}

std::optional<TimeUs> TimeFormat::from_number(int64_t value) const noexcept {
  if (kind_ != TimeFormatKind::automatic && !is_epoch_kind(kind_)) return std::nullopt;
  return epoch_to_us(value, epoch_unit(kind_));
}

std::optional<TimeUs> TimeFormat::from_number(double value) const noexcept {
  if (kind_ != TimeFormatKind::automatic && !is_epoch_kind(kind_)) return std::nullopt;
  return epoch_to_us(value, epoch_unit(kind_));
}

}  // namespace ss
