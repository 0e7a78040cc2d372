#include "ss/join/table_loader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "ss/cli/error.hpp"
#include "ss/io/input_file.hpp"
#include "ss/join/field_time.hpp"
#include "ss/join/join_key.hpp"
#include "ss/join/row_members.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr size_t kReadBlock = 1u << 20;

std::string read_all(const std::string& path) {
  InputFile file(path);
  std::string data;
  // A plain file is read into one allocation of its size (no copies as it grows).
  struct stat st {};
  if (file.compression() == Compression::none && ::fstat(file.fd(), &st) == 0 && S_ISREG(st.st_mode))
    data.reserve(static_cast<size_t>(st.st_size) + kReadBlock);
  size_t used = 0;
  for (;;) {
    if (data.size() - used < kReadBlock) data.resize(std::max(used + kReadBlock, std::min(data.capacity(), used * 2)));
    const long n = file.read(data.data() + used, data.size() - used);
    if (n < 0) continue;  // a signal interrupted a wait
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  data.resize(used);
  return data;
}

/// A CSV cell that is a JSON number as written (no leading zeros, no `+`, no blanks)
/// is added as a number; everything else as a string, so nothing is lost.
bool is_json_number(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return false;
  }
  return i == s.size();
}

/// RFC 4180 records: quoted fields may hold the separator, `""` and line breaks.
class CsvReader {
 public:
  CsvReader(std::string_view data, const std::string& name) : data_(data), name_(name) {
    if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  /// Next record into fields(); false at end of data. Empty lines are skipped.
  bool next() {
    for (;;) {
      if (pos_ >= data_.size()) return false;
      record_line_ = line_;
      if (data_[pos_] == '\n' || (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n')) {
        pos_ += data_[pos_] == '\n' ? 1 : 2;
        ++line_;
        continue;
      }
      break;
    }
    scratch_.clear();
    bounds_.clear();
    for (;;) {
      const size_t start = scratch_.size();
      bool end_of_record = false;
      if (pos_ < data_.size() && data_[pos_] == '"') {
        ++pos_;
        for (;;) {
          const char* q = static_cast<const char*>(std::memchr(data_.data() + pos_, '"', data_.size() - pos_));
          if (!q) throw_data(fmt::format("{}:{}: unterminated quoted field", name_, record_line_));
          const size_t qpos = static_cast<size_t>(q - data_.data());
          const std::string_view chunk = data_.substr(pos_, qpos - pos_);
          for (char c : chunk)
            if (c == '\n') ++line_;
          scratch_.append(chunk);
          pos_ = qpos + 1;
          if (pos_ < data_.size() && data_[pos_] == '"') {
            scratch_.push_back('"');
            ++pos_;
            continue;
          }
          break;
        }
        if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
        if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n')
          throw_data(fmt::format("{}:{}: unexpected text after a quoted field", name_, line_));
      } else {
        size_t end = pos_;
        while (end < data_.size() && data_[end] != ',' && data_[end] != '\n') ++end;
        size_t stop = end;
        if (stop > pos_ && data_[stop - 1] == '\r' && (stop == data_.size() || data_[stop] == '\n')) --stop;
        scratch_.append(data_.substr(pos_, stop - pos_));
        pos_ = end;
      }
      bounds_.push_back({start, scratch_.size()});
      if (pos_ >= data_.size()) {
        end_of_record = true;
      } else if (data_[pos_] == '\n') {
        ++pos_;
        ++line_;
        end_of_record = true;
      } else {
        ++pos_;  // the comma
      }
      if (end_of_record) break;
    }
    fields_.clear();
    for (const auto& [b, e] : bounds_) fields_.emplace_back(scratch_.data() + b, e - b);
    return true;
  }

  const std::vector<std::string_view>& fields() const { return fields_; }
  uint64_t record_line() const { return record_line_; }

 private:
  std::string_view data_;
  const std::string& name_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 1;
  std::string scratch_;
  std::vector<std::pair<size_t, size_t>> bounds_;
  std::vector<std::string_view> fields_;
};

size_t find_column(const std::vector<std::string>& header, const FieldPath& field, std::string_view flag,
                   const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == field.text()) return i;
  throw_usage(fmt::format("{}: {} has no column \"{}\"", flag, name, field.text()));
}

void load_csv(const TableSpec& spec, std::string_view data, LookupTable& table) {
  CsvReader reader(data, spec.path);
  if (!reader.next()) return;  // an empty file is an empty table
  std::vector<std::string> header(reader.fields().begin(), reader.fields().end());
  std::vector<size_t> key_columns;
  for (const auto& k : spec.on) key_columns.push_back(find_column(header, k.table, "--on", spec.path));
  std::optional<size_t> from_column;
  if (spec.valid_from) from_column = find_column(header, *spec.valid_from, "--valid-from", spec.path);
  std::vector<size_t> columns;
  if (!spec.select.empty()) {
    for (const auto& s : spec.select) columns.push_back(find_column(header, s, "--select", spec.path));
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      bool skip = from_column && *from_column == i;
      for (size_t k : key_columns) skip = skip || k == i;
      if (!skip) columns.push_back(i);
    }
  }
  // Member names are the same for every row: render them once.
  std::vector<std::string> names;
  for (size_t c : columns) {
    std::string n;
    append_member_name(n, spec.prefix, header[c]);
    names.push_back(std::move(n));
  }
  std::string key;
  std::string members;
  while (reader.next()) {
    const auto& f = reader.fields();
    if (f.size() != header.size())
      throw_data(fmt::format("{}:{}: expected {} fields, got {}", spec.path, reader.record_line(), header.size(),
                             f.size()));
    key.clear();
    for (size_t i = 0; i < key_columns.size(); ++i) append_join_key_text(key, f[key_columns[i]], i == 0);
    members.clear();
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) members.push_back(',');
      members.append(names[i]);
      const std::string_view cell = f[columns[i]];
      if (is_json_number(cell)) members.append(cell);
      else append_json_string(members, cell);
    }
    TimeUs from = kMinTime;
    if (from_column) {
      const auto t = time_from_text(f[*from_column], spec.time_unit);
      if (!t)
        throw_data(fmt::format("{}:{}: unparseable time in \"{}\"", spec.path, reader.record_line(),
                               spec.valid_from->text()));
      from = *t;
    }
    table.add(key, members, from);
  }
}

void load_ndjson(const TableSpec& spec, std::string& data, LookupTable& table) {
  const size_t size = data.size();
  data.append(simdjson::SIMDJSON_PADDING, ' ');  // every line is followed by padding: parsed in place
  EventParser parser;
  std::vector<std::string> excluded;
  for (const auto& k : spec.on)
    if (k.table.segments().size() == 1) excluded.push_back(k.table.segments()[0]);
  if (spec.valid_from && spec.valid_from->segments().size() == 1) excluded.push_back(spec.valid_from->segments()[0]);
  RowMembers row_members(spec.select, excluded, spec.prefix);
  std::string key;
  std::string members;
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < size) {
    const char* nl = static_cast<const char*>(std::memchr(data.data() + pos, '\n', size - pos));
    const size_t end = nl ? static_cast<size_t>(nl - data.data()) : size;
    std::string_view line(data.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    const auto bad = [&](std::string_view reason) { throw_data(fmt::format("{}:{}: {}", spec.path, line_no, reason)); };
    const ParseOutcome outcome = parser.parse(line, data.size() - (line.data() - data.data()) - line.size());
    if (outcome == ParseOutcome::not_json) bad("not valid JSON");
    if (outcome == ParseOutcome::not_object) bad("expected a JSON object");
    key.clear();
    for (size_t i = 0; i < spec.on.size(); ++i) {
      const FieldValue v = parser.get(spec.on[i].table);
      if (!append_join_key_part(key, v, i == 0))
        bad(parser.malformed() ? std::string("not valid JSON")
                               : fmt::format("no key field \"{}\"", spec.on[i].table.text()));
    }
    TimeUs from = kMinTime;
    if (spec.valid_from) {
      const FieldValue v = parser.get(*spec.valid_from);
      const auto t = time_from_value(v, spec.time_unit);
      if (!t) bad(fmt::format("no or unparseable time in \"{}\"", spec.valid_from->text()));
      from = *t;
    }
    members.clear();
    if (!row_members.append(line, parser, members)) bad("not valid JSON");
    if (parser.malformed() || !parser.validate()) bad("not valid JSON");
    table.add(key, members, from);
  }
  data.resize(size);
}

}  // namespace

TableFileVersion table_file_version(const std::string& path) {
  struct stat st {};
  TableFileVersion v;
  if (::stat(path.c_str(), &st) != 0) return v;
  v.device = st.st_dev;
  v.inode = st.st_ino;
  v.size = st.st_size;
  v.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return v;
}

LoadedTable load_table(const TableSpec& spec) {
  LoadedTable loaded;
  loaded.version = table_file_version(spec.path);
  std::string data = read_all(spec.path);
  auto table = std::make_shared<LookupTable>(spec.valid_from.has_value());
  // One row a line, near enough; CSV members repeat the column names in every row, so
  // they can take twice the file's bytes. Reserved pages that stay unused cost nothing.
  const size_t lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
  table->reserve(lines, data.size() * 3);
  size_t first = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") first = 3;
  while (first < data.size() && (data[first] == ' ' || data[first] == '\t' || data[first] == '\r' || data[first] == '\n'))
    ++first;
  if (first < data.size() && data[first] == '{') {
    load_ndjson(spec, data, *table);
  } else {
    loaded.csv = true;
    load_csv(spec, data, *table);
  }
  table->finish();
  loaded.table = std::move(table);
  return loaded;
}

}  // namespace ss
