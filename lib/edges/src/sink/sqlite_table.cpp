#include "ss/sink/sqlite_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"

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

void SqliteTable::lowercase_lookup(std::string_view name) {
  lookup_.assign(name);
  for (char& c : lookup_)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

bool SqliteTable::knows(std::string_view field) {
  lowercase_lookup(field);
  return by_name_.count(lookup_) != 0;
}

void SqliteTable::forget_columns_from(size_t count) {
  while (columns_.size() > count) {
    lowercase_lookup(columns_.back().name);
    by_name_.erase(lookup_);
    columns_.pop_back();
  }
  if (warned_ > count) warned_ = count;
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

size_t SqliteTable::register_column(std::string_view name) {
  lowercase_lookup(name);
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
      if (i >= warned_) warn_(fmt::format("field \"{}\" has no column in table {} (--schema); dropped", c.name, name_));
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
    if (!c.in_table) continue;
    const std::string quoted = quote_identifier(c.name);
    // An upsert replaces the whole row, as a new insert of the record would make it:
    // columns the record lacks become null, and columns no record of this run named
    // take their default (what `excluded` holds for a column the insert leaves out).
    if (id && by_name_.at(id_lookup) != i) updates += (updates.empty() ? "" : ", ") + quoted + " = excluded." + quoted;
    if (!c.in_records) continue;
    c.parameter = ++n;
    names += (n == 1 ? "" : ", ") + quoted;
    values += (n == 1 ? "?" : ", ?") + std::to_string(n);
  }
  // Under --schema a record may match no column at all: it still makes a row.
  std::string sql = "INSERT INTO " + quote_identifier(name_) +
                    (n == 0 ? std::string(" DEFAULT VALUES") : " (" + names + ") VALUES (" + values + ")");
  if (id) {
    const Column& key = columns_[by_name_.at(id_lookup)];
    sql += " ON CONFLICT (" + quote_identifier(key.name) + ") DO " +
           (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
  }
  insert_ = db_.prepare(sql);
  prepared_for_ = id.value_or("");
}

}  // namespace ss
