// A record's time for the strftime fields of a file template: the first of the time
// fields (--time-field, or ts, start, window_start) that the record has.
#pragma once

#include <optional>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/json/field_value.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// RFC 3339 text, an epoch number, or a string of an epoch number; nullopt otherwise.
std::optional<TimeUs> value_time(const FieldValue& value, TimeUnit unit);

/// The time of the first field in `fields` present in `record`; nullopt when none is
/// present or the first present one does not hold a time.
std::optional<TimeUs> record_time(RecordFields& record, const std::vector<FieldPath>& fields, TimeUnit unit);

}  // namespace ss
