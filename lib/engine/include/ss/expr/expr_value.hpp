// The value an expression computes: JSON's types plus times and durations, with SQL's
// NULL for missing fields. Strings borrow their bytes (from the event being read, a
// literal, or a node's scratch buffer, which is reused from event to event).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

enum class ExprType : uint8_t {
  null,  ///< a missing field, JSON null, or an operation without an answer
  boolean,
  number,  ///< a double; `text` keeps a field's JSON digits so copies stay exact
  string,
  time,      ///< microseconds since the epoch (`micros`)
  duration,  ///< microseconds (`micros`)
  json,      ///< an object or array, as raw JSON text
};

/// The name of a type as messages and the man page spell it.
std::string_view type_name(ExprType type) noexcept;

struct ExprValue {
  ExprType type = ExprType::null;
  bool boolean = false;
  double number = 0;
  int64_t micros = 0;
  std::string_view text;  ///< strings; raw JSON of json values; a field number's digits

  static ExprValue null() noexcept { return {}; }
  static ExprValue of_bool(bool b) noexcept {
    ExprValue v;
    v.type = ExprType::boolean;
    v.boolean = b;
    return v;
  }
  static ExprValue of_number(double n) noexcept {
    ExprValue v;
    v.type = ExprType::number;
    v.number = n;
    return v;
  }
  static ExprValue of_string(std::string_view s) noexcept {
    ExprValue v;
    v.type = ExprType::string;
    v.text = s;
    return v;
  }
  static ExprValue of_time(TimeUs t) noexcept {
    ExprValue v;
    v.type = ExprType::time;
    v.micros = t;
    return v;
  }
  static ExprValue of_duration(TimeUs d) noexcept {
    ExprValue v;
    v.type = ExprType::duration;
    v.micros = d;
    return v;
  }

  bool is_null() const noexcept { return type == ExprType::null; }
  bool is_true() const noexcept { return type == ExprType::boolean && boolean; }
};

/// A field's value as an expression value: missing and JSON null become null.
ExprValue from_field(const FieldValue& field) noexcept;

/// The number a value stands for: numbers, and strings that are a whole JSON-style
/// number (`"200"`, `"1.5e3"`); nullopt otherwise.
std::optional<double> as_number(const ExprValue& v) noexcept;

/// The time a value stands for: times, RFC 3339 strings, and epoch numbers (unit by
/// magnitude, as --time-unit auto reads them); nullopt otherwise.
std::optional<TimeUs> as_time(const ExprValue& v) noexcept;

/// Equality as `==` has it: numbers with numbers (and numeric strings), times with
/// times (and strings or numbers that read as times), strings byte for byte; values
/// of types that cannot be compared are unequal. Precondition: neither is null.
bool values_equal(const ExprValue& a, const ExprValue& b) noexcept;

/// Ordering as `<` has it, on the same coercions as values_equal: -1, 0, 1, or nullopt
/// when the two cannot be ordered (a string against a boolean, json values).
std::optional<int> compare_values(const ExprValue& a, const ExprValue& b) noexcept;

/// Appends `v` as one JSON value: times as RFC 3339 strings, durations as seconds,
/// numbers from a field with their original digits.
void append_json_value(std::string& out, const ExprValue& v);

/// Appends `v` as text, as string() and string concatenation see it: strings as they
/// are, times in RFC 3339, durations as `1h30m`, numbers in shortest form, null as
/// nothing.
void append_text(std::string& out, const ExprValue& v);

}  // namespace ss
