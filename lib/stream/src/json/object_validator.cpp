#include "ss/json/object_validator.hpp"

namespace ss {

ObjectValidator::ObjectValidator() : parser_(kMaxCheckedBytes) {}

ObjectCheck ObjectValidator::check(std::string_view line, size_t padding) {
  if (padding < simdjson::SIMDJSON_PADDING || line.size() > kMaxCheckedBytes) return ObjectCheck::needs_full_parse;
  // The DOM parser validates the whole document, nested values and what follows the
  // root included, without copying the line (it is padded in place).
  simdjson::dom::element root;
  if (parser_.parse(line.data(), line.size(), false).get(root) != simdjson::SUCCESS)
    return ObjectCheck::needs_full_parse;
  return root.is_object() ? ObjectCheck::valid_object : ObjectCheck::needs_full_parse;
}

}  // namespace ss
