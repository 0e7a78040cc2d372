// PostgreSQL's COPY text format: a row is its columns separated by tabs and ended by a
// newline, NULL is \N, and backslash, tab, newline and carriage return in a value are
// written as \\, \t, \n and \r.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace ss {

/// Appends `value` to `out` as one column of a COPY text row.
inline void append_copy_text(std::string& out, std::string_view value) {
  const char* p = value.data();
  const char* const end = p + value.size();
  while (p < end) {
    // Most values hold none of the four bytes: copy runs without them at once.
    const char* run = p;
    while (p < end && *p != '\\' && *p != '\t' && *p != '\n' && *p != '\r') ++p;
    out.append(run, static_cast<size_t>(p - run));
    if (p == end) break;
    out.push_back('\\');
    switch (*p) {
      case '\t': out.push_back('t'); break;
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      default: out.push_back('\\'); break;
    }
    ++p;
  }
}

/// NULL in a COPY text row.
inline constexpr std::string_view kCopyNull = "\\N";

}  // namespace ss
