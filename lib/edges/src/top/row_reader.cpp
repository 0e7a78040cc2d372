#include "ss/top/row_reader.hpp"

#include <algorithm>
#include <array>

namespace ss {

namespace {

constexpr std::array<std::string_view, 8> kReserved = {"window_start", "window_end", "start",      "end",
                                                       "session_id",   "final",      "first_seen", "last_seen"};

const RecordField* find_member(const std::vector<RecordField>& fields, std::string_view name) {
  // The last duplicate wins, as RecordFields::get has it.
  for (auto it = fields.rbegin(); it != fields.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

bool read_time(const std::vector<RecordField>& fields, std::string_view name, TimeUs& out) {
  const RecordField* field = find_member(fields, name);
  return field != nullptr && field->value.is_string() && parse_rfc3339(field->value.text, out);
}

}  // namespace

bool is_reserved_member(std::string_view name) {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

std::string key_cell(const FieldValue& value) {
  switch (value.type) {
    case ValueType::missing: return "-";
    case ValueType::null: return "null";
    case ValueType::boolean: return value.boolean ? "true" : "false";
    default: return std::string(value.text);
  }
}

RowReader::RowReader(std::vector<FieldPath> key) : key_paths_(std::move(key)) {
  for (const auto& path : key_paths_) key_names_.push_back(path.output_name());
  key_known_ = !key_paths_.empty();
}

void RowReader::detect_key(const std::vector<RecordField>& fields, RowKind kind) {
  key_known_ = true;
  const bool has_session_id = find_member(fields, "session_id") != nullptr;
  for (const auto& field : fields) {
    // ss-sessionize writes the key fields first, then session_id: before it, every
    // member is a key, whatever its type.
    if (kind == RowKind::session && has_session_id) {
      if (field.name == "session_id") break;
      key_names_.emplace_back(field.name);
      continue;
    }
    if (is_reserved_member(field.name)) continue;
    const ValueType t = field.value.type;
    if (t == ValueType::string || t == ValueType::boolean || t == ValueType::null) key_names_.emplace_back(field.name);
  }
}

bool RowReader::is_key_member(std::string_view name) const {
  return std::find(key_names_.begin(), key_names_.end(), name) != key_names_.end();
}

std::string_view RowReader::read(RecordFields& record, TopRow& row) {
  const auto& fields = record.fields();
  row.values.clear();
  row.key.clear();
  row.final.reset();
  RowKind kind;
  if (find_member(fields, "window_start") != nullptr || find_member(fields, "window_end") != nullptr) {
    kind = RowKind::window;
    if (!read_time(fields, "window_start", row.start) || !read_time(fields, "window_end", row.end))
      return "a window row needs window_start and window_end as RFC 3339 times";
  } else if (find_member(fields, "start") != nullptr || find_member(fields, "end") != nullptr) {
    kind = RowKind::session;
    if (!read_time(fields, "start", row.start) || !read_time(fields, "end", row.end))
      return "a session row needs start and end as RFC 3339 times";
  } else {
    return "expected a window row (window_start, window_end) or a session row (start, end)";
  }
  if (!has_kind_) {
    has_kind_ = true;
    kind_ = kind;
  } else if (kind != kind_) {
    return kind_ == RowKind::window ? "a session row in a stream of window rows"
                                    : "a window row in a stream of session rows";
  }
  row.kind = kind;
  if (!key_known_) detect_key(fields, kind);
  if (!key_paths_.empty()) {
    for (const auto& path : key_paths_) row.key.push_back(key_cell(record.get(path)));
  } else {
    for (const auto& name : key_names_) {
      const RecordField* field = find_member(fields, name);
      row.key.push_back(field != nullptr ? key_cell(field->value) : std::string("-"));
    }
  }
  for (const auto& field : fields) {
    if (field.name == "final" && field.value.type == ValueType::boolean) row.final = field.value.boolean;
    if (!field.value.is_number() || is_reserved_member(field.name) || is_key_member(field.name)) continue;
    row.values.emplace_back(field.name, field.value.number);
  }
  return {};
}

}  // namespace ss
