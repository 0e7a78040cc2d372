// Names and escapes of the Prometheus text exposition format (version 0.0.4), as
// Prometheus and node_exporter parse it: metric names match [a-zA-Z_:][a-zA-Z0-9_:]*,
// label names [a-zA-Z_][a-zA-Z0-9_]* (a leading __ is reserved to Prometheus), label
// values escape backslash, double quote and newline, HELP text backslash and newline.
#pragma once

#include <string>
#include <string_view>

namespace ss {

/// True when `name` is a valid metric name (or the start of one: --name-prefix).
bool is_valid_metric_name(std::string_view name) noexcept;

/// The metric of field `field`: `prefix` then the field name with every character
/// outside [a-zA-Z0-9_] made `_` (colons are left to recording rules), `_` in front
/// when the result would start with a digit; counters end in `_total` (added unless
/// the name already ends so), as Prometheus' naming rules ask. `prefix` must be valid.
std::string metric_name(std::string_view prefix, std::string_view field, bool counter);

/// The label of field `field`: every character outside [a-zA-Z0-9_] made `_`, `_` in
/// front of a leading digit, a leading run of underscores cut to one (names starting
/// with __ are Prometheus' own); `_` for an empty name.
std::string label_name(std::string_view field);

/// Appends `value` escaped for a label value between double quotes.
void append_label_value(std::string& out, std::string_view value);

/// Appends `text` escaped for a HELP line.
void append_help_text(std::string& out, std::string_view text);

}  // namespace ss
