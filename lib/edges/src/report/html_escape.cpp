#include "ss/report/html_escape.hpp"

#include <simdjson.h>

namespace ss {

namespace {

/// Length of the valid UTF-8 sequence at the start of `text`, 0 when there is none.
size_t utf8_sequence(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || text.size() < length) return 0;
  return simdjson::validate_utf8(text.data(), length) ? length : 0;
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const char ch = text[i];
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(ch) >= 0x80) {
          const size_t length = utf8_sequence(text.substr(i));
          if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
          } else {
            out.append(text.substr(i, length));
            i += length;
          }
          continue;
        }
        // Control characters other than tab and newline are not allowed in HTML text.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n') out += "\xEF\xBF\xBD";
        else out.push_back(ch);
    }
    ++i;
  }
}

std::string html_escaped(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

void append_script_json(std::string& out, std::string_view json) {
  for (const char ch : json) {
    if (ch == '<') out += "\\u003c";
    else out.push_back(ch);
  }
}

}  // namespace ss
