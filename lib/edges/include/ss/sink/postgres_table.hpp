// The table the PostgreSQL destination writes (LearnedTable): its columns read from
// pg_attribute, and the statements that write a batch of rows in COPY text format:
// COPY straight into the table to append; to upsert, COPY into a temporary table of
// the same columns and INSERT ... SELECT ... ON CONFLICT from it.
//
// Column types: booleans boolean, integers bigint, other numbers double precision,
// strings text, objects and arrays jsonb.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "ss/json/field_value.hpp"
#include "ss/sink/learned_table.hpp"
#include "ss/sink/pg_connection.hpp"

namespace ss {

class PostgresTable final : public LearnedTable {
 public:
  PostgresTable(PgConnection& db, std::string name, std::string schema, std::function<void(std::string_view)> warn);

  /// The quoted columns of the prepared insert, comma-separated (empty: none).
  const std::string& names() const { return names_; }
  /// Writes `rows`, COPY text rows of the columns `names` (names() when they were
  /// encoded) in the open transaction. Throws PgFailure; rows are then not written.
  void write(const std::string& names, std::string_view rows) {
    send(names, rows);
    finish(names);
  }
  /// write() in two halves, as PgConnection::copy_send() and copy_finish(): between
  /// them the server takes the rows while the caller goes on.
  void send(const std::string& names, std::string_view rows);
  void finish(const std::string& names);

  static const char* type_of(const FieldValue& value);

 private:
  void run(const std::string& sql) override { db_.exec(sql); }
  void read_table(const std::function<void(std::string_view name, std::string_view type)>& column) override;
  void prepare(const Insert& insert) override;

  PgConnection& db_;
  std::string names_;
  std::string conflict_;  ///< empty when appending
};

}  // namespace ss
