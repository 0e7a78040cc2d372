#include "ss/sink/record_formatter.hpp"

namespace ss {

void append_csv_cell(std::string_view text, std::string& out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_tsv_cell(std::string_view text, std::string& out) {
  for (const char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out.push_back(c);
    }
  }
}

RecordFormatter::RecordFormatter(RecordFormat format, std::function<void(std::string_view)> on_dropped)
    : format_(format), on_dropped_(std::move(on_dropped)) {}

void RecordFormatter::append_text(std::string_view text, std::string& out) const {
  if (format_ == RecordFormat::csv) append_csv_cell(text, out);
  else append_tsv_cell(text, out);
}

void RecordFormatter::append_cell(const FieldValue& value, std::string& out) const {
  // null and missing are both an empty cell; every other value is its text (strings
  // unescaped, numbers as written, objects and arrays as JSON).
  if (!value.present()) return;
  append_text(value.text, out);
}

void RecordFormatter::append(const RecordFields& record, std::string& out) {
  if (format_ == RecordFormat::ndjson) {
    append_ndjson_line(record.line(), out);
    return;
  }
  const char separator = format_ == RecordFormat::csv ? ',' : '\t';
  if (!started_) {
    started_ = true;
    for (const RecordField& field : record.fields()) {
      if (column_of_.count(std::string(field.name))) continue;
      column_of_.emplace(std::string(field.name), columns_.size());
      columns_.emplace_back(field.name);
    }
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out.push_back(separator);
      append_text(columns_[i], out);
    }
    out.push_back('\n');
  }
  cells_.assign(columns_.size(), nullptr);
  std::string name;
  for (const RecordField& field : record.fields()) {
    name.assign(field.name);
    const auto it = column_of_.find(name);
    if (it != column_of_.end()) {
      cells_[it->second] = &field.value;
    } else if (dropped_.insert(name).second && on_dropped_) {
      on_dropped_(name);
    }
  }
  for (size_t i = 0; i < cells_.size(); ++i) {
    if (i > 0) out.push_back(separator);
    if (cells_[i] != nullptr) append_cell(*cells_[i], out);
  }
  out.push_back('\n');
}

}  // namespace ss
