#include "ss/ingest/line_text.hpp"

#include <simdjson.h>

#include "ss/json/json_writer.hpp"

namespace ss {

bool is_blank(std::string_view line) noexcept {
  for (const char c : line)
    if (c != ' ' && c != '\t') return false;
  return true;
}

namespace {

/// Length of the valid UTF-8 sequence at `s[i]`, or 0 when the byte starts none.
size_t utf8_sequence_length(std::string_view s, size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  auto cont = [&](size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string_view as_valid_utf8(std::string_view line, std::string& scratch) {
  if (simdjson::validate_utf8(line.data(), line.size())) return line;
  scratch.clear();
  for (size_t i = 0; i < line.size();) {
    const size_t n = utf8_sequence_length(line, i);
    if (n == 0) {
      scratch += "\xEF\xBF\xBD";
      ++i;
    } else {
      scratch.append(line.data() + i, n);
      i += n;
    }
  }
  return scratch;
}

namespace {

/// False for an integer beyond the 64-bit ones (below -2^63 or above 2^64 - 1): JSON
/// readers round those to a double, so they stay text to stay exact.
bool keeps_exact(std::string_view number) noexcept {
  for (const char c : number)
    if (c == '.' || c == 'e' || c == 'E') return true;  // a fraction is a double by nature
  const bool negative = number[0] == '-';
  const std::string_view digits = number.substr(negative ? 1 : 0);
  const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
  return digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit);
}

}  // namespace

void append_field_value(std::string& out, std::string_view value, bool typed) {
  if (typed && is_json_number(value) && keeps_exact(value)) {
    out.append(value);
  } else {
    append_json_string(out, value);
  }
}

std::string shown_line(std::string_view line, size_t max_bytes) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  size_t i = 0;
  while (i < line.size() && i < max_bytes) {
    const auto c = static_cast<unsigned char>(line[i]);
    const size_t n = utf8_sequence_length(line, i);
    if (n > 1) {
      out.append(line.substr(i, n));  // printable text in any script stays readable
      i += n;
      continue;
    }
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f || n == 0) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  out.push_back('"');
  if (i < line.size()) out += "…";
  return out;
}

}  // namespace ss
