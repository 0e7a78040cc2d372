#include "ss/sink/pg_connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <memory>

namespace ss {

namespace {

/// libpq's messages end in a newline and may span lines; messages here are one line.
std::string one_line(const char* message) {
  std::string s = message == nullptr ? "" : message;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      s[i] = ';';
      size_t j = i + 1;
      while (j < s.size() && (s[j] == '\t' || s[j] == ' ')) ++j;
      s.replace(i + 1, j - i - 1, " ");
    }
  }
  return s;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct OptionsDeleter {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

}  // namespace

void PgConnection::check_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, OptionsDeleter> options(PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    const std::string reason = error != nullptr ? one_line(error) : std::string("out of memory");
    PQfreemem(error);
    throw_usage("--to: not a PostgreSQL connection string: " + reason);
  }
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o)
    if (std::string_view(o->keyword) == "password" && o->val != nullptr && o->val[0] != '\0')
      throw_usage(
          "--to: the connection string holds a password, which the process list and shell history would show; "
          "give it in PGPASSWORD or ~/.pgpass");
}

PgConnection::PgConnection(std::string conninfo, std::string name)
    : conninfo_(std::move(conninfo)), name_(std::move(name)) {
  if (!open()) throw_io(fmt::format("{}: cannot connect: {}", name_, last_error_));
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool PgConnection::open() {
  if (conn_ != nullptr) PQfinish(conn_);
  // The connection string as dbname expands into its settings; the application name
  // lets an administrator see the sink in pg_stat_activity.
  const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {conninfo_.c_str(), "ss-sink", nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ == nullptr) {
    last_error_ = "out of memory";
    return false;
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    last_error_ = one_line(PQerrorMessage(conn_));
    return false;
  }
  // Messages the server sends with a statement (NOTICE) are not the sink's output.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  Result r(PQexec(conn_, "SET client_encoding = 'UTF8'"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    last_error_ = one_line(PQerrorMessage(conn_));
    return false;
  }
  return true;
}

bool PgConnection::reset() { return open(); }

bool PgConnection::lost() const { return conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD; }

void PgConnection::fail(std::string_view what, const PGresult* result) {
  std::string sqlstate;
  std::string detail;
  if (result != nullptr) {
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = s;
    if (const char* m = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) detail = one_line(m);
  }
  if (detail.empty()) detail = one_line(PQerrorMessage(conn_));
  const bool gone = lost();
  throw PgFailure(fmt::format("{}: {}: {}", name_, what, detail), sqlstate, detail, gone);
}

void PgConnection::exec(const std::string& sql) {
  Result r(PQexec(conn_, sql.c_str()));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("statement failed", r.get());
}

std::vector<std::vector<std::optional<std::string>>> PgConnection::query(
    const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  Result r(
      PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("statement failed", r.get());
  std::vector<std::vector<std::optional<std::string>>> rows(static_cast<size_t>(PQntuples(r.get())));
  const int columns = PQnfields(r.get());
  for (size_t row = 0; row < rows.size(); ++row) {
    for (int c = 0; c < columns; ++c) {
      const int i = static_cast<int>(row);
      if (PQgetisnull(r.get(), i, c)) rows[row].emplace_back(std::nullopt);
      else
        rows[row].emplace_back(std::string(PQgetvalue(r.get(), i, c), static_cast<size_t>(PQgetlength(r.get(), i, c))));
    }
  }
  return rows;
}

void PgConnection::copy_send(const std::string& copy, std::string_view data) {
  {
    Result r(PQexec(conn_, copy.c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) fail("COPY failed", r.get());
  }
  // Pieces of at most 1 MiB: libpq copies each into its output buffer.
  constexpr size_t kPiece = 1u << 20;
  bool sent = true;
  for (size_t at = 0; at < data.size() && sent; at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
  }
  // After a failed send the server's answer says why; ending the copy reads it.
  PQputCopyEnd(conn_, sent ? nullptr : "ss-sink could not send the rows");
}

void PgConnection::copy_finish() {
  Result last;
  while (PGresult* r = PQgetResult(conn_)) {
    if (!last || PQresultStatus(r) != PGRES_COMMAND_OK) last.reset(r);
    else PQclear(r);
  }
  if (!last || PQresultStatus(last.get()) != PGRES_COMMAND_OK) fail("COPY failed", last.get());
}

}  // namespace ss
