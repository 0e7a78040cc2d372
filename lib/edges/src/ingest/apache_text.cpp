#include "apache_text.hpp"

#include <cstdint>

#include "ss/base/append_bounded.hpp"
#include "ss/base/find_byte.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

// Member names as views: `out += "..."` went through strlen at every line.
using namespace std::string_view_literals;

namespace {

bool is_method_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
}

}  // namespace

/// Writes an Apache-escaped field as a JSON string: `\"` and `\\` are already JSON
/// escapes with the same meaning; any other backslash is literal text.
char* write_apache_string(char* p, std::string_view s) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  *p++ = '"';
  size_t run = 0;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    i += json_plain_run(s.data() + i, n - i);
    if (i == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    p = write_text(p, between(s, run, i));
    if (c == '\\') {
      if (i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
        *p++ = '\\';
        *p++ = s[i + 1];
        ++i;
      } else {
        p = write_text(p, "\\\\"sv);
      }
    } else if (c == '"') {
      p = write_text(p, "\\\""sv);  // only in a user agent cut short, whose end is the line's
    } else {
      p = write_text(p, "\\u00"sv);
      *p++ = kHex[c >> 4];
      *p++ = kHex[c & 0xf];
    }
    ++i;
    run = i;
  }
  p = write_text(p, between(s, run, n));
  *p++ = '"';
  return p;
}

void append_apache_string(std::string& out, std::string_view s) {
  append_bounded(out, json_string_bound(s.size(), json_escapable(s)),
                 [s](char* p) { return write_apache_string(p, s); });
}

/// The first address of `a, b, c`, without spaces around it.
std::string_view first_of_list(std::string_view list) noexcept {
  std::string_view first = list.substr(0, list.find(','));
  while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  return first.find(' ') == std::string_view::npos ? first : std::string_view();
}

/// Digits as a JSON number: leading zeros would make it invalid JSON.
char* write_digits(char* p, std::string_view digits) noexcept {
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return write_text(p, digits);
}

void append_digits(std::string& out, std::string_view digits) {
  append_bounded(out, digits.size(), [digits](char* p) { return write_digits(p, digits); });
}

char* write_request(char* p, std::string_view request) noexcept {
  // METHOD PATH HTTP/x: the method is a token, the protocol the last word, and the
  // path whatever lies between (it may hold spaces).
  const size_t method_end = find_byte(request, ' ');
  const size_t protocol_start = request.rfind(' ');
  if (method_end != std::string_view::npos && protocol_start > method_end + 1 &&
      between(request, protocol_start + 1, request.size()).starts_with("HTTP/"sv)) {
    const std::string_view method = between(request, 0, method_end);
    bool token = !method.empty();
    for (const char c : method) token = token && is_method_char(c);
    if (token) {
      p = write_text(p, ",\"method\":"sv);
      p = write_apache_string(p, method);
      p = write_text(p, ",\"path\":"sv);
      p = write_apache_string(p, between(request, method_end + 1, protocol_start));
      p = write_text(p, ",\"protocol\":"sv);
      return write_apache_string(p, between(request, protocol_start + 1, request.size()));
    }
  }
  p = write_text(p, ",\"request\":"sv);
  return write_apache_string(p, request);
}

void append_request(std::string& out, std::string_view request) {
  append_bounded(out, request_bound(request.size(), json_escapable(request)),
                 [request](char* p) { return write_request(p, request); });
}

}  // namespace ss
