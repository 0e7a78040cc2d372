// The table the SQLite destination writes: its columns, learned from the database
// when the table exists, from --schema, or from the records; new fields become new
// columns (ALTER TABLE ADD COLUMN) unless --schema fixed them; and the one prepared
// INSERT (or upsert on the id column) that takes every column.
//
// Column types come from the first non-null value of a field: integers and booleans
// INTEGER, other numbers REAL, strings TEXT, objects and arrays TEXT holding JSON.
// SQLite column names ignore ASCII case, so fields that differ only in case share
// a column.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ss/json/field_value.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

class SqliteTable {
 public:
  /// `schema` is --schema (empty: from the records); `warn` names fields that have no
  /// column under --schema, once each.
  SqliteTable(SqliteConnection& db, std::string name, std::string schema, std::function<void(std::string_view)> warn);

  /// The index of the field's column, registering a field seen for the first time.
  size_t column(std::string_view field);
  /// Gives a column without a type the type of `value` (when not null).
  void observe(size_t column, const FieldValue& value) {
    if (columns_[column].type.empty() && value.present()) columns_[column].type = type_of(value);
  }

  /// Inside the open transaction: creates the table, its new columns and the unique
  /// index on `id` as needed, and prepares the insert. Throws ss::Error(usage) for a
  /// bad --schema, ss::Error(io) otherwise.
  void materialize(const std::optional<std::string>& id);
  /// The insert's parameter for a column, 0 when the column is not in the table.
  int parameter(size_t column) const { return columns_[column].parameter; }
  SqliteStatement& insert() { return insert_; }

  /// After a rollback: columns are learned again from the database and from the
  /// records that follow; indexes returned by column() before are void.
  void invalidate();

  const std::string& name() const { return name_; }

  /// Registered columns, and whether `field` has one (without registering it).
  size_t column_count() const { return columns_.size(); }
  bool knows(std::string_view field);
  /// Takes back the columns registered after the first `count`: a record that turned
  /// out unusable leaves no column behind.
  void forget_columns_from(size_t count);
  /// True when the insert of the current columns has an upsert clause.
  bool upserts() const { return prepared_for_.has_value() && !prepared_for_->empty(); }

  /// How an SQL statement can name the real rowid of `table` in the database: its
  /// INTEGER PRIMARY KEY column, else whichever of rowid, _rowid_ and oid no column
  /// shadows; nullopt for a WITHOUT ROWID table or one that shadows all three.
  static std::optional<std::string> rowid_alias(SqliteConnection& db, const std::string& table);

  static const char* type_of(const FieldValue& value);

 private:
  struct Column {
    std::string name;
    std::string type;  ///< declared type; empty while unknown
    bool in_table = false;
    bool in_records = false;  ///< a record had this field (columns only in the table are left alone)
    int parameter = 0;        ///< 1-based position in the insert, 0 = not in it
  };

  size_t register_column(std::string_view name);
  void lowercase_lookup(std::string_view name);
  void sync_from_database();
  void add_column(Column& column);
  void prepare_insert(const std::optional<std::string>& id);

  SqliteConnection& db_;
  const std::string name_;
  const std::string schema_;
  std::function<void(std::string_view)> warn_;
  std::vector<Column> columns_;
  std::unordered_map<std::string, size_t> by_name_;  ///< ASCII-lowercased name → column
  std::string lookup_;
  bool synced_ = false;
  bool exists_ = false;
  bool indexed_ = false;                     ///< the unique index on the id column is known to exist
  size_t warned_ = 0;                        ///< columns_ before this index were checked for the --schema warning
  std::optional<std::string> prepared_for_;  ///< the id of the prepared insert ("" = append)
  SqliteStatement insert_;
};

}  // namespace ss
