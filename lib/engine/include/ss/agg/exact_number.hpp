// A number as the numeric aggregates see it: an exact int64 when the value is a whole
// number that fits, otherwise a double. Whole doubles below 2^53 become integers, so
// `2` and `2.0` are one value and save/load cannot change a value's form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ss/json/field_value.hpp"

namespace ss {

struct ExactNumber {
  bool is_int = true;
  int64_t integer = 0;  ///< the value when is_int
  double real = 0;      ///< the value when !is_int (and a rounding of it when is_int)

  /// The number in `value`, or nullopt for anything that is not a finite number.
  static std::optional<ExactNumber> from(const FieldValue& value) noexcept;
  static ExactNumber from_int(int64_t v) noexcept { return ExactNumber{true, v, static_cast<double>(v)}; }
  /// Normalised as from() does.
  static std::optional<ExactNumber> from_double(double v) noexcept;

  /// Appends the number in shortest form (integers as integers).
  void append_json(std::string& out) const;
};

/// Exact comparison, also between an int64 and a double: -1, 0 or 1.
int compare(const ExactNumber& a, const ExactNumber& b) noexcept;

}  // namespace ss
