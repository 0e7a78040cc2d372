// Finding values in the text of a JSON document that is already known to be valid:
// no checks, only the scanning that locates a value's bytes, so a tool can copy or
// replace them without re-serialising the document.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>

#include "ss/base/find_byte.hpp"

namespace ss {

/// One of the four bytes JSON allows between tokens.
[[gnu::always_inline]] inline bool is_json_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The first index at or after `i` that is not JSON white space (or s.size()). Inline:
/// the json format's scanner calls it for every token.
inline size_t skip_json_space(std::string_view s, size_t i) noexcept {
  while (i < s.size() && is_json_space(s[i])) ++i;
  return i;
}

/// `s` without the JSON white space at its end: On-Demand's raw_json_token() of a
/// scalar runs up to the next structural character, spaces before it included.
inline std::string_view trim_json_space_end(std::string_view s) noexcept {
  while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
  return s;
}

/// The index of the first `"` at or after `from` that no backslash escapes (none, or an
/// even run of them, stands before it, counted back to `from`), or npos: the closing
/// quote of a string whose text starts at `from`, in JSON and in Apache's quoted fields.
/// Inline: ss-ingest looks for three in every access-log line.
[[gnu::always_inline]] inline size_t unescaped_quote(std::string_view s, size_t from) noexcept {
  for (size_t pos = from; pos < s.size(); ++pos) {
    pos = find_byte(s, '"', pos);
    if (pos == std::string_view::npos) break;
    size_t k = pos;
    while (k > from && s[k - 1] == '\\') --k;
    if ((pos - k) % 2 == 0) return pos;
  }
  return std::string_view::npos;
}

/// One past the closing quote of the string whose opening quote is at `i`; json.size()
/// when it has none.
size_t json_string_end(std::string_view json, size_t i) noexcept;

/// One past the end of the value that starts at `i` (after any white space).
size_t json_value_end(std::string_view json, size_t i) noexcept;

/// [begin, end) of the `index`-th value inside the object or array that starts at
/// `container` (for an object, the member's value, not its key). The container must
/// hold that many values.
std::pair<size_t, size_t> json_child_value(std::string_view json, size_t container, size_t index) noexcept;

}  // namespace ss
