// Canonical text of a field value, so that values that are equal compare equal however
// they were spelled (`1`, `1.0` and `1e0` are one number; the string "1" is another
// value). distinct, approx_distinct and top count values by this key.
#pragma once

#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"

namespace ss {

/// The tag of a string's key: a string's key is this byte and then its text.
inline constexpr char kStringKeyTag = 's';

/// Appends the key of `value`: a type tag (`s` string, `n` number, `b` boolean, `j`
/// object or array) and then the string's bytes, the number in shortest form, `true` or
/// `false`, or the raw JSON. Returns false and appends nothing for missing and null.
bool append_value_key(std::string& out, const FieldValue& value);

/// Appends the JSON value a key stands for (strings escaped, the rest as is).
/// Precondition: valid_value_key(key).
void append_key_json(std::string& out, std::string_view key);

/// Whether `key` could have been made by append_value_key (used when loading states).
bool valid_value_key(std::string_view key) noexcept;

/// Appends `value` as JSON: strings escaped again, numbers, objects and arrays as their
/// raw text, booleans as `true`/`false`. Returns false and appends nothing for missing
/// and null.
bool append_value_json(std::string& out, const FieldValue& value);

}  // namespace ss
