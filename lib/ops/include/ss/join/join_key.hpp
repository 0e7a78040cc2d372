// The bytes an event's and a table row's key fields are compared by. Values compare by
// their text, not their JSON type, so a CSV cell `42` matches the JSON number 42 and
// the string "42": strings by their unescaped text, numbers as written, booleans as
// true/false, objects and arrays as their raw JSON. Parts are joined by \x1f.
#pragma once

#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"

namespace ss {

inline constexpr char kJoinKeySeparator = '\x1f';

/// Appends one key part (with a separator before every part but the first, when
/// `first` is false). Returns false for a missing or null value: such a key matches
/// nothing.
inline bool append_join_key_part(std::string& out, const FieldValue& value, bool first) {
  if (!value.present()) return false;
  if (!first) out.push_back(kJoinKeySeparator);
  out.append(value.text);
  return true;
}

/// The same for a table cell given as text (CSV).
inline void append_join_key_text(std::string& out, std::string_view text, bool first) {
  if (!first) out.push_back(kJoinKeySeparator);
  out.append(text);
}

}  // namespace ss
