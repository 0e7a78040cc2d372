// Small text helpers the line parsers share: line-end and UTF-8 clean-up, and writing a
// field value as a JSON string or (with --typed) a number.
#pragma once

#include <string>
#include <string_view>

#include "ss/json/raw_json.hpp"

namespace ss {

/// `line` without one trailing `\r`.
inline std::string_view strip_cr(std::string_view line) noexcept {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

/// True when `line` holds only spaces and tabs (or nothing).
bool is_blank(std::string_view line) noexcept;

/// `line` itself when it is valid UTF-8; otherwise a copy in `scratch` with each byte
/// that does not belong to a valid sequence replaced by U+FFFD.
std::string_view as_valid_utf8(std::string_view line, std::string& scratch);

/// `line` for a message: in double quotes, cut after about `max_bytes` bytes (with `…`),
/// control bytes, quotes, backslashes and bytes of invalid UTF-8 escaped (`\xNN`), so
/// that binary input cannot disturb a terminal.
std::string shown_line(std::string_view line, size_t max_bytes = 80);

/// True when `s` is one or more ASCII digits.
inline bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// Appends `value` as a JSON number when `typed` and it is one, else as a JSON string.
/// An integer beyond 64 bits stays a string: readers would round it to a double.
void append_field_value(std::string& out, std::string_view value, bool typed);

}  // namespace ss
