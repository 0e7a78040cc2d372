// The functions of the expression language. Every function returns NULL for a NULL
// argument (coalesce, if, exists and min/max excepted) and for an argument of a type
// it cannot use, rather than failing the event; only a regex that hits one of PCRE2's
// limits fails it (the value cannot be known, as for `=~`).
#include <algorithm>
#include <cmath>
#include <memory>

#include "compiled_regex.hpp"
#include "node.hpp"
#include "ss/expr/pcre2_failure.hpp"
#include "ss/json/json_writer.hpp"

namespace ss::expr {

class CallNode final : public Node {
 public:
  CallNode(const Function& function, std::vector<NodePtr> args, EvalStatus& status)
      : Node(function.result), function_(function), args_(std::move(args)), arg_text_(args_.size()), status_(status) {}

  ExprValue eval(const ExprInput& in) override { return function_.impl(*this, in); }

  void print(std::string& out) const override {
    out += function_.name;
    out.push_back('(');
    for (size_t i = 0; i < args_.size(); ++i) {
      if (i > 0) out += ", ";
      args_[i]->print(out);
    }
    out.push_back(')');
  }

  size_t arity() const noexcept { return args_.size(); }
  Node& arg(size_t i) noexcept { return *args_[i]; }
  ExprValue value(size_t i, const ExprInput& in) { return args_[i]->eval(in); }

  /// Argument `i` as text (strings as they are, numbers and times as append_text
  /// writes them); nullopt for NULL.
  std::optional<std::string_view> text(size_t i, const ExprInput& in) {
    const ExprValue v = args_[i]->eval(in);
    if (v.is_null()) return std::nullopt;
    if (v.type == ExprType::string) return v.text;
    std::string& buffer = arg_text_[i];
    buffer.clear();
    append_text(buffer, v);
    return std::string_view(buffer);
  }

  std::optional<double> number(size_t i, const ExprInput& in) { return as_number(args_[i]->eval(in)); }
  std::optional<TimeUs> time(size_t i, const ExprInput& in) { return as_time(args_[i]->eval(in)); }

  /// The evaluation cannot be completed: its value is NULL and the event a bad line.
  void fail(std::string_view pattern, int pcre2_code) {
    status_.failed = true;
    status_.message.clear();
    status_.message += "regex_extract: regex ";
    append_json_string(status_.message, pattern);
    status_.message += ' ';
    status_.message += describe_pcre2_failure(pcre2_code);
  }

  /// The result buffer of functions that build strings.
  std::string& result() noexcept { return result_; }
  /// A value the check prepared (a unit, a pattern index).
  int64_t param = 0;
  /// regex_extract's pattern: compiled by the check when it is a literal, else from
  /// the last value seen (recompiled only when the pattern changes).
  std::unique_ptr<CompiledRegex> regex;

 private:
  const Function& function_;
  std::vector<NodePtr> args_;
  std::vector<std::string> arg_text_;
  std::string result_;
  EvalStatus& status_;
};

namespace {

constexpr TimeUs kSecond = 1000000;
constexpr TimeUs kMinute = 60 * kSecond;
constexpr TimeUs kHour = 60 * kMinute;
constexpr TimeUs kDay = 24 * kHour;

TimeUs floor_div(TimeUs a, TimeUs b) noexcept {
  const TimeUs q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
TimeUs floor_mod(TimeUs a, TimeUs b) noexcept { return a - floor_div(a, b) * b; }

/// Number of UTF-8 code points: bytes that do not continue a sequence.
size_t code_points(std::string_view s) noexcept {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// Byte offset of code point `n` (0-based) in `s`, or s.size() past the end.
size_t code_point_offset(std::string_view s, size_t n) noexcept {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (seen++ == n) return i;
  }
  return s.size();
}

ExprValue map_case(CallNode& c, const ExprInput& in, bool upper) {
  const auto s = c.text(0, in);
  if (!s) return ExprValue::null();
  std::string& out = c.result();
  out.assign(*s);
  // ASCII only, as SQLite's lower()/upper() without ICU: locale-free and byte-stable.
  for (char& ch : out) {
    if (upper && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (!upper && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return ExprValue::of_string(out);
}

ExprValue fn_lower(CallNode& c, const ExprInput& in) { return map_case(c, in, false); }
ExprValue fn_upper(CallNode& c, const ExprInput& in) { return map_case(c, in, true); }

ExprValue fn_len(CallNode& c, const ExprInput& in) {
  const auto s = c.text(0, in);
  return s ? ExprValue::of_number(static_cast<double>(code_points(*s))) : ExprValue::null();
}

template <class Test>
ExprValue string_test(CallNode& c, const ExprInput& in, Test test) {
  const auto s = c.text(0, in);
  const auto part = c.text(1, in);
  if (!s || !part) return ExprValue::null();
  return ExprValue::of_bool(test(*s, *part));
}

ExprValue fn_contains(CallNode& c, const ExprInput& in) {
  return string_test(c, in, [](std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; });
}
ExprValue fn_starts_with(CallNode& c, const ExprInput& in) {
  return string_test(c, in, [](std::string_view s, std::string_view p) { return s.starts_with(p); });
}
ExprValue fn_ends_with(CallNode& c, const ExprInput& in) {
  return string_test(c, in, [](std::string_view s, std::string_view p) { return s.ends_with(p); });
}

ExprValue fn_substr(CallNode& c, const ExprInput& in) {
  const auto s = c.text(0, in);
  const auto start = c.number(1, in);
  if (!s || !start) return ExprValue::null();
  // SQL's rules: positions count code points from 1; a start before 1 still counts
  // towards the length (substr('abc', 0, 2) is 'a').
  double first = std::floor(*start);
  double end = HUGE_VAL;
  if (c.arity() == 3) {
    const auto length = c.number(2, in);
    if (!length || *length < 0) return ExprValue::null();
    end = first + std::floor(*length);
  }
  first = std::max(first, 1.0);
  if (end <= first) return ExprValue::of_string({});
  const size_t total = code_points(*s);
  const auto from = static_cast<size_t>(std::min(first - 1, static_cast<double>(total)));
  const auto to = static_cast<size_t>(std::min(end - 1, static_cast<double>(total)));
  const size_t begin_byte = code_point_offset(*s, from);
  const size_t end_byte = code_point_offset(*s, to);
  return ExprValue::of_string(s->substr(begin_byte, end_byte - begin_byte));
}

ExprValue fn_split_part(CallNode& c, const ExprInput& in) {
  const auto s = c.text(0, in);
  const auto delim = c.text(1, in);
  const auto index = c.number(2, in);
  if (!s || !delim || !index || *index == 0 || *index != std::floor(*index)) return ExprValue::null();
  std::vector<std::string_view> parts;
  if (delim->empty()) {
    parts.push_back(*s);
  } else {
    size_t pos = 0;
    while (true) {
      const size_t next = s->find(*delim, pos);
      parts.push_back(s->substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
      if (next == std::string_view::npos) break;
      pos = next + delim->size();
    }
  }
  // 1-based as in PostgreSQL; a negative index counts from the end. Checked as a double
  // first: an index past every piece may be beyond what int64_t holds.
  if (std::fabs(*index) > static_cast<double>(parts.size())) return ExprValue::of_string({});
  const auto n = static_cast<int64_t>(*index);
  const int64_t i = n > 0 ? n - 1 : static_cast<int64_t>(parts.size()) + n;
  if (i < 0 || i >= static_cast<int64_t>(parts.size())) return ExprValue::of_string({});
  return ExprValue::of_string(parts[static_cast<size_t>(i)]);
}

ExprValue fn_replace(CallNode& c, const ExprInput& in) {
  const auto s = c.text(0, in);
  const auto from = c.text(1, in);
  const auto to = c.text(2, in);
  if (!s || !from || !to) return ExprValue::null();
  if (from->empty()) return ExprValue::of_string(*s);
  std::string& out = c.result();
  out.clear();
  size_t pos = 0;
  while (true) {
    const size_t next = s->find(*from, pos);
    if (next == std::string_view::npos) break;
    out.append(s->substr(pos, next - pos));
    out.append(*to);
    pos = next + from->size();
  }
  out.append(s->substr(pos));
  return ExprValue::of_string(out);
}

template <class F>
ExprValue numeric(CallNode& c, const ExprInput& in, F f) {
  const auto x = c.number(0, in);
  return x ? ExprValue::of_number(f(*x)) : ExprValue::null();
}

ExprValue fn_abs(CallNode& c, const ExprInput& in) {
  const ExprValue v = c.value(0, in);
  // The most negative duration has no positive counterpart: NULL, as any overflow.
  if (v.type == ExprType::duration)
    return v.micros == INT64_MIN ? ExprValue::null() : ExprValue::of_duration(v.micros < 0 ? -v.micros : v.micros);
  const auto x = as_number(v);
  return x ? ExprValue::of_number(std::fabs(*x)) : ExprValue::null();
}
ExprValue fn_floor(CallNode& c, const ExprInput& in) {
  return numeric(c, in, [](double x) { return std::floor(x); });
}
ExprValue fn_ceil(CallNode& c, const ExprInput& in) {
  return numeric(c, in, [](double x) { return std::ceil(x); });
}

ExprValue fn_round(CallNode& c, const ExprInput& in) {
  const auto x = c.number(0, in);
  if (!x) return ExprValue::null();
  double digits = 0;
  if (c.arity() == 2) {
    const auto d = c.number(1, in);
    if (!d) return ExprValue::null();
    digits = std::floor(*d);
  }
  // Half away from zero, as SQL's round() does.
  const double scale = std::pow(10.0, digits);
  return ExprValue::of_number(std::round(*x * scale) / scale);
}

ExprValue extremum(CallNode& c, const ExprInput& in, int sign) {
  // NULLs are ignored, as PostgreSQL's greatest()/least() do.
  ExprValue best;
  for (size_t i = 0; i < c.arity(); ++i) {
    const ExprValue v = c.value(i, in);
    if (v.is_null()) continue;
    if (best.is_null()) {
      best = v;
      continue;
    }
    const auto order = compare_values(v, best);
    if (!order) return ExprValue::null();
    if (*order * sign > 0) best = v;
  }
  return best;
}
ExprValue fn_min(CallNode& c, const ExprInput& in) { return extremum(c, in, -1); }
ExprValue fn_max(CallNode& c, const ExprInput& in) { return extremum(c, in, 1); }

ExprValue fn_coalesce(CallNode& c, const ExprInput& in) {
  for (size_t i = 0; i < c.arity(); ++i) {
    const ExprValue v = c.value(i, in);
    if (!v.is_null()) return v;
  }
  return ExprValue::null();
}

ExprValue fn_if(CallNode& c, const ExprInput& in) { return c.value(0, in).is_true() ? c.value(1, in) : c.value(2, in); }

ExprValue fn_hour(CallNode& c, const ExprInput& in) {
  const auto t = c.time(0, in);
  return t ? ExprValue::of_number(static_cast<double>(floor_mod(*t, kDay) / kHour)) : ExprValue::null();
}
ExprValue fn_minute(CallNode& c, const ExprInput& in) {
  const auto t = c.time(0, in);
  return t ? ExprValue::of_number(static_cast<double>(floor_mod(*t, kHour) / kMinute)) : ExprValue::null();
}
ExprValue fn_weekday(CallNode& c, const ExprInput& in) {
  const auto t = c.time(0, in);
  // 1970-01-01 was a Thursday; 0 is Sunday, as strftime's %w and DuckDB's dayofweek.
  return t ? ExprValue::of_number(static_cast<double>(floor_mod(floor_div(*t, kDay) + 4, 7))) : ExprValue::null();
}

enum TruncUnit : int64_t { trunc_second, trunc_minute, trunc_hour, trunc_day, trunc_week, trunc_month, trunc_year };
constexpr std::string_view kTruncUnits[] = {"second", "minute", "hour", "day", "week", "month", "year"};

void check_date_trunc(CallNode& c) {
  const auto* unit = dynamic_cast<const LiteralNode*>(&c.arg(0));
  if (unit != nullptr && unit->value().type == ExprType::string) {
    for (size_t i = 0; i < std::size(kTruncUnits); ++i) {
      if (unit->value().text == kTruncUnits[i]) {
        c.param = static_cast<int64_t>(i);
        return;
      }
    }
  }
  throw CompileError{
      "date_trunc's first argument must be one of 'second', 'minute', 'hour', 'day', 'week', 'month', 'year'"};
}

/// The start of the `unit`-long span (counted from `origin`) that holds `t`; NULL when
/// it lies before the earliest representable time.
ExprValue span_start(TimeUs t, TimeUs unit, TimeUs origin = 0) noexcept {
  TimeUs shifted = 0;
  TimeUs start = 0;
  if (__builtin_sub_overflow(t, origin, &shifted) || __builtin_mul_overflow(floor_div(shifted, unit), unit, &start) ||
      __builtin_add_overflow(start, origin, &start))
    return ExprValue::null();
  return ExprValue::of_time(start);
}

ExprValue fn_date_trunc(CallNode& c, const ExprInput& in) {
  const auto t = c.time(1, in);
  if (!t) return ExprValue::null();
  switch (static_cast<TruncUnit>(c.param)) {
    case trunc_second: return span_start(*t, kSecond);
    case trunc_minute: return span_start(*t, kMinute);
    case trunc_hour: return span_start(*t, kHour);
    case trunc_day: return span_start(*t, kDay);
    case trunc_week: return span_start(*t, 7 * kDay, 4 * kDay);  // ISO weeks start on Monday; 1970-01-05 was one
    case trunc_month:
    case trunc_year: {
      int64_t y = 0;
      unsigned m = 0;
      unsigned d = 0;
      civil_from_days(floor_div(*t, kDay), y, m, d);
      const unsigned month = c.param == trunc_year ? 1 : m;
      TimeUs start = 0;
      if (__builtin_mul_overflow(days_from_civil(y, month, 1), kDay, &start)) return ExprValue::null();
      return ExprValue::of_time(start);
    }
  }
  return ExprValue::null();
}

void check_time_bucket(CallNode& c) {
  const auto* width = dynamic_cast<const LiteralNode*>(&c.arg(0));
  if (width == nullptr || width->value().type != ExprType::duration || width->value().micros <= 0)
    throw CompileError{"time_bucket's first argument must be a positive duration such as 5m"};
  c.param = width->value().micros;
}

ExprValue fn_time_bucket(CallNode& c, const ExprInput& in) {
  const auto t = c.time(1, in);
  return t ? span_start(*t, c.param) : ExprValue::null();
}

ExprValue fn_time(CallNode& c, const ExprInput& in) {
  const auto t = c.time(0, in);
  return t ? ExprValue::of_time(*t) : ExprValue::null();
}

ExprValue fn_event_time(CallNode&, const ExprInput& in) {
  return in.event_time ? ExprValue::of_time(*in.event_time) : ExprValue::null();
}

ExprValue fn_string(CallNode& c, const ExprInput& in) {
  const auto s = c.text(0, in);
  return s ? ExprValue::of_string(*s) : ExprValue::null();
}

ExprValue fn_number(CallNode& c, const ExprInput& in) {
  const ExprValue v = c.value(0, in);
  if (v.type == ExprType::time) return ExprValue::of_number(static_cast<double>(v.micros) / 1e6);
  if (v.type == ExprType::duration) return ExprValue::of_number(static_cast<double>(v.micros) / 1e6);
  if (v.type == ExprType::boolean) return ExprValue::of_number(v.boolean ? 1 : 0);
  const auto n = as_number(v);
  return n ? ExprValue::of_number(*n) : ExprValue::null();
}

void check_exists(CallNode& c) {
  if (dynamic_cast<const FieldNode*>(&c.arg(0)) == nullptr)
    throw CompileError{"exists() takes a field name, such as exists(user.id)"};
}

ExprValue fn_exists(CallNode& c, const ExprInput& in) {
  const auto& field = static_cast<const FieldNode&>(c.arg(0));
  return ExprValue::of_bool(in.event.get(field.path()).type != ValueType::missing);
}

/// regex_extract(s, pattern[, group]): a literal pattern is compiled once, here, and a
/// literal group (a number or a name) checked against it.
void check_regex_extract(CallNode& c) {
  const auto* pattern = dynamic_cast<const LiteralNode*>(&c.arg(1));
  if (pattern != nullptr) {
    if (pattern->value().type != ExprType::string)
      throw CompileError{"regex_extract's pattern must be a string, such as \"from ([0-9.]+)\""};
    c.regex = std::make_unique<CompiledRegex>(pattern->value().text);
  }
  c.param = 0;
  if (c.arity() < 3) return;
  const auto* group = dynamic_cast<const LiteralNode*>(&c.arg(2));
  if (group == nullptr) {
    c.param = -1;  // read at every evaluation
    return;
  }
  const ExprValue& g = group->value();
  if (g.type == ExprType::number) {
    if (g.number < 0 || g.number != std::floor(g.number))
      throw CompileError{"regex_extract's group must be a whole number from 0 (the whole match) or a group name"};
    if (c.regex && g.number > c.regex->groups())
      throw CompileError{"regex_extract: the pattern has " + std::to_string(c.regex->groups()) + " group" +
                         (c.regex->groups() == 1 ? "" : "s") + ", not " +
                         std::to_string(static_cast<int64_t>(g.number))};
    c.param = static_cast<int64_t>(g.number);
  } else if (g.type == ExprType::string) {
    if (!c.regex) {
      c.param = -1;
      return;
    }
    const auto n = c.regex->group_number(g.text);
    if (!n) throw CompileError{"regex_extract: the pattern has no group named " + std::string(g.text)};
    c.param = *n;
  } else {
    throw CompileError{"regex_extract's group must be a whole number from 0 (the whole match) or a group name"};
  }
}

ExprValue fn_regex_extract(CallNode& c, const ExprInput& in) {
  const auto subject = c.text(0, in);
  if (!subject) return ExprValue::null();
  std::string subject_copy;
  std::string_view s = *subject;
  if (!dynamic_cast<const LiteralNode*>(&c.arg(1))) {
    // A pattern from the event: text() of another argument may reuse the buffers,
    // so the subject is kept first. A pattern that does not compile gives NULL.
    subject_copy.assign(s);
    s = subject_copy;
    const auto pattern = c.text(1, in);
    if (!pattern) return ExprValue::null();
    if (!c.regex || c.regex->pattern() != *pattern) {
      try {
        c.regex = std::make_unique<CompiledRegex>(*pattern);
      } catch (const CompileError&) {
        c.regex.reset();
        return ExprValue::null();
      }
    }
  }
  uint32_t group = static_cast<uint32_t>(c.param);
  if (c.param < 0) {
    const ExprValue g = c.value(2, in);
    if (g.type == ExprType::number && g.number >= 0 && g.number == std::floor(g.number) && g.number <= 1e9) {
      group = static_cast<uint32_t>(g.number);
    } else if (g.type == ExprType::string) {
      const auto n = c.regex->group_number(g.text);
      if (!n) return ExprValue::null();
      group = *n;
    } else {
      return ExprValue::null();
    }
  }
  int failure = 0;
  const auto captured = c.regex->capture(s, group, &failure);
  if (failure != 0) c.fail(c.regex->pattern(), failure);
  if (!captured) return ExprValue::null();
  c.result().assign(*captured);
  return ExprValue::of_string(c.result());
}

constexpr size_t kMany = SIZE_MAX;

}  // namespace

const std::vector<Function>& functions() {
  static const std::vector<Function> table = {
      {"lower", "lower(s)", 1, 1, ExprType::string, "s with ASCII letters in lower case", fn_lower, nullptr},
      {"upper", "upper(s)", 1, 1, ExprType::string, "s with ASCII letters in upper case", fn_upper, nullptr},
      {"len", "len(s)", 1, 1, ExprType::number, "length of s in characters (UTF-8 code points)", fn_len, nullptr},
      {"contains", "contains(s, part)", 2, 2, ExprType::boolean, "whether part occurs in s", fn_contains, nullptr},
      {"starts_with", "starts_with(s, prefix)", 2, 2, ExprType::boolean, "whether s begins with prefix", fn_starts_with,
       nullptr},
      {"ends_with", "ends_with(s, suffix)", 2, 2, ExprType::boolean, "whether s ends with suffix", fn_ends_with,
       nullptr},
      {"substr", "substr(s, start[, length])", 2, 3, ExprType::string,
       "characters of s from position start (1 is the first), length of them or to the end", fn_substr, nullptr},
      {"split_part", "split_part(s, delimiter, n)", 3, 3, ExprType::string,
       "the nth piece of s split at delimiter (1 is the first, -1 the last; '' past the end)", fn_split_part, nullptr},
      {"regex_extract", "regex_extract(s, pattern[, group])", 2, 3, ExprType::string,
       "the text of capture group (a number, 0 = the whole match, or a name) of the first match of pattern in s; "
       "NULL when nothing matches",
       fn_regex_extract, check_regex_extract},
      {"replace", "replace(s, from, to)", 3, 3, ExprType::string, "s with every occurrence of from replaced by to",
       fn_replace, nullptr},
      {"abs", "abs(x)", 1, 1, std::nullopt, "absolute value of a number or duration", fn_abs, nullptr},
      {"round", "round(x[, digits])", 1, 2, ExprType::number, "x rounded half away from zero to digits decimals",
       fn_round, nullptr},
      {"floor", "floor(x)", 1, 1, ExprType::number, "largest whole number not above x", fn_floor, nullptr},
      {"ceil", "ceil(x)", 1, 1, ExprType::number, "smallest whole number not below x", fn_ceil, nullptr},
      {"min", "min(a, b, ...)", 1, kMany, std::nullopt, "smallest argument, NULLs ignored", fn_min, nullptr},
      {"max", "max(a, b, ...)", 1, kMany, std::nullopt, "largest argument, NULLs ignored", fn_max, nullptr},
      {"coalesce", "coalesce(a, b, ...)", 1, kMany, std::nullopt, "first argument that is not NULL", fn_coalesce,
       nullptr},
      {"if", "if(condition, then, else)", 3, 3, std::nullopt, "then when condition is true, else otherwise (NULL too)",
       fn_if, nullptr},
      {"hour", "hour(t)", 1, 1, ExprType::number, "hour of the day of time t, 0-23, in UTC", fn_hour, nullptr},
      {"minute", "minute(t)", 1, 1, ExprType::number, "minute of the hour of time t, 0-59", fn_minute, nullptr},
      {"weekday", "weekday(t)", 1, 1, ExprType::number, "day of the week of time t in UTC, 0 = Sunday to 6 = Saturday",
       fn_weekday, nullptr},
      {"date_trunc", "date_trunc(unit, t)", 2, 2, ExprType::time,
       "t truncated to the start of its 'second', 'minute', 'hour', 'day', 'week' (Monday), 'month' or 'year' in UTC",
       fn_date_trunc, check_date_trunc},
      {"time_bucket", "time_bucket(width, t)", 2, 2, ExprType::time,
       "start of the width-long bucket holding t, buckets aligned to the Unix epoch", fn_time_bucket,
       check_time_bucket},
      {"time", "time(x)", 1, 1, ExprType::time, "x read as a time: RFC 3339 text or epoch number (unit by magnitude)",
       fn_time, nullptr},
      {"event_time", "event_time()", 0, 0, ExprType::time, "the event time the tool read from --time-field",
       fn_event_time, nullptr},
      {"string", "string(x)", 1, 1, ExprType::string, "x as text (times in RFC 3339, durations as 1h30m)", fn_string,
       nullptr},
      {"number", "number(x)", 1, 1, ExprType::number,
       "x as a number: numeric text, true = 1, times and durations in seconds", fn_number, nullptr},
      {"exists", "exists(field)", 1, 1, ExprType::boolean, "whether the event has the field, even with a null value",
       fn_exists, check_exists},
  };
  return table;
}

const Function* find_function(std::string_view name) noexcept {
  for (const Function& f : functions())
    if (f.name == name) return &f;
  return nullptr;
}

NodePtr make_call(const Function& function, std::vector<NodePtr> args, EvalStatus& status) {
  auto call = std::make_unique<CallNode>(function, std::move(args), status);
  if (function.check != nullptr) function.check(*call);
  return call;
}

}  // namespace ss::expr
