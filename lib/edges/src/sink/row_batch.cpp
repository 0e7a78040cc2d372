#include "ss/sink/row_batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace ss {

bool RowBatch::refuse(size_t cells, size_t arena, TableColumns& columns, size_t count, std::string& reason,
                      std::string message) {
  cells_.resize(cells);
  arena_.resize(arena);
  columns.forget_from(count);
  // Positions cached for forgotten columns are void.
  std::fill(last_columns_.begin(), last_columns_.end(), SIZE_MAX);
  reason = std::move(message);
  return false;
}

bool RowBatch::add(const RecordFields& record, TableColumns& columns, bool columns_fixed, const RowLimits& limits,
                   std::string& reason) {
  const auto& fields = record.fields();
  if (last_names_.size() < fields.size()) {
    last_names_.resize(fields.size());
    last_columns_.resize(fields.size(), SIZE_MAX);
  }
  const size_t cells_before = cells_.size();
  const size_t arena_before = arena_.size();
  const size_t columns_before = columns.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    const RecordField& field = fields[i];
    size_t column = last_columns_[i];
    if (column == SIZE_MAX || last_names_[i] != field.name) {
      // A name not seen at this position: check what the database would refuse before
      // it becomes a column.
      if (field.name.find('\0') != std::string_view::npos)
        return refuse(cells_before, arena_before, columns, columns_before, reason,
                      fmt::format("field name holds a NUL character, which {} column name cannot", limits.a_database));
      if (field.name.size() > limits.max_name_bytes)
        return refuse(cells_before, arena_before, columns, columns_before, reason,
                      fmt::format("field name \"{}\" is {} bytes long; a {} column name holds at most {}", field.name,
                                  field.name.size(), limits.database, limits.max_name_bytes));
      if (!columns_fixed && !columns.knows(field.name) && columns.size() >= limits.max_columns)
        return refuse(cells_before, arena_before, columns, columns_before, reason,
                      fmt::format("field \"{}\" would be column {} of table {}; {} allows at most {}", field.name,
                                  columns.size() + 1, limits.table, limits.database, limits.max_columns));
      column = columns.column(field.name);
      last_names_[i].assign(field.name);
      last_columns_[i] = column;
    }
    const FieldValue& v = field.value;
    const bool text = v.type == ValueType::string || v.type == ValueType::object || v.type == ValueType::array;
    if (text && v.text.size() > limits.max_text_bytes)
      return refuse(cells_before, arena_before, columns, columns_before, reason,
                    fmt::format("field \"{}\" holds {} bytes, more than {}'s limit of {}", field.name, v.text.size(),
                                limits.database, limits.max_text_bytes));
    if (limits.text_without_nul && v.type == ValueType::string && std::memchr(v.text.data(), 0, v.text.size()))
      return refuse(
          cells_before, arena_before, columns, columns_before, reason,
          fmt::format("field \"{}\" holds a NUL character, which {} text cannot", field.name, limits.database));
    columns.observe(column, v);
    Cell cell{static_cast<uint32_t>(column), v.type, v.is_integer, v.boolean, v.integer, v.number, 0, 0};
    if (text) {
      cell.text_begin = arena_.size();
      cell.text_size = v.text.size();
      arena_.append(v.text);
    } else if (v.type == ValueType::number && limits.number_text) {
      cell.text_begin = arena_.size();
      cell.text_size = v.text.size();
      arena_.append(v.text);
    }
    cells_.push_back(cell);
  }
  row_ends_.push_back(cells_.size());
  return true;
}

void RowBatch::remember_origin(const Line* origin) {
  if (origin == nullptr) return;
  if (sources_.empty() || sources_.back() != origin->source) sources_.emplace_back(origin->source);
  origins_.push_back(
      Origin{static_cast<uint32_t>(sources_.size() - 1), origin->number, origin_text_.size(), origin->text.size()});
  origin_text_.append(origin->text);
}

void RowBatch::reject(size_t row, const RejectRecord& reject, std::string_view reason) const {
  if (!reject) return;
  if (row < origins_.size()) {
    const Origin& o = origins_[row];
    reject(sources_[o.source], o.line, reason, std::string_view(origin_text_).substr(o.text_begin, o.text_size));
  } else {
    reject("", 0, reason, "");
  }
}

void RowBatch::clear() {
  cells_.clear();
  row_ends_.clear();
  arena_.clear();
  origins_.clear();
  origin_text_.clear();
  sources_.clear();
}

}  // namespace ss
