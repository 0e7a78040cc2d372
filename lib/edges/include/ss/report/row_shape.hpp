// What kind of rows a stream of ss tool output holds, told from the members of its first
// row: sessions of ss-sessionize, windows of ss-window, or ss-window --global's per-key
// totals. The shape names the fields that give a row its time and its key.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ss/json/record_fields.hpp"

namespace ss {

enum class RowShape {
  sessions,  ///< ss-sessionize: key fields, session_id, start, end, duration, events, aggregates
  windows,   ///< ss-window: window_start, window_end, key fields, aggregates
  totals,    ///< ss-window --global: first_seen, last_seen, key fields, aggregates
};

/// The shape of a row with these members: sessions when it has session_id and start,
/// windows when it has window_start, totals when it has first_seen and last_seen;
/// nullopt for anything else.
std::optional<RowShape> detect_row_shape(const std::vector<RecordField>& fields);

/// The member holding a row's time (where its chart point goes): start, window_start, first_seen.
std::string_view shape_time_field(RowShape shape);
/// The member holding a row's end: end, window_end, last_seen.
std::string_view shape_end_field(RowShape shape);
/// Plural noun for people: "sessions", "windows", "keys".
std::string_view shape_noun(RowShape shape);
/// Name used in the embedded JSON: "sessions", "windows", "totals".
std::string_view shape_name(RowShape shape);

/// The key fields a row of `shape` carries, as the tools write them: for sessions the
/// members before session_id; for windows and totals the members after the two time
/// fields up to the first that is a number, array or object (aggregates). A numeric key
/// (--key status) reads as an aggregate, so it needs --key.
std::vector<std::string_view> detect_key_fields(RowShape shape, const std::vector<RecordField>& fields);

/// True for the members of `shape` that are bookkeeping, not measures: the time fields
/// and session_id (duration and events are measures).
bool is_shape_member(RowShape shape, std::string_view name);
/// True for a member that is bookkeeping in a row of any shape: start, end, window_start,
/// window_end, first_seen, last_seen, session_id. For readers that take rows one by one
/// without telling their shape first (ss-sink's Prometheus labels).
bool is_row_bound_field(std::string_view name);

}  // namespace ss
