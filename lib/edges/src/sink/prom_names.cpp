#include "ss/sink/prom_names.hpp"

namespace ss {

namespace {

bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

void append_sanitized(std::string& out, std::string_view field) {
  for (const char c : field) out.push_back(is_letter(c) || is_digit(c) ? c : '_');
}

}  // namespace

bool is_valid_metric_name(std::string_view name) noexcept {
  if (name.empty() || is_digit(name.front())) return false;
  for (const char c : name)
    if (!is_letter(c) && !is_digit(c) && c != ':') return false;
  return true;
}

std::string metric_name(std::string_view prefix, std::string_view field, bool counter) {
  std::string name(prefix);
  if (name.empty() && (field.empty() || is_digit(field.front()))) name.push_back('_');
  append_sanitized(name, field);
  if (counter) {
    constexpr std::string_view kTotal = "_total";
    if (name.size() < kTotal.size() || name.compare(name.size() - kTotal.size(), kTotal.size(), kTotal) != 0)
      name.append(kTotal);
  }
  return name;
}

std::string label_name(std::string_view field) {
  std::string name;
  if (field.empty() || is_digit(field.front())) name.push_back('_');
  append_sanitized(name, field);
  const size_t underscores = name.find_first_not_of('_');
  if (underscores == std::string::npos) return "_";
  if (underscores > 1) name.erase(0, underscores - 1);
  return name;
}

void append_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '"': out.append("\\\""); break;
      case '\n': out.append("\\n"); break;
      default: out.push_back(c);
    }
  }
}

void append_help_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      default: out.push_back(c);
    }
  }
}

}  // namespace ss
