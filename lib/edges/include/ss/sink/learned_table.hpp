// The table a table destination (SQLite, PostgreSQL) writes: its columns, learned from
// the database when the table exists, from --schema, or from the records; new fields
// become new columns (ALTER TABLE ADD COLUMN) unless --schema fixed them; a unique
// index on the upsert id. The statements are the same in both databases; each
// destination's subclass runs them, reads the table's columns, and prepares its
// insert of the current columns.
//
// Column types come from the first non-null value of a field, through the subclass's
// type names (TableColumns).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ss/sink/table_columns.hpp"

namespace ss {

class LearnedTable {
 public:
  /// `schema` is --schema (empty: from the records); `warn` names fields that have no
  /// column under --schema, once each.
  LearnedTable(std::string name, std::string schema, std::function<void(std::string_view)> warn, ColumnTypeOf type_of);
  virtual ~LearnedTable() = default;

  /// The columns learned from the records and the database; a RowBatch registers the
  /// records' fields here.
  TableColumns& columns() { return columns_; }
  /// Inside the open transaction: creates the table, its new columns and the unique
  /// index on `id` as needed, and prepares the insert. Throws ss::Error(usage) for a
  /// bad --schema, ss::Error(io) otherwise.
  void materialize(const std::optional<std::string>& id);
  /// The insert's parameter for a column, 0 when the column is not in the table.
  int parameter(size_t column) const { return columns_[column].parameter; }
  /// How many columns the insert takes.
  int parameters() const { return parameters_; }

  /// After a rollback: columns are learned again from the database and from the
  /// records that follow; indexes returned by columns() before are void.
  void invalidate();
  /// After a rollback that the destination writes again (a lost connection): the
  /// columns and their types stay, the table is read again from the database.
  void forget_table() {
    synced_ = false;
    prepared_for_.reset();
  }

  const std::string& name() const { return name_; }
  /// True when the insert of the current columns has an upsert clause.
  bool upserts() const { return prepared_for_.has_value() && !prepared_for_->empty(); }

 protected:
  using Column = TableColumns::Column;

  /// Runs one statement in the open transaction.
  virtual void run(const std::string& sql) = 0;
  /// Calls `column` with each column's name and declared type (empty: none) of the
  /// table in the database; nothing when it does not exist.
  virtual void read_table(const std::function<void(std::string_view name, std::string_view type)>& column) = 0;
  /// The insert of the current columns, as both databases write it.
  struct Insert {
    std::string names;     ///< the quoted columns whose parameter is set, in its order, comma-separated
    std::string conflict;  ///< " ON CONFLICT (id) DO UPDATE SET ..." when upserting, else empty
  };
  /// Prepares the insert of the columns whose parameter is set (parameters() of them).
  virtual void prepare(const Insert& insert) = 0;
  /// Forgets the prepared insert.
  virtual void unprepare() {}

  TableColumns columns_;

 private:
  void sync_from_database();
  Insert insert_of(const std::optional<std::string>& id);
  void add_column(Column& column);

  const std::string name_;
  const std::string schema_;
  std::function<void(std::string_view)> warn_;
  bool synced_ = false;
  bool exists_ = false;
  bool indexed_ = false;  ///< the unique index on the id column is known to exist
  size_t warned_ = 0;     ///< columns before this index were checked for the --schema warning
  int parameters_ = 0;
  std::optional<std::string> prepared_for_;  ///< the id of the prepared insert ("" = append)
};

}  // namespace ss
