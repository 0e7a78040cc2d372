#include "ss/sql/sql_attachment.hpp"

#include <cctype>

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss {

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (const char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

SqlAttachment parse_sql_attachment(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size())
    throw_usage(fmt::format("--attach: expected NAME=PATH, got \"{}\"", text));
  SqlAttachment a{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  if (!is_identifier(a.name))
    throw_usage(
        fmt::format("--attach: the name \"{}\" must be letters, digits and _ (not starting with a digit)", a.name));
  const std::string f = lower(a.name);
  if (f == "main" || f == "temp" || f == "events")
    throw_usage(fmt::format("--attach: the name \"{}\" is taken (main, temp and events are)", a.name));
  return a;
}

}  // namespace ss
