// One field's value as read from an event, borrowed from the parser's buffers: valid
// until the next event is parsed. Aggregators, keys and expressions take this.
#pragma once

#include <cstdint>
#include <string_view>

namespace ss {

enum class ValueType { missing, null, boolean, number, string, object, array };

struct FieldValue {
  ValueType type = ValueType::missing;
  bool boolean = false;
  double number = 0;        ///< for numbers (also set when is_integer)
  int64_t integer = 0;      ///< exact value when is_integer
  bool is_integer = false;  ///< a number written without fraction or exponent that fits int64
  std::string_view text;    ///< strings: unescaped; numbers, objects, arrays: raw JSON
  /// A string that needed no unescaping: `text` in quotes is already its JSON form,
  /// and `text` lies between its quotes in the parsed line.
  bool verbatim = false;

  bool present() const noexcept { return type != ValueType::missing && type != ValueType::null; }
  bool is_number() const noexcept { return type == ValueType::number; }
  bool is_string() const noexcept { return type == ValueType::string; }
};

}  // namespace ss
