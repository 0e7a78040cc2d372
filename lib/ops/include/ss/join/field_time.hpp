// Times read from table cells and right-stream fields the way the run loop reads event
// times: RFC 3339 text, an epoch number, or an epoch number written as a string.
#pragma once

#include <optional>
#include <string_view>

#include "ss/json/field_value.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// RFC 3339 or a decimal epoch number in `text`; nullopt otherwise.
std::optional<TimeUs> time_from_text(std::string_view text, TimeUnit unit);
/// A string as above or a number; nullopt for anything else, missing included.
std::optional<TimeUs> time_from_value(const FieldValue& value, TimeUnit unit);

}  // namespace ss
