// One compiled SQLite statement, finalized when it goes away. Binding and stepping
// report failures through the connection's error (ss::Error naming the database).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

namespace ss {

class SqliteConnection;

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(const SqliteConnection& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  explicit operator bool() const { return stmt_ != nullptr; }
  sqlite3_stmt* handle() const { return stmt_; }

  /// Parameters are 1-based. Text is not copied: it must stay valid until step().
  void bind_null(int i) { sqlite3_bind_null(stmt_, i); }
  void bind_int64(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind_double(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void bind_text(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }

  /// True while a row is available; false when done. Throws ss::Error(io).
  bool step();
  /// Makes the statement ready to run again, all parameters NULL.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t column_int64(int i) const { return sqlite3_column_int64(stmt_, i); }
  std::string_view column_text(int i) const;
  bool column_is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

 private:
  const SqliteConnection* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace ss
