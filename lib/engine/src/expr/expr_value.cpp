#include "ss/expr/expr_value.hpp"

#include <charconv>

#include "ss/json/json_writer.hpp"
#include "ss/time/duration.hpp"

namespace ss {

std::string_view type_name(ExprType type) noexcept {
  switch (type) {
    case ExprType::null: return "null";
    case ExprType::boolean: return "boolean";
    case ExprType::number: return "number";
    case ExprType::string: return "string";
    case ExprType::time: return "time";
    case ExprType::duration: return "duration";
    case ExprType::json: return "json";
  }
  return "?";
}

ExprValue from_field(const FieldValue& field) noexcept {
  switch (field.type) {
    case ValueType::missing:
    case ValueType::null: return ExprValue::null();
    case ValueType::boolean: return ExprValue::of_bool(field.boolean);
    case ValueType::number: {
      ExprValue v = ExprValue::of_number(field.number);
      v.text = field.text;
      return v;
    }
    case ValueType::string: return ExprValue::of_string(field.text);
    case ValueType::object:
    case ValueType::array: {
      ExprValue v;
      v.type = ExprType::json;
      v.text = field.text;
      return v;
    }
  }
  return ExprValue::null();
}

std::optional<double> as_number(const ExprValue& v) noexcept {
  if (v.type == ExprType::number) return v.number;
  if (v.type != ExprType::string || v.text.empty()) return std::nullopt;
  // A status code read from a CSV or a regex capture is the string "200"; comparing it
  // with 200 should work as it does in Miller and SQL's implicit casts.
  std::string_view s = v.text;
  if (s.front() == '+') return std::nullopt;
  double out = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

std::optional<TimeUs> as_time(const ExprValue& v) noexcept {
  switch (v.type) {
    case ExprType::time: return v.micros;
    case ExprType::string: return parse_rfc3339(v.text);
    case ExprType::number: return epoch_to_us(v.number, TimeUnit::automatic);
    default: return std::nullopt;
  }
}

namespace {

template <class T>
int three_way(const T& a, const T& b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// The pair as two values of one comparable kind, or nullopt.
std::optional<int> ordered(const ExprValue& a, const ExprValue& b) noexcept {
  if (a.type == ExprType::time || b.type == ExprType::time) {
    const auto x = as_time(a);
    const auto y = as_time(b);
    if (!x || !y) return std::nullopt;
    return three_way(*x, *y);
  }
  if (a.type == ExprType::duration && b.type == ExprType::duration) return three_way(a.micros, b.micros);
  if (a.type == ExprType::string && b.type == ExprType::string) {
    const int c = a.text.compare(b.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.type == ExprType::number || b.type == ExprType::number) {
    const auto x = as_number(a);
    const auto y = as_number(b);
    if (!x || !y) return std::nullopt;
    return three_way(*x, *y);
  }
  if (a.type == ExprType::boolean && b.type == ExprType::boolean) return three_way(a.boolean, b.boolean);
  return std::nullopt;
}

}  // namespace

bool values_equal(const ExprValue& a, const ExprValue& b) noexcept {
  if (a.type == ExprType::json && b.type == ExprType::json) return a.text == b.text;
  const auto c = ordered(a, b);
  return c && *c == 0;
}

std::optional<int> compare_values(const ExprValue& a, const ExprValue& b) noexcept { return ordered(a, b); }

void append_json_value(std::string& out, const ExprValue& v) {
  switch (v.type) {
    case ExprType::null: out += "null"; return;
    case ExprType::boolean: out += v.boolean ? "true" : "false"; return;
    case ExprType::number:
      if (!v.text.empty()) out += v.text;
      else append_json_number(out, v.number);
      return;
    case ExprType::string: append_json_string(out, v.text); return;
    case ExprType::time: append_json_time(out, v.micros); return;
    case ExprType::duration: append_json_number(out, static_cast<double>(v.micros) / 1e6); return;
    case ExprType::json: out += v.text; return;
  }
}

void append_text(std::string& out, const ExprValue& v) {
  switch (v.type) {
    case ExprType::null: return;
    case ExprType::boolean: out += v.boolean ? "true" : "false"; return;
    case ExprType::number:
      if (!v.text.empty()) out += v.text;
      else append_json_number(out, v.number);
      return;
    case ExprType::string:
    case ExprType::json: out += v.text; return;
    case ExprType::time: append_rfc3339(out, v.micros); return;
    case ExprType::duration: out += format_duration(v.micros); return;
  }
}

}  // namespace ss
