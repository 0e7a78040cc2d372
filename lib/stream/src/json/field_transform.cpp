#include "ss/json/field_transform.hpp"

#include <algorithm>

#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

namespace {

/// `s[i]` is the opening quote; returns the index just past the closing one.
size_t skip_string(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

/// Index just past the JSON value that starts at `s[i]`.
size_t skip_value(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
         s[i] != '\r')
    ++i;
  return i;
}

}  // namespace

std::string FieldTransform::escaped(std::string_view name) {
  std::string quoted;
  append_json_string(quoted, name);
  return quoted.substr(1, quoted.size() - 2);
}

FieldTransform::FieldTransform(std::vector<std::pair<std::string, std::string>> rename, std::vector<std::string> keep,
                               std::vector<std::string> drop) {
  for (const auto& [from, to] : rename) rename_.emplace_back(escaped(from), escaped(to));
  for (const auto& name : keep) keep_.push_back(escaped(name));
  for (const auto& name : drop) drop_.push_back(escaped(name));
}

const std::string* FieldTransform::renamed(std::string_view key) const {
  for (const auto& [from, to] : rename_)
    if (key == from) return &to;
  return nullptr;
}

bool FieldTransform::kept(std::string_view key) const {
  // --fields always keeps ts (ss-ingest's options refuse to --drop it).
  if (!keep_.empty() && key != "ts" && std::find(keep_.begin(), keep_.end(), key) == keep_.end()) return false;
  return std::find(drop_.begin(), drop_.end(), key) == drop_.end();
}

bool FieldTransform::apply(std::string_view object, std::string& out) {
  members_.clear();
  size_t i = skip_json_space(object, 0);
  if (i >= object.size() || object[i] != '{') return false;
  i = skip_json_space(object, i + 1);
  while (i < object.size() && object[i] == '"') {
    const size_t key_end = skip_string(object, i);
    const std::string_view key = object.substr(i + 1, key_end - i - 2);
    i = skip_json_space(object, key_end);
    if (i >= object.size() || object[i] != ':') return false;
    i = skip_json_space(object, i + 1);
    const size_t value_end = skip_value(object, i);
    members_.push_back(Member{key, object.substr(i, value_end - i)});
    i = skip_json_space(object, value_end);
    if (i < object.size() && object[i] == ',') i = skip_json_space(object, i + 1);
  }
  // A member that a rename is about to replace gives way to the renamed one.
  std::vector<std::string_view> replaced;
  for (const Member& m : members_)
    if (const std::string* to = renamed(m.key)) replaced.push_back(*to);
  out.push_back('{');
  bool first = true;
  for (const Member& m : members_) {
    const std::string* to = renamed(m.key);
    if (!to && std::find(replaced.begin(), replaced.end(), m.key) != replaced.end()) continue;
    const std::string_view name = to ? std::string_view(*to) : m.key;
    if (!kept(name)) continue;
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    out.append(name);
    out += "\":";
    out.append(m.value);
  }
  out.push_back('}');
  return true;
}

}  // namespace ss
