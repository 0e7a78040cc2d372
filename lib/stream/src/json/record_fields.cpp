#include "ss/json/record_fields.hpp"

#include <cstdlib>

#include "ondemand_number.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

namespace {

using simdjson::ondemand::json_type;

// On-Demand checks only what it visits: visit every value below a container.
bool walk(simdjson::ondemand::value v) {
  json_type t;
  if (v.type().get(t)) return false;
  switch (t) {
    case json_type::object: {
      simdjson::ondemand::object o;
      if (v.get_object().get(o)) return false;
      for (auto member : o) {
        simdjson::ondemand::field f;
        if (std::move(member).get(f)) return false;
        std::string_view key;
        if (f.unescaped_key().get(key)) return false;
        if (!walk(f.value())) return false;
      }
      return true;
    }
    case json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) return false;
      for (auto element : a) {
        simdjson::ondemand::value ev;
        if (element.get(ev)) return false;
        if (!walk(ev)) return false;
      }
      return true;
    }
    case json_type::string: {
      std::string_view s;
      return !v.get_string().get(s);
    }
    case json_type::number: {
      simdjson::ondemand::number n;
      return !v.get_number().get(n);
    }
    case json_type::boolean: {
      bool b;
      return !v.get_bool().get(b);
    }
    case json_type::null: return v.is_null();
  }
  return false;
}

}  // namespace

ParseOutcome RecordFields::parse(std::string_view line, size_t padding) {
  fields_.clear();
  line_ = line;
  padding_ = padding;
  const char* data = line.data();
  size_t capacity = line.size() + padding;
  if (padding < simdjson::SIMDJSON_PADDING) {
    padded_.assign(line.data(), line.size());
    padded_.resize(line.size() + simdjson::SIMDJSON_PADDING, ' ');
    data = padded_.data();
    capacity = padded_.size();
  }
  if (parser_.iterate(data, line.size(), capacity).get(doc_) != simdjson::SUCCESS) return ParseOutcome::not_json;
  json_type type;
  if (doc_.type().get(type) != simdjson::SUCCESS) return ParseOutcome::not_json;
  // EventParser tells a JSON scalar or array from text that is no JSON at all.
  if (type != json_type::object) return nested_.parse(line, padding);
  simdjson::ondemand::object object;
  if (doc_.get_object().get(object) != simdjson::SUCCESS) return ParseOutcome::not_json;
  for (auto member : object) {
    simdjson::ondemand::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return ParseOutcome::not_json;
    RecordField out;
    if (field.unescaped_key().get(out.name) != simdjson::SUCCESS) return ParseOutcome::not_json;
    if (!read_value(field.value(), out.value)) return ParseOutcome::not_json;
    fields_.push_back(out);
  }
  // Anything after the object (`{"a":1} x`) leaves the iterator short of the end.
  const char* rest = nullptr;
  if (doc_.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return ParseOutcome::not_json;
  return ParseOutcome::ok;
}

bool RecordFields::read_value(simdjson::ondemand::value value, FieldValue& out) {
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case json_type::null: out.type = ValueType::null; return value.is_null();
    case json_type::boolean:
      if (value.get_bool().get(out.boolean) != simdjson::SUCCESS) return false;
      out.type = ValueType::boolean;
      out.text = out.boolean ? "true" : "false";
      return true;
    case json_type::number: {
      if (read_ondemand_number(value, out)) return true;
      // Well-formed JSON that simdjson will not convert (an integer beyond 64 bits, an
      // exponent beyond a double): the raw text is kept exactly, the double is strtod's.
      // Text that is no JSON number (`1.`, which strtod takes) is refused.
      const std::string_view raw = trim_json_space_end(value.raw_json_token());
      if (!is_json_number(raw)) return false;
      const std::string digits(raw);
      out.type = ValueType::number;
      out.text = raw;
      out.number = std::strtod(digits.c_str(), nullptr);
      return true;
    }
    case json_type::string: out.type = ValueType::string; return value.get_string().get(out.text) == simdjson::SUCCESS;
    case json_type::object:
    case json_type::array: {
      // The raw text runs from the opening bracket to where the iterator stands once
      // the whole value has been visited (and validated).
      const char* start = value.raw_json_token().data();
      if (!walk(value)) return false;
      const char* end = nullptr;
      if (doc_.current_location().get(end) != simdjson::SUCCESS || end < start) return false;
      out.type = type == json_type::object ? ValueType::object : ValueType::array;
      out.text = trim_json_space_end(std::string_view(start, static_cast<size_t>(end - start)));
      return true;
    }
  }
  return false;
}

FieldValue RecordFields::get(const FieldPath& path) {
  if (path.segments().size() == 1) {
    const std::string& name = path.segments()[0];
    for (auto it = fields_.rbegin(); it != fields_.rend(); ++it)
      if (it->name == name) return it->value;
    return {};
  }
  if (nested_.parse(line_, padding_) != ParseOutcome::ok) return {};
  return nested_.get(path);
}

}  // namespace ss
