#include "ss/json/json_depth.hpp"

namespace ss {

bool exceeds_json_depth(std::string_view line) noexcept {
  // Each level takes an opening and a closing byte, unless the line is cut short.
  if (line.size() <= kMaxJsonDepth) return false;
  // A loop the compiler vectorises: no line with this few brackets can nest too deep.
  size_t brackets = 0;
  for (const char c : line) brackets += static_cast<size_t>(c == '{') + static_cast<size_t>(c == '[');
  if (brackets <= kMaxJsonDepth) return false;
  size_t depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (++i; i < line.size(); ++i) {
        if (line[i] == '\\') {
          ++i;
        } else if (line[i] == '"') {
          break;
        }
      }
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return true;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace ss
