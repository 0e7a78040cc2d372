// Reading saved aggregator states back: one thread-local simdjson DOM parser and typed
// getters that turn every mismatch into ss::Error(state). Included by agg sources only,
// to keep simdjson.h out of the public headers.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string_view>

namespace ss::agg_state {

using Element = simdjson::dom::element;

/// Parses `json` with this thread's parser; the element is valid until the next parse()
/// on the same thread. `what` names the state in messages ("sum", "aggregate set").
Element parse(std::string_view json, std::string_view what);

/// Throws ss::Error(state): `bad <what> aggregate state: <reason>`.
[[noreturn]] void fail(std::string_view what, std::string_view reason);

int64_t to_int64(const Element& e, std::string_view what);
uint64_t to_uint64(const Element& e, std::string_view what);
/// Accepts integers too, converted.
double to_double(const Element& e, std::string_view what);
/// As to_double, and null (how append_json_number writes an overflowed, non-finite
/// double) reads as NaN, which prints as null again.
double to_double_or_nan(const Element& e, std::string_view what);
std::string_view to_string(const Element& e, std::string_view what);
simdjson::dom::array to_array(const Element& e, std::string_view what);
simdjson::dom::object to_object(const Element& e, std::string_view what);

/// The member `key` of `object`; fails when it is absent.
Element member(const simdjson::dom::object& object, std::string_view key, std::string_view what);

/// Whether `object` has the member `key`.
bool has_member(const simdjson::dom::object& object, std::string_view key);

}  // namespace ss::agg_state
