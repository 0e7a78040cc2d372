// ss-window --sql: one SQL query run on the events of each window as it closes, the
// micro-batch pattern of Spark SQL on streams, through SQLite embedded in process.
//
// The events of a window are loaded into the in-memory table `events`: `ts` (the event
// time as RFC 3339 UTC text with six fraction digits, so it sorts as text and works
// with SQLite's date functions), then the columns the query names, then, only when the
// query reads columns it does not name (SELECT *), every other top-level field in the
// order the window's events first hold them. Values
// keep their JSON type: integers INTEGER, other numbers REAL, strings TEXT, true/false
// 1/0, objects and arrays their JSON text (for json_extract and friends), null NULL.
// Each result row becomes one JSON record.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ss/io/output_buffer.hpp"
#include "ss/json/field_value.hpp"
#include "ss/sql/sql_attachment.hpp"
#include "ss/sql/sqlite_connection.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class RecordFields;

/// One event of a window, as the operator holds it.
struct WindowEventRef {
  TimeUs ts;
  std::string_view json;  ///< the raw line, a valid JSON object
};

/// How one run of the query ended.
enum class QueryOutcome {
  done,       ///< every row written
  failed,     ///< SQLite failed while running it (error() says why): no rows written
  timed_out,  ///< it ran past the time limit (error() says so): no rows written
  stopped,    ///< SIGINT or SIGTERM arrived (stop_requested()): no rows written
};

class WindowQuery {
 public:
  /// Attaches `attachments`, then compiles `sql` against an empty `events` table,
  /// so every error shows before any input is read. Throws ss::Error(usage) with
  /// `flag` and SQLite's message (and the column of the error) for SQL that does not
  /// compile, is empty, holds more than one statement, or does anything but read
  /// (SQLite's authorizer refuses ATTACH, DETACH, PRAGMA, writes, schema changes,
  /// transactions, REINDEX, ANALYZE, fts3_tokenizer() and load_extension()); for an
  /// attachment that cannot be read, ss::Error(usage) naming the file. Each run of the
  /// query may take at most `time_limit` of wall-clock time (0: no limit).
  WindowQuery(std::string sql, std::string_view flag, const std::vector<SqlAttachment>& attachments,
              TimeUs time_limit = 0);
  ~WindowQuery();

  /// The columns of `events` the query reads, found when it was compiled (besides ts).
  const std::vector<std::string>& query_columns() const noexcept { return query_columns_; }

  /// Loads `events` (in the order given) into `events` and runs the query. Each result
  /// row is written as one line: the members of `prefix` (a JSON object: the window
  /// and key, whose member names are `prefix_names`), then each result column under
  /// its name; a column whose name is already in the row is left out. The rows are
  /// written only once the query has finished, so a run that does not end `done`
  /// (SQLite failed, e.g. json_extract on text that is not JSON; the time limit passed;
  /// a stop signal came) writes none.
  QueryOutcome run(std::span<const WindowEventRef> events, std::string_view prefix,
                   std::span<const std::string> prefix_names, OutputBuffer& out);

  const std::string& error() const noexcept { return error_; }

 private:
  void attach(const SqlAttachment& attachment);
  void load_table_file(const SqlAttachment& attachment);
  /// Makes `events` hold exactly ts, the query's columns and `extra`, in that order,
  /// (re)creating the table and statements when that differs from what it holds.
  void shape_table(const std::vector<std::string>& extra);
  /// Collects the window's field names beyond the query's, in first-seen order.
  bool collect_columns(std::span<const WindowEventRef> events, std::vector<std::string>& extra);
  bool load(std::span<const WindowEventRef> events);
  /// Whether the query reads columns it does not name (SELECT *), so `events` must
  /// hold every field of the window.
  bool reads_column_beyond_query();
  /// Prepares the query on the table as it is now, and the member names of its
  /// result columns for rows with `prefix_names`.
  void prepare_query(std::span<const std::string> prefix_names);
  int column_of(std::string_view name);
  /// Compiles sql_ under the read-only authorizer; on failure `stmt` is null and the
  /// return is SQLite's code.
  int prepare_user_query(sqlite3_stmt** stmt, const char** tail);
  /// Turns off what a query could use to reach outside its in-memory database.
  void harden();
  /// sqlite3_set_authorizer callback: everything for the tool's own statements; for
  /// the user's query only reads, recursive CTEs and functions other than
  /// fts3_tokenizer and load_extension.
  static int authorize(void* self, int action, const char* arg1, const char* arg2, const char* database,
                       const char* trigger);
  /// sqlite3_progress_handler callback: non-zero interrupts the running query.
  static int on_progress(void* self);

  SqliteConnection db_;
  const std::string sql_;
  const std::string flag_;
  std::vector<std::string> query_columns_;
  std::vector<std::string> columns_;            ///< the table's columns after ts
  std::unordered_map<std::string, int> index_;  ///< ASCII-lowered name -> position in columns_ (SQLite ignores case)
  bool table_made_ = false;
  bool reads_every_column_ = true;
  SqliteStatement insert_;
  SqliteStatement query_;
  std::unique_ptr<RecordFields> record_;  ///< each event's members, as columns
  std::vector<FieldValue> slots_;         ///< per column, reused per event
  std::string folded_;                    ///< scratch
  std::string ts_text_;
  std::vector<std::string> extra_;
  std::vector<std::string> shaped_for_;  ///< the prefix names query_ was prepared for
  bool query_stale_ = true;              ///< the table changed since query_ was prepared
  struct OutputColumn {
    int index;           ///< result column
    std::string member;  ///< `,"name":`
  };
  std::vector<OutputColumn> output_;
  std::string rows_;  ///< one run's rows, written out when the run is done
  std::string error_;

  // The guards around the user's query: the authorizer and progress handler apply only
  // while these say so, so the tool's own statements (loading events, --attach) pass.
  bool user_sql_ = false;        ///< the statement being compiled is the user's
  std::string refused_;          ///< what the authorizer refused, for the message
  const char* probe_ = nullptr;  ///< reads_column_beyond_query(): the column watched
  bool probe_read_ = false;
  const TimeUs time_limit_;
  bool running_ = false;  ///< the query is being stepped
  std::chrono::steady_clock::time_point deadline_;
  QueryOutcome interrupted_ = QueryOutcome::done;  ///< why on_progress interrupted it
};

}  // namespace ss
