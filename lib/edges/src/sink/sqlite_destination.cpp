#include "ss/sink/sqlite_destination.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"

namespace ss {

SqliteDestination::SqliteDestination(const SinkOptions& options, std::function<void(std::string_view)> warn)
    : TableDestination(options, std::move(warn)),
      db_(options.target),
      table_(db_, options.table, options.schema, warn_),
      limits_{"SQLite", "an SQLite", table_.name(),
              static_cast<size_t>(sqlite3_limit(db_.handle(), SQLITE_LIMIT_COLUMN, -1)),
              static_cast<size_t>(sqlite3_limit(db_.handle(), SQLITE_LIMIT_LENGTH, -1))} {
  // Large pages for a new database: a batch of rows then costs a few large writes to
  // the WAL and to the checkpoint instead of many small ones (bench/HISTORY.md, ss-sink:
  // a third less CPU for appends). It must come before WAL mode is set; on an existing
  // database it changes nothing.
  db_.exec("PRAGMA page_size=65536");
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec(options_.has_state() ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  // A large page cache keeps a checkpoint's transaction in memory longer before
  // SQLite spills it to the WAL; bounded, like everything the sink holds.
  db_.exec("PRAGMA cache_size=-32768");
}

SqliteDestination::~SqliteDestination() { abandon(); }

void SqliteDestination::begin() {
  if (!db_.in_transaction()) db_.exec("BEGIN IMMEDIATE");
}

void SqliteDestination::create_bookkeeping() {
  if (bookkeeping_) return;
  db_.exec(
      "CREATE TABLE IF NOT EXISTS _ss_sink_checkpoints (pipeline TEXT, stage TEXT, checkpoint INTEGER, "
      "state_dir TEXT, PRIMARY KEY (pipeline, stage));"
      "CREATE TABLE IF NOT EXISTS _ss_sink_appended (pipeline TEXT, stage TEXT, checkpoint INTEGER, "
      "table_name TEXT, first_rowid INTEGER, last_rowid INTEGER)");
  bookkeeping_ = true;
}

std::optional<uint64_t> SqliteDestination::committed_checkpoint() {
  SqliteStatement exists = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  exists.bind_text(1, "_ss_sink_checkpoints");
  if (!exists.step()) return std::nullopt;
  SqliteStatement q = db_.prepare("SELECT checkpoint FROM _ss_sink_checkpoints WHERE pipeline = ?1 AND stage = ?2");
  q.bind_text(1, pipeline_.id);
  q.bind_text(2, pipeline_.stage);
  if (!q.step()) return std::nullopt;
  return static_cast<uint64_t>(q.column_int64(0));
}

void SqliteDestination::recover(uint64_t committed) {
  const auto c = static_cast<int64_t>(committed);
  begin();
  create_bookkeeping();
  std::optional<int64_t> held;
  {
    SqliteStatement q = db_.prepare("SELECT checkpoint FROM _ss_sink_checkpoints WHERE pipeline = ?1 AND stage = ?2");
    q.bind_text(1, pipeline_.id);
    q.bind_text(2, pipeline_.stage);
    if (q.step()) held = q.column_int64(0);
  }
  struct Range {
    std::string table;
    int64_t first;
    int64_t last;
  };
  std::vector<Range> ranges;
  {
    SqliteStatement q = db_.prepare(
        "SELECT table_name, first_rowid, last_rowid FROM _ss_sink_appended "
        "WHERE pipeline = ?1 AND stage = ?2 AND checkpoint > ?3");
    q.bind_text(1, pipeline_.id);
    q.bind_text(2, pipeline_.stage);
    q.bind_int64(3, c);
    while (q.step()) ranges.push_back(Range{std::string(q.column_text(0)), q.column_int64(1), q.column_int64(2)});
  }
  int64_t removed = 0;
  for (const Range& r : ranges) {
    SqliteStatement exists = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    exists.bind_text(1, r.table);
    if (!exists.step()) continue;
    // The real rowid, never a user column that happens to be called rowid.
    const auto alias = SqliteTable::rowid_alias(db_, r.table);
    if (!alias)
      throw_state(
          fmt::format("{}: table {} has no rowid that a statement can name (it shadows rowid, _rowid_ and oid, "
                      "or is WITHOUT ROWID): cannot take back the rows appended after checkpoint {}",
                      db_.path(), r.table, committed));
    SqliteStatement del = db_.prepare("DELETE FROM " + quote_identifier(r.table) + " WHERE " +
                                      quote_identifier(*alias) + " BETWEEN ?1 AND ?2");
    del.bind_int64(1, r.first);
    del.bind_int64(2, r.last);
    del.step();
    removed += db_.changes();
  }
  {
    SqliteStatement del =
        db_.prepare("DELETE FROM _ss_sink_appended WHERE pipeline = ?1 AND stage = ?2 AND checkpoint > ?3");
    del.bind_text(1, pipeline_.id);
    del.bind_text(2, pipeline_.stage);
    del.bind_int64(3, c);
    del.step();
    SqliteStatement set = db_.prepare(
        "UPDATE _ss_sink_checkpoints SET checkpoint = ?3 WHERE pipeline = ?1 AND stage = ?2 AND checkpoint > ?3");
    set.bind_text(1, pipeline_.id);
    set.bind_text(2, pipeline_.stage);
    set.bind_int64(3, c);
    set.step();
  }
  db_.exec("COMMIT");
  warn_recovered(warn_, db_.path(), removed, held, committed);
}

void SqliteDestination::note_appended(int64_t rowid) {
  if (!appended_.empty() && appended_.back().second + 1 == rowid) {
    appended_.back().second = rowid;
  } else {
    appended_.emplace_back(rowid, rowid);
  }
}

void SqliteDestination::flush() {
  if (batch_.rows() == 0) return;
  // Table changes go into the checkpoint's transaction: a rollback takes back a new
  // table or column together with the rows that brought it.
  begin();
  table_.materialize(id_.column());
  SqliteStatement& insert = table_.insert();
  for (size_t row = 0; row < batch_.rows(); ++row) {
    for (const RowBatch::Cell* cell = batch_.row_begin(row); cell != batch_.row_end(row); ++cell) {
      const RowBatch::Cell& c = *cell;
      const int p = table_.parameter(c.column);
      if (p == 0) continue;
      switch (c.type) {
        case ValueType::missing:
        case ValueType::null: break;
        case ValueType::boolean: insert.bind_int64(p, c.boolean ? 1 : 0); break;
        case ValueType::number:
          if (c.is_integer) insert.bind_int64(p, c.integer);
          else insert.bind_double(p, c.number);
          break;
        case ValueType::string:
        case ValueType::object:
        case ValueType::array: insert.bind_text(p, batch_.text(c)); break;
      }
    }
    const int rc = sqlite3_step(insert.handle());
    if (rc != SQLITE_DONE) {
      // A constraint, type or size error fails this row's statement only (SQLite
      // takes back the statement, not the transaction): the row is refused and the
      // batch goes on. Anything else, or a table whose conflict clause rolled the
      // transaction back, fails the checkpoint.
      const int primary = rc & 0xff;
      const std::string message = sqlite3_errmsg(db_.handle());
      insert.reset();
      if ((primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG ||
           primary == SQLITE_RANGE) &&
          db_.in_transaction()) {
        batch_.reject(row, reject_, fmt::format("table {}: {}", table_.name(), message));
        continue;
      }
      db_.fail("write failed", rc);
    }
    insert.reset();
    if (!id_.column()) note_appended(db_.last_insert_rowid());
  }
  batch_.clear();
}

void SqliteDestination::commit(uint64_t checkpoint) {
  flush();
  if (options_.has_state()) {
    const auto n = static_cast<int64_t>(checkpoint);
    begin();
    create_bookkeeping();
    if (!appended_.empty()) {
      // Recovery names these rows by their real rowid: make sure it can, before the
      // rows count as committed.
      if (!SqliteTable::rowid_alias(db_, table_.name()))
        throw_usage(
            fmt::format("table {} shadows rowid, _rowid_ and oid and has no INTEGER PRIMARY KEY (or is "
                        "WITHOUT ROWID): with --state the sink cannot take back appended rows; use --id",
                        table_.name()));
      SqliteStatement rows = db_.prepare(
          "INSERT INTO _ss_sink_appended (pipeline, stage, checkpoint, table_name, first_rowid, last_rowid) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      for (const auto& [first, last] : appended_) {
        rows.bind_text(1, pipeline_.id);
        rows.bind_text(2, pipeline_.stage);
        rows.bind_int64(3, n);
        rows.bind_text(4, table_.name());
        rows.bind_int64(5, first);
        rows.bind_int64(6, last);
        rows.step();
        rows.reset();
      }
    }
    // Runs of earlier checkpoints are final once COMMITTED moved past them.
    SqliteStatement prune =
        db_.prepare("DELETE FROM _ss_sink_appended WHERE pipeline = ?1 AND stage = ?2 AND checkpoint < ?3");
    prune.bind_text(1, pipeline_.id);
    prune.bind_text(2, pipeline_.stage);
    prune.bind_int64(3, n);
    prune.step();
    SqliteStatement mark = db_.prepare(
        "INSERT INTO _ss_sink_checkpoints (pipeline, stage, checkpoint, state_dir) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (pipeline, stage) DO UPDATE SET checkpoint = excluded.checkpoint, state_dir = excluded.state_dir");
    mark.bind_text(1, pipeline_.id);
    mark.bind_text(2, pipeline_.stage);
    mark.bind_int64(3, n);
    mark.bind_text(4, pipeline_.state_dir);
    mark.step();
  }
  if (db_.in_transaction()) db_.exec("COMMIT");
  appended_.clear();
  uncommitted_ = false;
}

void SqliteDestination::abandon() noexcept {
  batch_.clear();
  if (db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  table_.invalidate();
  batch_.forget_layout();
  appended_.clear();
  uncommitted_ = false;
}

}  // namespace ss
