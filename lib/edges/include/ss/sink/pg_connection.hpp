// One libpq connection of the PostgreSQL destination: statements, queries with text
// parameters, and COPY FROM STDIN; every failure becomes a PgFailure that keeps the
// server's SQLSTATE, so the destination can tell a row the server refuses from a lost
// connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/base/error.hpp"

struct pg_conn;
struct pg_result;

namespace ss {

/// A statement that failed: the server's SQLSTATE (empty when the connection failed
/// before the server answered) and whether the connection is lost.
class PgFailure : public Error {
 public:
  PgFailure(const std::string& message, std::string sqlstate, std::string detail, bool lost)
      : Error(ErrorKind::io, message), sqlstate_(std::move(sqlstate)), detail_(std::move(detail)), lost_(lost) {}
  const std::string& sqlstate() const { return sqlstate_; }
  /// The server's primary message, without the connection's name.
  const std::string& detail() const { return detail_; }
  bool lost() const { return lost_; }
  /// A data exception (class 22: bad value, too long, out of range) or an integrity
  /// constraint violation (class 23): the row is at fault, not the connection.
  bool row_refused() const { return sqlstate_.rfind("22", 0) == 0 || sqlstate_.rfind("23", 0) == 0; }

 private:
  std::string sqlstate_;
  std::string detail_;
  bool lost_;
};

class PgConnection {
 public:
  /// Connects with `conninfo` (a URI or key=value string, as libpq takes it; the
  /// password from PGPASSWORD or ~/.pgpass). `name` names the database in messages.
  /// Throws ss::Error(io) with the server's reason when it cannot connect.
  PgConnection(std::string conninfo, std::string name);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Throws ss::Error(usage) when `conninfo` is not a connection string libpq can
  /// read, or holds a password (which would show in the process list and the shell's
  /// history).
  static void check_conninfo(const std::string& conninfo);

  /// Runs `sql` (one or more statements without parameters). Throws PgFailure.
  void exec(const std::string& sql);
  /// Runs one statement with text parameters ($1...; nullopt is NULL) and returns its
  /// rows, each column as text (nullopt for NULL). Throws PgFailure.
  std::vector<std::vector<std::optional<std::string>>> query(
      const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
  /// Runs `copy` (a COPY ... FROM STDIN) and sends `data` in its text format. Throws
  /// PgFailure; the connection is ready for the next statement after a failure.
  void copy(const std::string& copy, std::string_view data) {
    copy_send(copy, data);
    copy_finish();
  }
  /// The first half of copy(): starts the COPY and sends `data` without waiting for
  /// the server to take it, so the caller can prepare the next batch meanwhile.
  /// Nothing but copy_finish() may follow. Throws PgFailure.
  void copy_send(const std::string& copy, std::string_view data);
  /// The second half: waits for the server's answer. Throws PgFailure.
  void copy_finish();

  /// Connects again after the connection was lost; false when the server cannot be
  /// reached (the reason is in last_error()).
  bool reset();
  bool lost() const;
  const std::string& last_error() const { return last_error_; }
  const std::string& name() const { return name_; }

 private:
  [[noreturn]] void fail(std::string_view what, const pg_result* result);
  bool open();

  const std::string conninfo_;
  const std::string name_;
  pg_conn* conn_ = nullptr;
  std::string last_error_;
};

}  // namespace ss
