// Reading a number that simdjson's On-Demand API found, the same way for every reader
// of events and records (EventParser, RecordFields).
#pragma once

#include <simdjson.h>

#include <charconv>

#include "ss/json/field_value.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

/// Sets `out` to the number `value`: its raw text, its double, and its exact integer
/// when it is one that fits int64. One get_number() gives both type and value (asking
/// for the type and then the value parsed it twice); an integer beyond 64 bits, which
/// get_number() refuses, is read by get_double(). False, with `out` unchanged, when
/// neither can convert it. Inline: called for every numeric field of every event.
///
/// simdjson 3.0's On-Demand reads a number of 20 or more characters wrongly when it is
/// not an int64: get_number() gives 0 for `1.3903037877497003512`, and get_double()
/// misreads `0.1000000000000000055511151231257827`. Such a number is read again by
/// from_chars, which rounds correctly (as simdjson does for shorter numbers: 1M random
/// numbers of up to 19 characters read alike).
inline bool read_ondemand_number(simdjson::ondemand::value& value, FieldValue& out) {
  const std::string_view raw = trim_json_space_end(value.raw_json_token());
  simdjson::ondemand::number number;
  double d = 0;
  if (value.get_number().get(number) == simdjson::SUCCESS) {
    if (number.get_number_type() == simdjson::ondemand::number_type::signed_integer) {
      out.integer = number.get_int64();
      out.is_integer = true;
      d = static_cast<double>(out.integer);
    } else {
      d = number.as_double();
    }
  } else if (value.get_double().get(d) != simdjson::SUCCESS) {
    return false;
  }
  if (!out.is_integer && raw.size() >= 20) {
    double exact = 0;
    const auto [end, error] = std::from_chars(raw.data(), raw.data() + raw.size(), exact);
    if (error == std::errc() && end == raw.data() + raw.size()) d = exact;
  }
  out.type = ValueType::number;
  out.number = d;
  out.text = raw;
  return true;
}

}  // namespace ss
