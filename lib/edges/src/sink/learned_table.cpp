#include "ss/sink/learned_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

LearnedTable::LearnedTable(std::string name, std::string schema, std::function<void(std::string_view)> warn,
                           ColumnTypeOf type_of)
    : columns_(type_of), name_(std::move(name)), schema_(std::move(schema)), warn_(std::move(warn)) {}

void LearnedTable::invalidate() {
  columns_.clear();
  synced_ = false;
  warned_ = 0;
  prepared_for_.reset();
  unprepare();
}

void LearnedTable::sync_from_database() {
  for (Column& c : columns_) c.in_table = false;
  exists_ = false;
  read_table([this](std::string_view name, std::string_view type) {
    Column& c = columns_[columns_.add(name)];
    c.in_table = true;
    if (c.type.empty()) c.type = type.empty() ? "ANY" : std::string(type);
    exists_ = true;
  });
  synced_ = true;
  indexed_ = false;
  prepared_for_.reset();
}

void LearnedTable::add_column(Column& column) {
  run("ALTER TABLE " + quote_identifier(name_) + " ADD COLUMN " + quote_identifier(column.name) + " " + column.type);
  column.in_table = true;
}

void LearnedTable::materialize(const std::optional<std::string>& id) {
  if (!synced_) sync_from_database();
  bool changed = false;
  warned_ = std::min(warned_, columns_.take_unchanged_prefix());
  if (!exists_) {
    if (!schema_.empty()) {
      try {
        run("CREATE TABLE " + quote_identifier(name_) + " (" + schema_ + ")");
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
      run(sql + ")");
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
    Column& c = columns_[columns_.add(*id)];
    if (!c.in_table) {
      if (!schema_.empty()) throw_usage("--id: table " + name_ + " has no column \"" + *id + "\"");
      if (c.type.empty()) c.type = "TEXT";
      add_column(c);
      changed = true;
    }
    // ON CONFLICT needs a unique index on exactly this column.
    run("CREATE UNIQUE INDEX IF NOT EXISTS " + quote_identifier(name_ + "_ss_id") + " ON " + quote_identifier(name_) +
        " (" + quote_identifier(c.name) + ")");
    indexed_ = true;
  }
  if (changed || prepared_for_ != id.value_or("")) {
    parameters_ = 0;
    for (Column& c : columns_) c.parameter = c.in_table && c.in_records ? ++parameters_ : 0;
    prepare(insert_of(id));
    prepared_for_ = id.value_or("");
  }
}

LearnedTable::Insert LearnedTable::insert_of(const std::optional<std::string>& id) {
  Insert insert;
  std::string updates;
  const size_t id_column = id ? columns_.find(*id) : SIZE_MAX;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& c = columns_[i];
    if (!c.in_table) continue;
    const std::string quoted = quote_identifier(c.name);
    // An upsert replaces the whole row, as a new insert of the record would make it:
    // columns the record lacks become null, and columns no record of this run named
    // take their default (what `excluded` holds for a column the insert leaves out).
    if (id && id_column != i) updates += (updates.empty() ? "" : ", ") + quoted + " = excluded." + quoted;
    if (c.parameter == 0) continue;
    insert.names += (insert.names.empty() ? "" : ", ") + quoted;
  }
  if (id)
    insert.conflict = " ON CONFLICT (" + quote_identifier(columns_[id_column].name) + ") DO " +
                      (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
  return insert;
}

}  // namespace ss
