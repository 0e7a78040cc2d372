#include "fuzz_check.hpp"

#include <simdjson.h>

#include "ss/json/event_parser.hpp"

namespace ss::fuzz {

bool is_json_object(std::string_view text) {
  // EventParser::validate(), not the DOM alone: simdjson 3.0's DOM refuses an integer
  // beyond 64 bits, which is valid JSON (and what a log's digits may give).
  static EventParser parser;
  return parser.parse(text) == ParseOutcome::ok && parser.validate();
}

std::optional<bool> has_member(std::string_view text, std::string_view name) {
  static simdjson::dom::parser parser;
  simdjson::dom::object object;
  const simdjson::error_code error = parser.parse(simdjson::padded_string(text)).get(object);
  if (error == simdjson::NUMBER_ERROR) return std::nullopt;  // perhaps an integer beyond 64 bits
  if (error) return false;
  for (const auto field : object)
    if (field.key == name) return true;
  return false;
}

}  // namespace ss::fuzz
