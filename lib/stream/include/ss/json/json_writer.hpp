// Appends JSON to a std::string without building a tree: escaping that is always
// correct, numbers without loss, and splicing fields into a raw object line.
#pragma once

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ss/base/append_bounded.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// Appends `s` as a JSON string literal (quotes included), escaping `"`, `\` and
/// control characters; bytes >= 0x80 pass through (input is UTF-8).
void append_json_string(std::string& out, std::string_view s);
/// append_json_string() written at `p`, which has room for json_string_bound(s.size(),
/// json_escapable(s)) bytes; returns the end of what it wrote.
char* write_json_string(char* p, std::string_view s) noexcept;

/// How many bytes from `p` on a JSON string holds as they are (up to `n`): the first
/// control character, quote or backslash ends the run. Sixteen bytes at a time: the
/// text fields of log lines are long and rarely need an escape.
inline size_t json_plain_run(const char* p, size_t n) noexcept {
  size_t i = 0;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  // Bit k set when byte k of the 16 at `at` ends a run.
  const auto stops = [&](const char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i printable = _mm_cmpeq_epi8(_mm_max_epu8(v, space), v);  // v >= 0x20, unsigned
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    return static_cast<unsigned>(_mm_movemask_epi8(special)) |
           (~static_cast<unsigned>(_mm_movemask_epi8(printable)) & 0xffffu);
  };
  if (n >= 16) {
    for (; i + 16 <= n; i += 16)
      if (const unsigned mask = stops(p + i); mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    if (i == n) return n;
    // The last bytes as one more block that ends at n, instead of a byte-at-a-time
    // tail: the bytes it shares with the blocks before are plain, so its first stop is
    // past them.
    const size_t last = n - 16;
    const unsigned mask = stops(p + last);
    return mask != 0 ? last + static_cast<size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return n;
}

/// How many bytes of `s` a JSON string escapes: quotes, backslashes, control characters.
inline size_t json_escape_count(std::string_view s) noexcept {
  size_t count = 0;
  for (size_t i = 0;; ++i, ++count) {
    i += json_plain_run(s.data() + i, s.size() - i);
    if (i == s.size()) return count;
  }
}

/// At most how many bytes of `s` need an escape: all of them for short text, and for
/// long text a count, so that room reserved for the worst case stays near its size
/// (six times a 64 MiB line would be 384 MiB).
inline size_t json_escapable(std::string_view s) noexcept {
  constexpr size_t kCountAbove = 1024;
  return s.size() <= kCountAbove ? s.size() : json_escape_count(s);
}

/// The most bytes a JSON string literal of `n` bytes of text takes when `escapable` of
/// them may need an escape (`\u00XX`, six bytes for one): the quotes included.
constexpr size_t json_string_bound(size_t n, size_t escapable) noexcept { return n + 5 * escapable + 2; }

/// Shortest text that reads back as exactly `v`; non-finite values become null.
void append_json_number(std::string& out, double v);
void append_json_number(std::string& out, int64_t v);
void append_json_number(std::string& out, uint64_t v);

/// Writes `t` as a JSON string holding its RFC 3339 UTC form (append_rfc3339(), which
/// says what `fraction_digits` means), quotes included, at `p`; returns the end of what
/// it wrote. Inline: ss-ingest writes one per event.
inline char* write_json_time(char* p, TimeUs t, int fraction_digits = -1) noexcept {
  *p++ = '"';
  p = write_rfc3339(p, t, fraction_digits);
  *p++ = '"';
  return p;
}
/// Room for write_json_time().
inline constexpr size_t kJsonTimeBound = kRfc3339Bound + 2;
/// write_json_time() appended to `out`.
inline void append_json_time(std::string& out, TimeUs t, int fraction_digits = -1) {
  append_bounded(out, kJsonTimeBound, [&](char* p) { return write_json_time(p, t, fraction_digits); });
}

/// One past the JSON number that starts at `i` in `s`, as RFC 8259 writes it:
/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (no `+`, no leading zeros), or npos when
/// no such number starts there. `integer` tells whether it has neither fraction nor
/// exponent. What follows the number is not looked at (`01` ends after the `0`).
/// Inline: FlatObject calls it for every number of an event.
[[gnu::always_inline]] inline size_t json_number_end(std::string_view s, size_t i, bool& integer) noexcept {
  const size_t n = s.size();
  const auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return std::string_view::npos;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  integer = true;
  if (i < n && s[i] == '.') {
    integer = false;
    ++i;
    if (!digit(i)) return std::string_view::npos;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    integer = false;
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return std::string_view::npos;
    while (digit(i)) ++i;
  }
  return i;
}

/// True when `s` is a number as JSON writes it (json_number_end(), the whole of `s`), so
/// it can be copied into JSON as it is.
inline bool is_json_number(std::string_view s) noexcept {
  bool integer = false;
  return json_number_end(s, 0, integer) == s.size();
}

/// `"name":` as JSON text, for JsonObjectWriter::member().
std::string json_member_key(std::string_view name);

/// Writes one JSON object member by member into a caller's buffer. Commas are
/// placed for you; values may be given as raw JSON text (already valid JSON).
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }
  JsonObjectWriter(const JsonObjectWriter&) = delete;
  JsonObjectWriter& operator=(const JsonObjectWriter&) = delete;

  JsonObjectWriter& key(std::string_view name);
  JsonObjectWriter& string(std::string_view name, std::string_view value);
  JsonObjectWriter& number(std::string_view name, double value);
  JsonObjectWriter& number(std::string_view name, int64_t value);
  JsonObjectWriter& number(std::string_view name, uint64_t value);
  JsonObjectWriter& boolean(std::string_view name, bool value);
  /// The time as a string in RFC 3339 UTC (append_json_time()).
  JsonObjectWriter& time(std::string_view name, TimeUs value);
  JsonObjectWriter& null(std::string_view name);
  /// `json` must be one complete JSON value.
  JsonObjectWriter& raw(std::string_view name, std::string_view json);
  /// Members written already, `"a":1,"b":2` (nothing when empty).
  JsonObjectWriter& members(std::string_view text);
  /// Starts a member whose key was written once ahead (json_member_key()), for keys
  /// repeated on every record: returns the output, to which the caller appends the
  /// member's value (one complete JSON value).
  std::string& member(std::string_view member_key);
  /// Closes the object; the writer must not be used afterwards.
  void finish() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool first_ = true;
};

/// Appends `line` (a JSON object, optionally followed by whitespace) to `out` with
/// `members` (text like `"a":1,"b":2`, no braces) inserted before its closing brace.
/// The line is never re-serialised. Returns false when `line` does not end in `}`.
bool splice_members(std::string& out, std::string_view line, std::string_view members);

}  // namespace ss
