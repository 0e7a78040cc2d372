#include "row_members.hpp"

#include <simdjson.h>

#include "ss/json/event_parser.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

void append_member_name(std::string& out, std::string_view prefix, std::string_view name) {
  if (!out.empty()) out.push_back(',');
  std::string full(prefix);
  full.append(name);
  append_json_string(out, full);
  out.push_back(':');
}

void append_field_value(std::string& out, const FieldValue& v) {
  switch (v.type) {
    case ValueType::string: append_json_string(out, v.text); break;
    case ValueType::null: out.append("null"); break;
    default: out.append(v.text); break;
  }
}

RowMembers::RowMembers(std::vector<FieldPath> select, std::vector<std::string> excluded, std::string prefix)
    : select_(std::move(select)), excluded_(std::move(excluded)), prefix_(std::move(prefix)) {
  for (const auto& s : select_) {
    std::string n;
    append_member_name(n, prefix_, s.output_name());
    select_names_.push_back(std::move(n));
  }
}

bool RowMembers::append(std::string_view line, EventParser& parsed, std::string& out) {
  const size_t start = out.size();
  const auto comma = [&] {
    if (out.size() > start) out.push_back(',');
  };
  if (!select_.empty()) {
    for (size_t i = 0; i < select_.size(); ++i) {
      const FieldValue v = parsed.get(select_[i]);
      if (v.type == ValueType::missing) continue;
      comma();
      out.append(select_names_[i]);
      append_field_value(out, v);
    }
    return !parsed.malformed();
  }
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser_.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING).get(doc) ||
      doc.get_object().get(obj))
    return false;
  for (auto field : obj) {
    std::string_view name;
    simdjson::ondemand::value value;
    if (field.unescaped_key().get(name) || field.value().get(value)) return false;
    bool skip = false;
    for (const auto& e : excluded_) skip = skip || e == name;
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return false;
    std::string_view raw;
    if (type == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object o;
      if (value.get_object().get(o) || o.raw_json().get(raw)) return false;
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array a;
      if (value.get_array().get(a) || a.raw_json().get(raw)) return false;
    } else {
      raw = trim_json_space_end(value.raw_json_token());
    }
    if (skip) continue;
    comma();
    std::string name_text;
    append_member_name(name_text, prefix_, name);
    out.append(name_text);
    out.append(raw);
  }
  return true;
}

}  // namespace ss
