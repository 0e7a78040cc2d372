#include "ss/key/key_extractor.hpp"

#include <simdjson.h>

namespace ss {

void KeyExtractor::extract(FieldSource& event, std::string& out) const {
  out.clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out.push_back(kKeySeparator);
    const FieldValue v = event.get(fields_[i]);
    switch (v.type) {
      case ValueType::missing:
      case ValueType::null: out += "null"; break;
      case ValueType::string:
        if (v.verbatim) {
          // The string as it stands in the line, between the quotes around it there.
          out.append(v.text.data() - 1, v.text.size() + 2);
        } else {
          append_json_string(out, v.text);
        }
        break;
      case ValueType::boolean:
      case ValueType::number:
      case ValueType::object:
      case ValueType::array: out += v.text; break;
    }
  }
}

std::string_view KeyExtractor::shard_bytes(std::string_view canonical_key, std::string& scratch) const {
  if (fields_.size() == 1 && canonical_key.size() >= 2 && canonical_key.front() == '"') {
    // Unescape the one JSON string back to its bytes.
    scratch.assign(canonical_key);
    scratch.resize(canonical_key.size() + simdjson::SIMDJSON_PADDING);
    thread_local simdjson::ondemand::parser tl_parser;
    simdjson::ondemand::document doc;
    std::string_view s;
    if (!tl_parser.iterate(scratch.data(), canonical_key.size(), scratch.size()).get(doc) && !doc.get_string().get(s)) {
      std::string unescaped(s);
      scratch = std::move(unescaped);
      return scratch;
    }
  }
  return canonical_key;
}

KeyExtractor::KeyExtractor(std::vector<FieldPath> fields) : fields_(std::move(fields)) {
  for (const FieldPath& field : fields_) member_keys_.push_back(json_member_key(field.output_name()));
}

void KeyExtractor::write_members(std::string_view canonical_key, JsonObjectWriter& out) const {
  size_t start = 0;
  for (const std::string& member_key : member_keys_) {
    size_t end = canonical_key.find(kKeySeparator, start);
    if (end == std::string_view::npos) end = canonical_key.size();
    out.member(member_key) += canonical_key.substr(start, end - start);
    start = end + 1;
  }
}

std::string KeyExtractor::describe() const {
  std::string out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += fields_[i].text();
  }
  return out;
}

}  // namespace ss
