// The table the SQLite destination writes (LearnedTable): its columns read with
// PRAGMA table_info, and the one prepared INSERT (or upsert on the id column) that
// takes every column.
//
// Column types: integers and booleans INTEGER, other numbers REAL, strings TEXT,
// objects and arrays TEXT holding JSON. SQLite column names ignore ASCII case, so
// fields that differ only in case share a column.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"
#include "ss/sink/learned_table.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

class SqliteTable final : public LearnedTable {
 public:
  /// `schema` is --schema (empty: from the records); `warn` names fields that have no
  /// column under --schema, once each.
  SqliteTable(SqliteConnection& db, std::string name, std::string schema, std::function<void(std::string_view)> warn);

  SqliteStatement& insert() { return insert_; }

  /// How an SQL statement can name the real rowid of `table` in the database: its
  /// INTEGER PRIMARY KEY column, else whichever of rowid, _rowid_ and oid no column
  /// shadows; nullopt for a WITHOUT ROWID table or one that shadows all three.
  static std::optional<std::string> rowid_alias(SqliteConnection& db, const std::string& table);

  static const char* type_of(const FieldValue& value);

 private:
  void run(const std::string& sql) override { db_.exec(sql); }
  void read_table(const std::function<void(std::string_view name, std::string_view type)>& column) override;
  void prepare(const Insert& insert) override;
  void unprepare() override { insert_ = SqliteStatement(); }

  SqliteConnection& db_;
  SqliteStatement insert_;
};

}  // namespace ss
