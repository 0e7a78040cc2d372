// Test helper: FieldValues made from JSON text, as a parser would hand them to an
// aggregator (strings unescaped; numbers, objects and arrays with their raw text).
#pragma once

#include <simdjson.h>

#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"

namespace ss::agg_test {

class Values {
 public:
  /// The value of one JSON text; "" gives a missing value. Valid while *this lives.
  FieldValue operator()(std::string_view json) {
    FieldValue v;
    if (json.empty()) return v;
    const std::string& text = store_.emplace_back(json);
    simdjson::dom::element e;
    if (parser_.parse(text).get(e)) throw std::runtime_error("bad test JSON: " + text);
    switch (e.type()) {
      case simdjson::dom::element_type::INT64:
        v.type = ValueType::number;
        v.integer = int64_t(e);
        v.number = static_cast<double>(v.integer);
        v.is_integer = true;
        v.text = text;
        break;
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE:
        v.type = ValueType::number;
        v.number = double(e);
        v.text = text;
        break;
      case simdjson::dom::element_type::STRING:
        v.type = ValueType::string;
        v.text = store_.emplace_back(std::string_view(e));
        break;
      case simdjson::dom::element_type::BOOL:
        v.type = ValueType::boolean;
        v.boolean = bool(e);
        break;
      case simdjson::dom::element_type::NULL_VALUE: v.type = ValueType::null; break;
      case simdjson::dom::element_type::OBJECT:
        v.type = ValueType::object;
        v.text = text;
        break;
      case simdjson::dom::element_type::ARRAY:
        v.type = ValueType::array;
        v.text = text;
        break;
    }
    return v;
  }

  static FieldValue number(double x) {
    FieldValue v;
    v.type = ValueType::number;
    v.number = x;
    return v;
  }

  static FieldValue integer(int64_t x) {
    FieldValue v;
    v.type = ValueType::number;
    v.number = static_cast<double>(x);
    v.integer = x;
    v.is_integer = true;
    return v;
  }

 private:
  simdjson::dom::parser parser_;
  std::deque<std::string> store_;
};

}  // namespace ss::agg_test
