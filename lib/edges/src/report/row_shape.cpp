#include "ss/report/row_shape.hpp"

namespace ss {

namespace {

bool has_member(const std::vector<RecordField>& fields, std::string_view name) {
  for (const RecordField& field : fields)
    if (field.name == name) return true;
  return false;
}

}  // namespace

std::optional<RowShape> detect_row_shape(const std::vector<RecordField>& fields) {
  if (has_member(fields, "session_id") && has_member(fields, "start")) return RowShape::sessions;
  if (has_member(fields, "window_start")) return RowShape::windows;
  if (has_member(fields, "first_seen") && has_member(fields, "last_seen")) return RowShape::totals;
  return std::nullopt;
}

std::string_view shape_time_field(RowShape shape) {
  switch (shape) {
    case RowShape::sessions: return "start";
    case RowShape::windows: return "window_start";
    case RowShape::totals: return "first_seen";
  }
  return "start";
}

std::string_view shape_end_field(RowShape shape) {
  switch (shape) {
    case RowShape::sessions: return "end";
    case RowShape::windows: return "window_end";
    case RowShape::totals: return "last_seen";
  }
  return "end";
}

std::string_view shape_noun(RowShape shape) {
  switch (shape) {
    case RowShape::sessions: return "sessions";
    case RowShape::windows: return "windows";
    case RowShape::totals: return "keys";
  }
  return "rows";
}

std::string_view shape_name(RowShape shape) {
  switch (shape) {
    case RowShape::sessions: return "sessions";
    case RowShape::windows: return "windows";
    case RowShape::totals: return "totals";
  }
  return "rows";
}

bool is_shape_member(RowShape shape, std::string_view name) {
  return name == shape_time_field(shape) || name == shape_end_field(shape) ||
         (shape == RowShape::sessions && name == "session_id");
}

bool is_row_bound_field(std::string_view name) {
  for (const RowShape shape : {RowShape::sessions, RowShape::windows, RowShape::totals})
    if (is_shape_member(shape, name)) return true;
  return false;
}

std::vector<std::string_view> detect_key_fields(RowShape shape, const std::vector<RecordField>& fields) {
  std::vector<std::string_view> keys;
  if (shape == RowShape::sessions) {
    for (const RecordField& field : fields) {
      if (field.name == "session_id") break;
      keys.push_back(field.name);
    }
    return keys;
  }
  for (const RecordField& field : fields) {
    if (is_shape_member(shape, field.name)) continue;
    const ValueType type = field.value.type;
    if (type == ValueType::number || type == ValueType::array || type == ValueType::object) break;
    keys.push_back(field.name);
  }
  return keys;
}

}  // namespace ss
