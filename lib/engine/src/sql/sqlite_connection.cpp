#include "ss/sql/sqlite_connection.hpp"

#include <cstring>

#include "ss/base/error.hpp"

namespace ss {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

SqliteConnection::SqliteConnection(std::string path, int extra_flags) : path_(std::move(path)) {
  const int rc = sqlite3_open_v2(
      path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | extra_flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw_io(path_ + ": cannot open database: " + message);
  }
  // Another process may hold the write lock for a moment (a reader checkpointing the
  // WAL, a second writer): wait for it rather than fail at once.
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

void SqliteConnection::fail(std::string_view what, int rc) const {
  std::string message = sqlite3_errmsg(db_);
  if (message == "not an error" || message.empty()) message = sqlite3_errstr(rc);
  // "disk I/O error" alone hides the cause: name the system's (EFBIG, EIO, ...).
  const int primary = rc & 0xff;
  const int system = sqlite3_system_errno(db_);
  if ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && system != 0)
    message += std::string(" (") + std::strerror(system) + ")";
  throw_io(path_ + ": " + std::string(what) + ": " + message);
}

void SqliteConnection::exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(sql.size() > 60 ? sql.substr(0, 60) + "..." : sql, rc);
}

SqliteStatement SqliteConnection::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) fail("cannot prepare \"" + sql.substr(0, 80) + "\"", rc);
  return SqliteStatement(*this, stmt);
}

}  // namespace ss
