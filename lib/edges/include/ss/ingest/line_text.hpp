// Small text helpers the line parsers share: line-end and UTF-8 clean-up, and writing a
// field value as a JSON string or (with --typed) a number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// `line` without one trailing `\r`.
inline std::string_view strip_cr(std::string_view line) noexcept {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

/// line[begin, end), for bounds the parser found inside the line. string_view::substr
/// checks them again and, with its exception path, stays out of line: a call per field.
inline std::string_view between(std::string_view line, size_t begin, size_t end) noexcept {
  SS_ASSERT(begin <= end && end <= line.size());
  return {line.data() + begin, end - begin};
}

/// True when `field` is the one byte `-`, the access logs' "no value".
inline bool is_dash(std::string_view field) noexcept { return field.size() == 1 && field[0] == '-'; }

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

/// Writes one event as a JSON object into `out`, member by member: `"ts"` first when the
/// event has a time (readers find it there without scanning the line), then each member
/// with the comma it needs; close() ends the object.
class EventObject {
 public:
  EventObject(std::string& out, std::optional<TimeUs> time) : out_(out) {
    out_.push_back('{');
    if (time) append_json_time(key("\"ts\""), *time);
  }

  /// Opens the member `quoted_key` (JSON text: `"path"`) and returns `out` for its value.
  std::string& key(std::string_view quoted_key) {
    separate();
    out_.append(quoted_key);
    out_.push_back(':');
    return out_;
  }
  /// Opens the member named `name`, escaped as a JSON string, and returns `out`.
  std::string& member(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_.push_back(':');
    return out_;
  }
  /// A member with a string value.
  void string(std::string_view quoted_key, std::string_view value) { append_json_string(key(quoted_key), value); }
  /// The comma before members the caller writes whole, key and all.
  void separate() {
    if (!empty_) out_.push_back(',');
    empty_ = false;
  }
  void close() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool empty_ = true;
};

}  // namespace ss
