#include "ss/sink/postgres_table.hpp"

#include "ss/sink/table_columns.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

namespace {

/// The staging table of upserts: temporary, so it costs no WAL and no other session
/// sees it.
constexpr const char* kStage = "pg_temp._ss_sink_stage";

}  // namespace

PostgresTable::PostgresTable(PgConnection& db, std::string name, std::string schema,
                             std::function<void(std::string_view)> warn)
    : LearnedTable(std::move(name), std::move(schema), std::move(warn), &PostgresTable::type_of), db_(db) {}

const char* PostgresTable::type_of(const FieldValue& value) {
  switch (value.type) {
    case ValueType::boolean: return "boolean";
    case ValueType::number: return TableColumns::is_integer_number(value) ? "bigint" : "double precision";
    case ValueType::string: return "text";
    case ValueType::object:
    case ValueType::array: return "jsonb";
    case ValueType::missing:
    case ValueType::null: break;
  }
  return "";
}

void PostgresTable::read_table(const std::function<void(std::string_view name, std::string_view type)>& column) {
  const auto rows = db_.query(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      {quote_identifier(name())});
  for (const auto& row : rows) column(row[0].value_or(""), row[1].value_or(""));
}

void PostgresTable::prepare(const Insert& insert) {
  names_ = insert.names;
  conflict_ = insert.conflict;
}

void PostgresTable::send(const std::string& names, std::string_view rows) {
  const std::string table = quote_identifier(name());
  if (names.empty()) {
    // Under --schema a record may match no column at all: it still makes a row.
    for (size_t at = rows.find('\n'); at != std::string_view::npos; at = rows.find('\n', at + 1))
      db_.exec("INSERT INTO " + table + " DEFAULT VALUES");
    return;
  }
  if (conflict_.empty()) {
    db_.copy_send("COPY " + table + " (" + names + ") FROM STDIN", rows);
    return;
  }
  // The staging table lives as long as the batch that fills it: the table's columns
  // may change between batches.
  db_.exec("CREATE TEMP TABLE _ss_sink_stage (LIKE " + table + ") ON COMMIT DROP");
  db_.copy_send(std::string("COPY ") + kStage + " (" + names + ") FROM STDIN", rows);
}

void PostgresTable::finish(const std::string& names) {
  if (names.empty()) return;
  db_.copy_finish();
  if (conflict_.empty()) return;
  db_.exec("INSERT INTO " + quote_identifier(name()) + " (" + names + ") SELECT " + names + " FROM " + kStage +
           conflict_);
  db_.exec(std::string("DROP TABLE ") + kStage);
}

}  // namespace ss
