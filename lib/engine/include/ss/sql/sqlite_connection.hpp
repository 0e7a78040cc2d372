// An open SQLite database (ss-sink's destination, ss-window --sql's scratch) with errors turned into ss::Error naming
// the file; the connection is closed (and an open transaction rolled back) when it goes away.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "ss/sql/sqlite_statement.hpp"

namespace ss {

class SqliteConnection {
 public:
  /// Opens or creates `path` (`:memory:` for a private in-memory database), with
  /// `extra_flags` such as SQLITE_OPEN_URI added to the open flags. Throws
  /// ss::Error(io) when it cannot.
  explicit SqliteConnection(std::string path, int extra_flags = 0);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  /// Runs one or more statements that return no rows. Throws ss::Error(io).
  void exec(const std::string& sql);
  /// Compiles one statement. Throws ss::Error(io).
  SqliteStatement prepare(const std::string& sql);
  /// Throws ss::Error(io) with `<path>: <what>: <SQLite's message>` for `rc`.
  [[noreturn]] void fail(std::string_view what, int rc) const;

  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const { return sqlite3_changes64(db_); }
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

/// `"name"` with inner quotes doubled: an SQL identifier for any field name.
std::string quote_identifier(std::string_view name);

}  // namespace ss
