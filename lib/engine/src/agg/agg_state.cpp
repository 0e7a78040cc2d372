#include "ss/agg/agg_state.hpp"

#include <fmt/format.h>

#include <limits>

#include "ss/base/error.hpp"

namespace ss::agg_state {

Element parse(std::string_view json, std::string_view what) {
  // One parser per thread: its buffers are reused across the many small states of a
  // snapshot, and states may be restored on several threads at once.
  thread_local simdjson::dom::parser parser;
  Element element;
  const auto error = parser.parse(json.data(), json.size()).get(element);
  if (error) fail(what, fmt::format("not valid JSON ({})", simdjson::error_message(error)));
  return element;
}

void fail(std::string_view what, std::string_view reason) {
  throw_state(fmt::format("bad {} aggregate state: {}", what, reason));
}

int64_t to_int64(const Element& e, std::string_view what) {
  int64_t v = 0;
  if (e.get_int64().get(v)) fail(what, "expected an integer");
  return v;
}

uint64_t to_uint64(const Element& e, std::string_view what) {
  uint64_t v = 0;
  if (e.get_uint64().get(v)) fail(what, "expected a non-negative integer");
  return v;
}

double to_double(const Element& e, std::string_view what) {
  double v = 0;
  if (e.get_double().get(v)) fail(what, "expected a number");
  return v;
}

double to_double_or_nan(const Element& e, std::string_view what) {
  if (e.is_null()) return std::numeric_limits<double>::quiet_NaN();
  return to_double(e, what);
}

std::string_view to_string(const Element& e, std::string_view what) {
  std::string_view v;
  if (e.get_string().get(v)) fail(what, "expected a string");
  return v;
}

simdjson::dom::array to_array(const Element& e, std::string_view what) {
  simdjson::dom::array v;
  if (e.get_array().get(v)) fail(what, "expected an array");
  return v;
}

simdjson::dom::object to_object(const Element& e, std::string_view what) {
  simdjson::dom::object v;
  if (e.get_object().get(v)) fail(what, "expected an object");
  return v;
}

Element member(const simdjson::dom::object& object, std::string_view key, std::string_view what) {
  Element v;
  if (object.at_key(key).get(v)) fail(what, fmt::format("missing member \"{}\"", key));
  return v;
}

bool has_member(const simdjson::dom::object& object, std::string_view key) {
  Element v;
  return !object.at_key(key).get(v);
}

}  // namespace ss::agg_state
