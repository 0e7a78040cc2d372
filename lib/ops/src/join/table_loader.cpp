#include "ss/join/table_loader.hpp"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "row_members.hpp"
#include "ss/base/error.hpp"
#include "ss/io/csv_reader.hpp"
#include "ss/io/whole_file.hpp"
#include "ss/join/field_time.hpp"
#include "ss/join/join_key.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

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
      throw_data(
          fmt::format("{}:{}: expected {} fields, got {}", spec.path, reader.record_line(), header.size(), f.size()));
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
        throw_data(
            fmt::format("{}:{}: unparseable time in \"{}\"", spec.path, reader.record_line(), spec.valid_from->text()));
      from = *t;
    }
    table.add(key, members, from);
  }
}

void load_ndjson(const TableSpec& spec, std::string& data, LookupTable& table) {
  EventParser parser;
  std::vector<std::string> excluded;
  for (const auto& k : spec.on)
    if (k.table.segments().size() == 1) excluded.push_back(k.table.segments()[0]);
  if (spec.valid_from && spec.valid_from->segments().size() == 1) excluded.push_back(spec.valid_from->segments()[0]);
  RowMembers row_members(spec.select, excluded, spec.prefix);
  std::string key;
  std::string members;
  for_each_padded_line(data, [&](std::string_view line, uint64_t line_no, size_t padding) {
    const auto bad = [&](std::string_view reason) { throw_data(fmt::format("{}:{}: {}", spec.path, line_no, reason)); };
    const ParseOutcome outcome = parser.parse(line, padding);
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
  });
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
  std::string data = read_whole_file(spec.path);
  auto table = std::make_shared<LookupTable>(spec.valid_from.has_value());
  // One row a line, near enough; CSV members repeat the column names in every row, so
  // they can take twice the file's bytes. Reserved pages that stay unused cost nothing.
  const size_t lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
  table->reserve(lines, data.size() * 3);
  if (starts_with_json_object(data)) {
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
