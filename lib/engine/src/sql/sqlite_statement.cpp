#include "ss/sql/sqlite_statement.hpp"

#include "ss/sql/sqlite_connection.hpp"

namespace ss {

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement keeps its error until reset; reset it so it can be used again.
  sqlite3_reset(stmt_);
  db_->fail("write failed", rc);
}

std::string_view SqliteStatement::column_text(int i) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (text == nullptr) return {};
  return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

}  // namespace ss
