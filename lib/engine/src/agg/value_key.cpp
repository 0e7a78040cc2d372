#include "ss/agg/value_key.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

bool append_value_key(std::string& out, const FieldValue& value) {
  switch (value.type) {
    case ValueType::missing:
    case ValueType::null: return false;
    case ValueType::boolean: out += value.boolean ? "btrue" : "bfalse"; return true;
    case ValueType::number:
      out.push_back('n');
      // The integer form is exact beyond 2^53; the double form prints whole numbers
      // below 2^53 without a fraction, so both spellings of one value meet.
      if (value.is_integer) {
        append_json_number(out, value.integer);
      } else {
        append_json_number(out, value.number);
      }
      return true;
    case ValueType::string:
      out.push_back(kStringKeyTag);
      out.append(value.text);
      return true;
    case ValueType::object:
    case ValueType::array:
      out.push_back('j');
      out.append(value.text);
      return true;
  }
  return false;
}

void append_key_json(std::string& out, std::string_view key) {
  if (key.empty()) return;
  const std::string_view body = key.substr(1);
  if (key[0] == kStringKeyTag) {
    append_json_string(out, body);
  } else {
    out.append(body);
  }
}

bool valid_value_key(std::string_view key) noexcept {
  if (key.empty()) return false;
  const std::string_view body = key.substr(1);
  switch (key[0]) {
    case 's': return true;
    case 'b': return body == "true" || body == "false";
    case 'n': return is_json_number(body);
    case 'j': return !body.empty() && (body.front() == '{' || body.front() == '[');
    default: return false;
  }
}

bool append_value_json(std::string& out, const FieldValue& value) {
  switch (value.type) {
    case ValueType::missing:
    case ValueType::null: return false;
    case ValueType::boolean: out += value.boolean ? "true" : "false"; return true;
    case ValueType::string: append_json_string(out, value.text); return true;
    case ValueType::number:
      // A number always has its raw text from the parser; a caller that built the
      // value by hand may have left it empty.
      if (!value.text.empty()) {
        out.append(value.text);
      } else if (value.is_integer) {
        append_json_number(out, value.integer);
      } else {
        append_json_number(out, value.number);
      }
      return true;
    case ValueType::object:
    case ValueType::array: out.append(value.text); return true;
  }
  return false;
}

}  // namespace ss
