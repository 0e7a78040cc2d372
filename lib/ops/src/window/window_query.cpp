#include "ss/window/window_query.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/io/csv_reader.hpp"
#include "ss/io/whole_file.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/time/duration.hpp"

namespace ss {

namespace {

constexpr unsigned char kJsonSubtype = 'J';  // what SQLite's JSON functions mark their results with

void fold_into(std::string& out, std::string_view name) {
  out.assign(name);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::string folded(std::string_view name) {
  std::string out;
  fold_into(out, name);
  return out;
}

/// A file path as the path of a `file:` URI: the characters URIs give a meaning to,
/// escaped.
std::string uri_path(std::string_view path) {
  std::string out;
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else out.push_back(c);
  }
  return out;
}

void bind_value(SqliteStatement& stmt, int i, const FieldValue& v) {
  switch (v.type) {
    case ValueType::missing:
    case ValueType::null: stmt.bind_null(i); break;
    case ValueType::boolean: stmt.bind_int64(i, v.boolean ? 1 : 0); break;
    case ValueType::number:
      if (v.is_integer) stmt.bind_int64(i, v.integer);
      else stmt.bind_double(i, v.number);
      break;
    case ValueType::string:
    case ValueType::object:
    case ValueType::array: stmt.bind_text(i, v.text); break;
  }
}

/// A CSV cell: a JSON number as written is a number, anything else text.
void bind_cell(SqliteStatement& stmt, int i, std::string_view cell) {
  if (is_json_number(cell)) {
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
    if (ec == std::errc() && end == cell.data() + cell.size()) {
      stmt.bind_int64(i, n);
      return;
    }
    double d = 0;
    const auto [dend, dec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
    if (dec == std::errc() && dend == cell.data() + cell.size()) {
      stmt.bind_double(i, d);
      return;
    }
  }
  stmt.bind_text(i, cell);
}

std::string placeholders(size_t n) {
  std::string out = "?";
  for (size_t i = 1; i < n; ++i) out += ",?";
  return out;
}

/// Names for a header: a repeated name (ignoring case, as SQLite does) gets `_2`, `_3`.
std::vector<std::string> distinct_names(const std::vector<std::string_view>& names) {
  std::vector<std::string> out;
  std::unordered_set<std::string> used;
  for (const auto name : names) {
    std::string candidate(name.empty() ? "column" : name);
    for (int n = 2; !used.insert(folded(candidate)).second; ++n)
      candidate = fmt::format("{}_{}", name.empty() ? "column" : name, n);
    out.push_back(std::move(candidate));
  }
  return out;
}

/// How often SQLite calls the progress handler, in virtual machine instructions: often
/// enough that a stop or a time limit ends a query within a millisecond or so, rarely
/// enough that the clock read costs nothing measurable.
constexpr int kProgressInstructions = 1000;

/// What the authorizer was asked to allow, for the message that refuses it.
std::string describe_action(int action, const char* arg1, const char* arg2) {
  const auto named = [](std::string_view what, const char* name) {
    return name != nullptr ? fmt::format("{} {}", what, name) : std::string(what);
  };
  // ANALYZE, for one, first asks to write the schema table to create its statistics.
  const bool schema =
      arg1 != nullptr && (std::strcmp(arg1, "sqlite_master") == 0 || std::strcmp(arg1, "sqlite_temp_master") == 0);
  switch (action) {
    case SQLITE_ATTACH: return "ATTACH";
    case SQLITE_DETACH: return "DETACH";
    case SQLITE_PRAGMA: return named("PRAGMA", arg1);
    case SQLITE_INSERT: return schema ? "a change of the schema" : named("INSERT into", arg1);
    case SQLITE_UPDATE: return schema ? "a change of the schema" : named("UPDATE of", arg1);
    case SQLITE_DELETE: return schema ? "a change of the schema" : named("DELETE from", arg1);
    case SQLITE_TRANSACTION: return arg1 != nullptr ? arg1 : "a transaction";
    case SQLITE_SAVEPOINT: return "SAVEPOINT";
    case SQLITE_REINDEX: return "REINDEX";
    case SQLITE_ANALYZE: return "ANALYZE";
    case SQLITE_ALTER_TABLE: return "ALTER TABLE";
    case SQLITE_FUNCTION: return fmt::format("the function {}()", arg2 != nullptr ? arg2 : "?");
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_CREATE_TEMP_TRIGGER:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_VTABLE: return "CREATE";
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_TEMP_TRIGGER:
    case SQLITE_DROP_TEMP_VIEW:
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_VTABLE: return "DROP";
    default: return fmt::format("action {}", action);
  }
}

bool equals_ignoring_case(const char* a, std::string_view b) {
  if (a == nullptr || std::strlen(a) != b.size()) return false;
  for (size_t i = 0; i < b.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}

/// Marks the statement compiled or stepped in its scope as the user's query.
class UserSqlScope {
 public:
  explicit UserSqlScope(bool& flag) : flag_(flag) { flag_ = true; }
  ~UserSqlScope() { flag_ = false; }
  UserSqlScope(const UserSqlScope&) = delete;
  UserSqlScope& operator=(const UserSqlScope&) = delete;

 private:
  bool& flag_;
};

}  // namespace

int WindowQuery::authorize(void* self, int action, const char* arg1, const char* arg2, const char*, const char*) {
  auto* q = static_cast<WindowQuery*>(self);
  if (!q->user_sql_) return SQLITE_OK;
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE: return SQLITE_OK;
    case SQLITE_READ:
      if (q->probe_ != nullptr && arg1 != nullptr && arg2 != nullptr && std::strcmp(arg1, "events") == 0 &&
          std::strcmp(arg2, q->probe_) == 0)
        q->probe_read_ = true;
      return SQLITE_OK;
    case SQLITE_UPDATE:
      // A table-valued function (json_each, pragma_table_info) sets up its table with
      // what the authorizer sees as an update of the schema table. The user's own
      // statements cannot write that table: SQLite refuses it without writable_schema,
      // which the defensive connection and the PRAGMA refusal rule out.
      if (arg1 != nullptr && (std::strcmp(arg1, "sqlite_master") == 0 || std::strcmp(arg1, "sqlite_temp_master") == 0))
        return SQLITE_OK;
      break;
    case SQLITE_FUNCTION:
      // fts3_tokenizer() hands out a heap pointer (and takes one); load_extension()
      // runs a library's code. Both are off in the connection too: refused here as
      // well, with a message, should a build of SQLite differ.
      if (!equals_ignoring_case(arg2, "fts3_tokenizer") && !equals_ignoring_case(arg2, "load_extension"))
        return SQLITE_OK;
      break;
    default: break;
  }
  if (q->refused_.empty()) q->refused_ = describe_action(action, arg1, arg2);
  return SQLITE_DENY;
}

int WindowQuery::on_progress(void* self) {
  auto* q = static_cast<WindowQuery*>(self);
  if (!q->running_) return 0;
  if (stop_requested()) {
    q->interrupted_ = QueryOutcome::stopped;
    return 1;
  }
  if (q->time_limit_ > 0 && std::chrono::steady_clock::now() >= q->deadline_) {
    q->interrupted_ = QueryOutcome::timed_out;
    return 1;
  }
  return 0;
}

void WindowQuery::harden() {
  sqlite3* db = db_.handle();
  // Defensive: no writable_schema, no writes to shadow tables or sqlite_dbpage.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  // Views and triggers of an --attach database may call only functions SQLite marks
  // innocuous: the file may come from anyone.
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_set_authorizer(db, &WindowQuery::authorize, this);
  sqlite3_progress_handler(db, kProgressInstructions, &WindowQuery::on_progress, this);
}

int WindowQuery::prepare_user_query(sqlite3_stmt** stmt, const char** tail) {
  UserSqlScope scope(user_sql_);
  refused_.clear();
  *stmt = nullptr;
  return sqlite3_prepare_v2(db_.handle(), sql_.c_str(), static_cast<int>(sql_.size()), stmt, tail);
}

WindowQuery::WindowQuery(std::string sql, std::string_view flag, const std::vector<SqlAttachment>& attachments,
                         TimeUs time_limit)
    : db_(":memory:", SQLITE_OPEN_URI), sql_(std::move(sql)), flag_(flag), time_limit_(time_limit) {
  record_ = std::make_unique<RecordFields>();
  harden();
  std::unordered_set<std::string> names;
  for (const auto& a : attachments) {
    if (!names.insert(folded(a.name)).second)
      throw_usage(fmt::format("--attach: the name \"{}\" is given twice", a.name));
    attach(a);
  }

  // Compile on an empty table. The columns of `events` are the fields of the events,
  // unknown until they come: each column the query names is added as SQLite reports
  // it missing, so any field can be used and everything else is checked now.
  for (;;) {
    shape_table({});
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = prepare_user_query(&stmt, &tail);
    if (!refused_.empty()) {
      sqlite3_finalize(stmt);
      // SQLite says "not authorized" for statements, and names a refused function.
      const std::string message = sqlite3_errmsg(db_.handle());
      throw_usage(message == "not authorized"
                      ? fmt::format("{}: not authorized: {} (a query may only read)", flag_, refused_)
                      : fmt::format("{}: {} (a query may only read)", flag_, message));
    }
    if (rc == SQLITE_OK) {
      SqliteStatement owned(db_, stmt);
      if (stmt == nullptr) throw_usage(fmt::format("{}: the query is empty", flag_));
      for (const char* p = tail; p != nullptr && *p != '\0'; ++p) {
        if (*p != ';' && !std::isspace(static_cast<unsigned char>(*p)))
          throw_usage(
              fmt::format("{}: expected one statement, found more after column {}", flag_, tail - sql_.c_str() + 1));
      }
      // REINDEX with nothing to reindex asks the authorizer nothing: a query returns columns.
      if (!sqlite3_stmt_readonly(stmt) || sqlite3_column_count(stmt) == 0)
        throw_usage(fmt::format("{}: expected a query (SELECT or WITH ... SELECT) that returns rows", flag_));
      break;
    }
    const std::string message = sqlite3_errmsg(db_.handle());
    const int offset = sqlite3_error_offset(db_.handle());
    // SQLite names a missing column in one of two ways: in an expression, and in
    // JOIN ... USING (name).
    constexpr std::string_view kNoColumn = "no such column: ";
    constexpr std::string_view kNoJoinColumn = "cannot join using column ";
    std::string name;
    if (message.starts_with(kNoColumn)) name = message.substr(kNoColumn.size());
    else if (message.starts_with(kNoJoinColumn))
      name = message.substr(kNoJoinColumn.size(), message.find(" - ") - kNoJoinColumn.size());
    if (!name.empty()) {
      const size_t dot = name.rfind('.');
      if (dot != std::string::npos) name = name.substr(dot + 1);
      const bool known = folded(name) == "ts" || std::any_of(query_columns_.begin(), query_columns_.end(),
                                                             [&](const auto& c) { return folded(c) == folded(name); });
      if (!known) {
        query_columns_.push_back(name);
        continue;
      }
    }
    throw_usage(fmt::format("{}: {}{}", flag_, message,
                            offset >= 0 ? fmt::format(" (at column {})", offset + 1) : std::string()));
  }
  reads_every_column_ = reads_column_beyond_query();
}

WindowQuery::~WindowQuery() = default;

bool WindowQuery::reads_column_beyond_query() {
  // Compile once more with one more column in the table and watch, through the
  // authorizer, whether the query reads it: only `*` (or events.*) would. A query
  // that names all its columns then gets a table of just those, whatever fields the
  // events hold, which spares loading the rest.
  constexpr const char* kProbe = "\x01ss probe column";
  shape_table({kProbe});
  probe_ = kProbe;
  probe_read_ = false;
  sqlite3_stmt* stmt = nullptr;
  const int rc = prepare_user_query(&stmt, nullptr);
  sqlite3_finalize(stmt);
  probe_ = nullptr;
  shape_table({});
  return rc != SQLITE_OK || probe_read_;
}

void WindowQuery::attach(const SqlAttachment& a) {
  if (::access(a.path.c_str(), R_OK) != 0)
    throw_usage(fmt::format("--attach: cannot read {}: {}", a.path, std::strerror(errno)));
  char magic[16] = {};
  {
    FILE* f = std::fopen(a.path.c_str(), "rb");
    if (f == nullptr) throw_usage(fmt::format("--attach: cannot read {}: {}", a.path, std::strerror(errno)));
    const size_t n = std::fread(magic, 1, sizeof magic, f);
    std::fclose(f);
    if (n < sizeof magic) magic[0] = '\0';
  }
  if (std::memcmp(magic, "SQLite format 3", 16) != 0) {
    load_table_file(a);
    return;
  }
  // Read-only: reference data is looked at, never changed by a window's query.
  SqliteStatement stmt = db_.prepare("ATTACH DATABASE ? AS " + quote_identifier(a.name));
  const std::string uri = "file:" + uri_path(a.path) + "?mode=ro";
  stmt.bind_text(1, uri);
  if (sqlite3_step(stmt.handle()) != SQLITE_DONE)
    throw_usage(fmt::format("--attach: {}: {}", a.path, sqlite3_errmsg(db_.handle())));
}

void WindowQuery::load_table_file(const SqlAttachment& a) {
  std::string data = read_whole_file(a.path);
  const std::string table = "main." + quote_identifier(a.name);
  std::vector<std::string> names;
  const auto create = [&](const std::vector<std::string>& columns) {
    std::string sql = "CREATE TABLE " + table + "(";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + quote_identifier(columns[i]);
    db_.exec(sql + ")");
    return db_.prepare("INSERT INTO " + table + " VALUES(" + placeholders(columns.size()) + ")");
  };
  db_.exec("BEGIN");
  if (!starts_with_json_object(data)) {
    CsvReader reader(data, a.path);
    if (!reader.next()) throw_data(fmt::format("--attach: {}: no header row", a.path));
    names = distinct_names(reader.fields());
    SqliteStatement insert = create(names);
    while (reader.next()) {
      const auto& cells = reader.fields();
      if (cells.size() != names.size())
        throw_data(
            fmt::format("{}:{}: expected {} fields, got {}", a.path, reader.record_line(), names.size(), cells.size()));
      for (size_t i = 0; i < cells.size(); ++i) bind_cell(insert, static_cast<int>(i) + 1, cells[i]);
      insert.step();
      insert.reset();
    }
  } else {
    // NDJSON: the columns are every top-level field of any row, in first-seen order,
    // so the file is read twice.
    const auto for_each_row = [&](auto&& row) {
      for_each_padded_line(data, [&](std::string_view line, uint64_t line_no, size_t padding) {
        if (record_->parse(line, padding) != ParseOutcome::ok)
          throw_data(fmt::format("{}:{}: expected a JSON object", a.path, line_no));
        row();
      });
    };
    std::unordered_map<std::string, int> index;
    std::vector<std::string> seen_text;
    for_each_row([&] {
      for (const auto& field : record_->fields())
        if (index.try_emplace(folded(field.name), static_cast<int>(seen_text.size())).second)
          seen_text.emplace_back(field.name);
    });
    names = seen_text;
    SqliteStatement insert = create(names);
    std::vector<FieldValue> slots(names.size());
    for_each_row([&] {
      std::fill(slots.begin(), slots.end(), FieldValue{});
      for (const auto& field : record_->fields())
        slots[static_cast<size_t>(index.at(folded(field.name)))] = field.value;
      for (size_t i = 0; i < slots.size(); ++i) bind_value(insert, static_cast<int>(i) + 1, slots[i]);
      insert.step();
      insert.reset();
    });
  }
  db_.exec("COMMIT");
}

void WindowQuery::shape_table(const std::vector<std::string>& extra) {
  const size_t want = query_columns_.size() + extra.size();
  if (table_made_ && columns_.size() == want) {
    bool same = true;
    for (size_t i = 0; i < want && same; ++i)
      same = columns_[i] == (i < query_columns_.size() ? query_columns_[i] : extra[i - query_columns_.size()]);
    if (same) {
      db_.exec("DELETE FROM main.events");
      return;
    }
  }
  columns_.clear();
  index_.clear();
  for (const std::vector<std::string>* list : {&std::as_const(query_columns_), &extra}) {
    for (const auto& name : *list) {
      index_.emplace(folded(name), static_cast<int>(columns_.size()));
      columns_.push_back(name);
    }
  }
  // Statements on the old table go first: SQLite will not drop a table a statement reads.
  insert_ = SqliteStatement();
  query_ = SqliteStatement();
  query_stale_ = true;
  db_.exec("DROP TABLE IF EXISTS main.events");
  std::string sql = "CREATE TABLE main.events(ts";
  for (const auto& c : columns_) sql += "," + quote_identifier(c);
  db_.exec(sql + ")");
  insert_ = db_.prepare("INSERT INTO main.events VALUES(" + placeholders(columns_.size() + 1) + ")");
  slots_.assign(columns_.size(), FieldValue{});
  table_made_ = true;
}

bool WindowQuery::collect_columns(std::span<const WindowEventRef> events, std::vector<std::string>& extra) {
  extra.clear();
  std::unordered_set<std::string> seen{"ts"};
  for (const auto& c : query_columns_) seen.insert(folded(c));
  for (const auto& event : events) {
    if (record_->parse(event.json) != ParseOutcome::ok) {
      error_ = "an event is not a JSON object";
      return false;
    }
    for (const auto& field : record_->fields()) {
      fold_into(folded_, field.name);
      if (seen.insert(folded_).second) extra.emplace_back(field.name);
    }
  }
  return true;
}

int WindowQuery::column_of(std::string_view name) {
  fold_into(folded_, name);
  const auto it = index_.find(folded_);
  return it == index_.end() ? -1 : it->second;
}

bool WindowQuery::load(std::span<const WindowEventRef> events) {
  if (reads_every_column_) {
    if (!collect_columns(events, extra_)) return false;
    shape_table(extra_);
  } else {
    shape_table({});  // the query's columns only: other fields are skipped below
  }
  db_.exec("BEGIN");
  for (const auto& event : events) {
    record_->parse(event.json);
    std::fill(slots_.begin(), slots_.end(), FieldValue{});
    // A member named ts (any case) gives way to the event time; of duplicate
    // members (also ones differing only in case) the last wins.
    for (const auto& field : record_->fields()) {
      const int i = column_of(field.name);
      if (i >= 0) slots_[static_cast<size_t>(i)] = field.value;
    }
    ts_text_.clear();
    append_rfc3339(ts_text_, event.ts, 6);
    insert_.bind_text(1, ts_text_);
    for (size_t i = 0; i < slots_.size(); ++i) bind_value(insert_, static_cast<int>(i) + 2, slots_[i]);
    insert_.step();
    insert_.reset();
  }
  db_.exec("COMMIT");
  return true;
}

void WindowQuery::prepare_query(std::span<const std::string> prefix_names) {
  const bool same_prefix = std::equal(prefix_names.begin(), prefix_names.end(), shaped_for_.begin(), shaped_for_.end());
  if (!query_stale_ && same_prefix && query_) {
    sqlite3_reset(query_.handle());
    return;
  }
  {
    UserSqlScope scope(user_sql_);
    query_ = db_.prepare(sql_);
  }
  shaped_for_.assign(prefix_names.begin(), prefix_names.end());
  query_stale_ = false;
  output_.clear();
  std::unordered_set<std::string_view> used(prefix_names.begin(), prefix_names.end());
  const int n = sqlite3_column_count(query_.handle());
  for (int i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(query_.handle(), i);
    if (name == nullptr || !used.insert(name).second) continue;  // the name stays valid while query_ lives
    std::string member = ",";
    append_json_string(member, name);
    member.push_back(':');
    output_.push_back(OutputColumn{i, std::move(member)});
  }
}

QueryOutcome WindowQuery::run(std::span<const WindowEventRef> events, std::string_view prefix,
                              std::span<const std::string> prefix_names, OutputBuffer& out) {
  error_.clear();
  if (!load(events)) return QueryOutcome::failed;
  prepare_query(prefix_names);
  sqlite3_stmt* stmt = query_.handle();
  rows_.clear();
  interrupted_ = QueryOutcome::done;
  if (time_limit_ > 0) deadline_ = std::chrono::steady_clock::now() + std::chrono::microseconds(time_limit_);
  UserSqlScope scope(user_sql_);  // should SQLite compile the query again as it steps
  running_ = true;
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      running_ = false;
      const QueryOutcome outcome = interrupted_ != QueryOutcome::done ? interrupted_ : QueryOutcome::failed;
      if (outcome == QueryOutcome::timed_out)
        error_ = fmt::format("stopped after running longer than --sql-timeout {}", format_duration(time_limit_));
      else if (outcome == QueryOutcome::stopped) error_ = "stopped by a signal";
      else error_ = sqlite3_errmsg(db_.handle());
      sqlite3_reset(stmt);
      return outcome;
    }
    std::string& line = rows_;
    SS_ASSERT(prefix.size() >= 2 && prefix.back() == '}');
    line.append(prefix.substr(0, prefix.size() - 1));
    bool first = prefix.size() == 2;  // `{}`: no member before the first column
    for (const auto& column : output_) {
      line.append(first ? std::string_view(column.member).substr(1) : std::string_view(column.member));
      first = false;
      const int i = column.index;
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: append_json_number(line, static_cast<int64_t>(sqlite3_column_int64(stmt, i))); break;
        case SQLITE_FLOAT: append_json_number(line, sqlite3_column_double(stmt, i)); break;
        case SQLITE_NULL: line.append("null"); break;
        case SQLITE_BLOB: {
          // JSON has no bytes: a blob is written as its hex digits.
          const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, i));
          const int size = sqlite3_column_bytes(stmt, i);
          line.push_back('"');
          for (int b = 0; b < size; ++b) line += fmt::format("{:02x}", bytes[b]);
          line.push_back('"');
          break;
        }
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          const std::string_view value(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
          // json_object(), json_group_array() and friends give JSON: keep it JSON.
          if (sqlite3_value_subtype(sqlite3_column_value(stmt, i)) == kJsonSubtype) line.append(value);
          else append_json_string(line, value);
        }
      }
    }
    line.append("}\n");
  }
  running_ = false;
  if (!rows_.empty()) {
    rows_.pop_back();  // line() adds the last newline
    out.line(rows_);
  }
  return QueryOutcome::done;
}

}  // namespace ss
