#include "ss/sink/sqlite_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"

namespace ss {

SqliteTable::SqliteTable(SqliteConnection& db, std::string name, std::string schema,
                         std::function<void(std::string_view)> warn)
    : LearnedTable(std::move(name), std::move(schema), std::move(warn), &SqliteTable::type_of), db_(db) {}

const char* SqliteTable::type_of(const FieldValue& value) {
  switch (value.type) {
    case ValueType::boolean: return "INTEGER";
    case ValueType::number:
      if (TableColumns::is_integer_number(value)) return "INTEGER";
      return "REAL";
    case ValueType::string:
    case ValueType::object:
    case ValueType::array: return "TEXT";
    case ValueType::missing:
    case ValueType::null: break;
  }
  return "";
}

std::optional<std::string> SqliteTable::rowid_alias(SqliteConnection& db, const std::string& table) {
  {
    SqliteStatement list = db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1");
    list.bind_text(1, table);
    if (!list.step() || list.column_int64(0) != 0) return std::nullopt;
  }
  std::vector<std::string> names;
  std::string integer_key;
  int keys = 0;
  SqliteStatement info = db.prepare("PRAGMA table_info(" + quote_identifier(table) + ")");
  while (info.step()) {
    std::string name(info.column_text(1));
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::string type(info.column_text(2));
    for (char& c : type)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (info.column_int64(5) > 0) {
      ++keys;
      if (type == "INTEGER") integer_key = std::string(info.column_text(1));
    }
    names.push_back(std::move(name));
  }
  // An INTEGER PRIMARY KEY (the only key column) is the rowid under its own name.
  if (keys == 1 && !integer_key.empty()) return integer_key;
  for (const char* alias : {"rowid", "_rowid_", "oid"})
    if (std::find(names.begin(), names.end(), alias) == names.end()) return std::string(alias);
  return std::nullopt;
}

void SqliteTable::read_table(const std::function<void(std::string_view name, std::string_view type)>& column) {
  SqliteStatement info = db_.prepare("PRAGMA table_info(" + quote_identifier(name()) + ")");
  while (info.step()) column(info.column_text(1), info.column_is_null(2) ? std::string_view() : info.column_text(2));
}

void SqliteTable::prepare(const Insert& insert) {
  std::string values;
  for (int n = 1; n <= parameters(); ++n) values += (n == 1 ? "?" : ", ?") + std::to_string(n);
  // Under --schema a record may match no column at all: it still makes a row.
  insert_ = db_.prepare(
      "INSERT INTO " + quote_identifier(name()) +
      (parameters() == 0 ? std::string(" DEFAULT VALUES") : " (" + insert.names + ") VALUES (" + values + ")") +
      insert.conflict);
}

}  // namespace ss
