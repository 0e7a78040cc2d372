#include "ss/json/raw_json.hpp"

namespace ss {

size_t json_string_end(std::string_view json, size_t i) noexcept {
  const size_t quote = unescaped_quote(json, i + 1);
  return quote == std::string_view::npos ? json.size() : quote + 1;
}

size_t json_value_end(std::string_view json, size_t i) noexcept {
  i = skip_json_space(json, i);
  if (i >= json.size()) return json.size();
  const char c = json[i];
  if (c == '"') return json_string_end(json, i);
  if (c == '{' || c == '[') {
    int depth = 0;
    for (; i < json.size(); ++i) {
      const char d = json[i];
      if (d == '"') {
        i = json_string_end(json, i) - 1;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return json.size();
  }
  while (i < json.size()) {
    const char d = json[i];
    if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') break;
    ++i;
  }
  return i;
}

std::pair<size_t, size_t> json_child_value(std::string_view json, size_t container, size_t index) noexcept {
  container = skip_json_space(json, container);
  const bool object = json[container] == '{';
  size_t i = container + 1;  // past the bracket
  for (size_t child = 0;; ++child) {
    i = skip_json_space(json, i);
    if (object) i = skip_json_space(json, json_string_end(json, i)) + 1;  // past the key and ':'
    i = skip_json_space(json, i);
    const size_t end = json_value_end(json, i);
    if (child == index || end >= json.size()) return {i, end};
    i = skip_json_space(json, end) + 1;  // past ','
  }
}

}  // namespace ss
