#include "ss/sink/sqlite_table.hpp"

#include <fmt/format.h>

#include "ss/cli/error.hpp"

namespace ss {

SqliteTable::SqliteTable(SqliteConnection& db, std::string name, std::string schema,
                         std::function<void(std::string_view)> warn)
    : db_(db), name_(std::move(name)), schema_(std::move(schema)), warn_(std::move(warn)) {}

const char* SqliteTable::type_of(const FieldValue& value) {
  switch (value.type) {
    case ValueType::boolean: return "INTEGER";
    case ValueType::number:
      // An integer too large for int64 is still written without fraction or exponent.
      if (value.is_integer || value.text.find_first_of(".eE") == std::string_view::npos) return "INTEGER";
      return "REAL";
    case ValueType::string:
    case ValueType::object:
    case ValueType::array: return "TEXT";
    case ValueType::missing:
    case ValueType::null: break;
  }
  return "";
}

size_t SqliteTable::register_column(std::string_view name) {
  lookup_.assign(name);
  for (char& c : lookup_)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const auto it = by_name_.find(lookup_);
  if (it != by_name_.end()) return it->second;
  by_name_.emplace(lookup_, columns_.size());
  columns_.push_back(Column{std::string(name), "", false, false, 0});
  return columns_.size() - 1;
}

size_t SqliteTable::column(std::string_view field) {
  const size_t index = register_column(field);
  columns_[index].in_records = true;
  return index;
}

void SqliteTable::invalidate() {
  columns_.clear();
  by_name_.clear();
  synced_ = false;
  warned_ = 0;
  prepared_for_.reset();
  insert_ = SqliteStatement();
}

void SqliteTable::sync_from_database() {
  for (Column& c : columns_) c.in_table = false;
  exists_ = false;
  SqliteStatement info = db_.prepare("PRAGMA table_info(" + quote_identifier(name_) + ")");
  while (info.step()) {
    Column& c = columns_[register_column(info.column_text(1))];
    c.in_table = true;
    if (c.type.empty()) c.type = info.column_is_null(2) || info.column_text(2).empty() ? "ANY" : info.column_text(2);
    exists_ = true;
  }
  synced_ = true;
  indexed_ = false;
  prepared_for_.reset();
}

void SqliteTable::add_column(Column& column) {
  db_.exec("ALTER TABLE " + quote_identifier(name_) + " ADD COLUMN " + quote_identifier(column.name) + " " +
           column.type);
  column.in_table = true;
}

void SqliteTable::materialize(const std::optional<std::string>& id) {
  if (!synced_) sync_from_database();
  bool changed = false;
  if (!exists_) {
    if (!schema_.empty()) {
      try {
        db_.exec("CREATE TABLE " + quote_identifier(name_) + " (" + schema_ + ")");
      } catch (const Error& e) {
        throw_usage(std::string("--schema: ") + e.what());
      }
      sync_from_database();
    } else {
      bool any_typed = false;
      for (const Column& c : columns_) any_typed = any_typed || !c.type.empty();
      std::string sql = "CREATE TABLE " + quote_identifier(name_) + " (";
      bool first = true;
      for (Column& c : columns_) {
        // Fields that were only null so far wait for a value that gives their type,
        // unless no field has one yet.
        if (c.type.empty()) {
          if (any_typed) continue;
          c.type = "TEXT";
        }
        sql += (first ? "" : ", ") + quote_identifier(c.name) + " " + c.type;
        c.in_table = true;
        first = false;
      }
      SS_ASSERT(!first);
      db_.exec(sql + ")");
      exists_ = true;
    }
    changed = true;
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    if (c.in_table || !c.in_records) continue;
    if (!schema_.empty()) {
      if (i >= warned_)
        warn_(fmt::format("field \"{}\" has no column in table {} (--schema); dropped", c.name, name_));
      continue;
    }
    if (c.type.empty()) continue;
    add_column(c);
    changed = true;
  }
  warned_ = columns_.size();
  if (id && !indexed_) {
    Column& c = columns_[register_column(*id)];
    if (!c.in_table) {
      if (!schema_.empty()) throw_usage("--id: table " + name_ + " has no column \"" + *id + "\"");
      if (c.type.empty()) c.type = "TEXT";
      add_column(c);
      changed = true;
    }
    // ON CONFLICT needs a unique index on exactly this column.
    db_.exec("CREATE UNIQUE INDEX IF NOT EXISTS " + quote_identifier(name_ + "_ss_id") + " ON " +
             quote_identifier(name_) + " (" + quote_identifier(c.name) + ")");
    indexed_ = true;
  }
  if (changed || prepared_for_ != id.value_or("")) prepare_insert(id);
}

void SqliteTable::prepare_insert(const std::optional<std::string>& id) {
  std::string names;
  std::string values;
  std::string updates;
  int n = 0;
  std::string id_lookup;
  if (id) {
    id_lookup = *id;
    for (char& ch : id_lookup)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    c.parameter = 0;
    if (!c.in_table || !c.in_records) continue;
    c.parameter = ++n;
    const std::string quoted = quote_identifier(c.name);
    names += (n == 1 ? "" : ", ") + quoted;
    values += (n == 1 ? "?" : ", ?") + std::to_string(n);
    if (id && by_name_.at(id_lookup) != i) updates += (updates.empty() ? "" : ", ") + quoted + " = excluded." + quoted;
  }
  // Under --schema a record may match no column at all: it still makes a row.
  std::string sql = "INSERT INTO " + quote_identifier(name_) +
                    (n == 0 ? std::string(" DEFAULT VALUES") : " (" + names + ") VALUES (" + values + ")");
  if (id) {
    const Column& key = columns_[by_name_.at(id_lookup)];
    sql += " ON CONFLICT (" + quote_identifier(key.name) + ") DO " + (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
  }
  insert_ = db_.prepare(sql);
  prepared_for_ = id.value_or("");
}

}  // namespace ss
