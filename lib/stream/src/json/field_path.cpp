#include "ss/json/field_path.hpp"

#include "ss/base/error.hpp"

namespace ss {

FieldPath::FieldPath(std::string_view dotted) : text_(dotted) {
  std::string segment;
  bool quoted = false;
  bool segment_was_quoted = false;
  auto finish = [&] {
    if (segment.empty() && !segment_was_quoted) throw_usage("empty field name in \"" + text_ + "\"");
    segments_.push_back(segment);
    segment.clear();
    segment_was_quoted = false;
  };
  for (const char c : dotted) {
    if (c == '"') {
      quoted = !quoted;
      segment_was_quoted = true;
    } else if (c == '.' && !quoted) {
      finish();
    } else {
      segment.push_back(c);
    }
  }
  if (quoted) throw_usage("unterminated quote in field name \"" + text_ + "\"");
  finish();
  for (const auto& s : segments_) {
    pointer_.push_back('/');
    for (const char c : s) {
      if (c == '~') pointer_ += "~0";
      else if (c == '/') pointer_ += "~1";
      else pointer_.push_back(c);
    }
  }
}

std::vector<FieldPath> parse_field_list(std::string_view list) {
  std::vector<FieldPath> out;
  std::string current;
  bool quoted = false;
  for (const char c : list) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      out.emplace_back(current);
      current.clear();
    } else if (!(c == ' ' && !quoted)) {
      current.push_back(c);
    }
  }
  if (!current.empty() || !out.empty()) out.emplace_back(current);
  if (out.empty()) throw_usage("expected one or more field names");
  return out;
}

}  // namespace ss
