#include "apache_text.hpp"

#include <cstdint>

#include "ss/base/find_byte.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

// Member names as views: `out += "..."` went through strlen at every line.
using namespace std::string_view_literals;

namespace {

bool is_method_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
}

}  // namespace

/// End of a quoted field whose opening quote is at `s[start - 1]`: the index of the
/// closing quote, skipping backslash-escaped ones; npos when there is none.
size_t closing_quote(std::string_view s, size_t start) noexcept {
  size_t pos = start;
  while (pos < s.size()) {
    const size_t at = find_byte(s, '"', pos);
    if (at == std::string_view::npos) return at;
    // Escaped when an odd run of backslashes stands before it.
    size_t k = at;
    while (k > start && s[k - 1] == '\\') --k;
    if ((at - k) % 2 == 0) return at;
    pos = at + 1;
  }
  return std::string_view::npos;
}

/// Appends an Apache-escaped field as a JSON string: `\"` and `\\` are already JSON
/// escapes with the same meaning; any other backslash is literal text.
void append_apache_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    i += json_plain_run(s.data() + i, n - i);
    if (i == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    out.append(s.data() + run, i - run);
    if (c == '\\') {
      if (i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
        out.push_back('\\');
        out.push_back(s[i + 1]);
        ++i;
      } else {
        out += "\\\\"sv;
      }
    } else if (c == '"') {
      out += "\\\""sv;  // only in a user agent cut short, whose end is the line's
    } else {
      out += "\\u00"sv;
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, n - run);
  out.push_back('"');
}

/// The first address of `a, b, c`, without spaces around it.
std::string_view first_of_list(std::string_view list) noexcept {
  std::string_view first = list.substr(0, list.find(','));
  while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  return first.find(' ') == std::string_view::npos ? first : std::string_view();
}

/// Digits as a JSON number: leading zeros would make it invalid JSON.
void append_digits(std::string& out, std::string_view digits) {
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  out.append(digits);
}

void append_request(std::string& out, std::string_view request) {
  // METHOD PATH HTTP/x: the method is a token, the protocol the last word, and the
  // path whatever lies between (it may hold spaces).
  const size_t method_end = find_byte(request, ' ');
  const size_t protocol_start = request.rfind(' ');
  if (method_end != std::string_view::npos && protocol_start > method_end + 1 &&
      request.compare(protocol_start + 1, 5, "HTTP/") == 0) {
    const std::string_view method = request.substr(0, method_end);
    bool token = !method.empty();
    for (const char c : method) token = token && is_method_char(c);
    if (token) {
      out += ",\"method\":"sv;
      append_apache_string(out, method);
      out += ",\"path\":"sv;
      append_apache_string(out, request.substr(method_end + 1, protocol_start - method_end - 1));
      out += ",\"protocol\":"sv;
      append_apache_string(out, request.substr(protocol_start + 1));
      return;
    }
  }
  out += ",\"request\":"sv;
  append_apache_string(out, request);
}

}  // namespace ss
