#include "ss/sink/sqlite_destination.hpp"

#include <fmt/format.h>

#include "ss/cli/error.hpp"

namespace ss {

namespace {

/// A batch is written once its text reaches this size, whatever --batch-size says.
constexpr size_t kBatchTextBytes = 64u << 20;

}  // namespace

SqliteDestination::SqliteDestination(const SinkOptions& options, std::function<void(std::string_view)> warn)
    : options_(options),
      warn_(std::move(warn)),
      db_(options.target),
      table_(db_, options.table, options.schema, warn_),
      stage_(options.stage()) {
  // Large pages for a new database: a batch of rows then costs a few large writes to
  // the WAL and to the checkpoint instead of many small ones (bench/README.md, ss-sink:
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
      "CREATE TABLE IF NOT EXISTS _ss_sink (stage TEXT PRIMARY KEY, checkpoint INTEGER);"
      "CREATE TABLE IF NOT EXISTS _ss_sink_rows (stage TEXT, checkpoint INTEGER, table_name TEXT, "
      "first_rowid INTEGER, last_rowid INTEGER)");
  bookkeeping_ = true;
}

void SqliteDestination::recover(uint64_t committed) {
  const auto c = static_cast<int64_t>(committed);
  begin();
  create_bookkeeping();
  std::optional<int64_t> held;
  {
    SqliteStatement q = db_.prepare("SELECT checkpoint FROM _ss_sink WHERE stage = ?1");
    q.bind_text(1, stage_);
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
        "SELECT table_name, first_rowid, last_rowid FROM _ss_sink_rows WHERE stage = ?1 AND checkpoint > ?2");
    q.bind_text(1, stage_);
    q.bind_int64(2, c);
    while (q.step()) ranges.push_back(Range{std::string(q.column_text(0)), q.column_int64(1), q.column_int64(2)});
  }
  int64_t removed = 0;
  for (const Range& r : ranges) {
    SqliteStatement exists = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    exists.bind_text(1, r.table);
    if (!exists.step()) continue;
    SqliteStatement del = db_.prepare("DELETE FROM " + quote_identifier(r.table) + " WHERE rowid BETWEEN ?1 AND ?2");
    del.bind_int64(1, r.first);
    del.bind_int64(2, r.last);
    del.step();
    removed += db_.changes();
  }
  {
    SqliteStatement del = db_.prepare("DELETE FROM _ss_sink_rows WHERE stage = ?1 AND checkpoint > ?2");
    del.bind_text(1, stage_);
    del.bind_int64(2, c);
    del.step();
    SqliteStatement set = db_.prepare("UPDATE _ss_sink SET checkpoint = ?2 WHERE stage = ?1 AND checkpoint > ?2");
    set.bind_text(1, stage_);
    set.bind_int64(2, c);
    set.step();
  }
  db_.exec("COMMIT");
  if (removed > 0)
    warn_(fmt::format("{}: removed {} row{} appended after checkpoint {}, the last committed one", db_.path(), removed,
                      removed == 1 ? "" : "s", committed));
  if (held && *held > c && removed == 0)
    warn_(fmt::format("{}: holds checkpoint {} but COMMITTED says {}: rows upserted after {} stay until the replay "
                      "writes them again",
                      db_.path(), *held, committed, committed));
  if (held && *held < c)
    warn_(fmt::format("{}: holds checkpoint {}, older than {} in COMMITTED: the output of the checkpoints between is "
                      "not in this database",
                      db_.path(), *held, committed));
}

void SqliteDestination::choose_id(RecordFields& record) {
  id_chosen_ = true;
  if (options_.no_id) return;
  if (options_.id) {
    id_path_ = *options_.id;
  } else {
    FieldPath session_id("session_id");
    if (!record.get(session_id).present()) return;
    id_path_ = session_id;
  }
  id_ = id_path_->text();
}

WriteResult SqliteDestination::write(RecordFields& record) {
  const auto& fields = record.fields();
  if (fields.empty()) {
    bad_reason_ = "an empty object has no column to write";
    return WriteResult::bad;
  }
  if (!id_chosen_) choose_id(record);
  if (id_path_ && !record.get(*id_path_).present()) {
    bad_reason_ = fmt::format("no id field \"{}\" (or it is null)", id_path_->text());
    return WriteResult::bad;
  }
  if (last_names_.size() < fields.size()) {
    last_names_.resize(fields.size());
    last_columns_.resize(fields.size(), SIZE_MAX);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const RecordField& field = fields[i];
    size_t column = last_columns_[i];
    if (column == SIZE_MAX || last_names_[i] != field.name) {
      column = table_.column(field.name);
      last_names_[i].assign(field.name);
      last_columns_[i] = column;
    }
    table_.observe(column, field.value);
    const FieldValue& v = field.value;
    Cell cell{static_cast<uint32_t>(column), v.type, v.is_integer, v.integer, v.number, 0, 0};
    if (v.type == ValueType::boolean) cell.integer = v.boolean ? 1 : 0;
    if (v.type == ValueType::string || v.type == ValueType::object || v.type == ValueType::array) {
      cell.text_begin = arena_.size();
      cell.text_size = v.text.size();
      arena_.append(v.text);
    }
    cells_.push_back(cell);
  }
  row_ends_.push_back(cells_.size());
  uncommitted_ = true;
  if (arena_.size() >= kBatchTextBytes) flush();
  return WriteResult::accepted;
}

void SqliteDestination::flush() {
  if (row_ends_.empty()) return;
  // Table changes go into the checkpoint's transaction: a rollback takes back a new
  // table or column together with the rows that brought it.
  begin();
  table_.materialize(id_);
  SqliteStatement& insert = table_.insert();
  size_t start = 0;
  for (const size_t end : row_ends_) {
    for (size_t i = start; i < end; ++i) {
      const Cell& c = cells_[i];
      const int p = table_.parameter(c.column);
      if (p == 0) continue;
      switch (c.type) {
        case ValueType::missing:
        case ValueType::null: break;
        case ValueType::boolean: insert.bind_int64(p, c.integer != 0 ? 1 : 0); break;
        case ValueType::number:
          if (c.is_integer) insert.bind_int64(p, c.integer);
          else insert.bind_double(p, c.number);
          break;
        case ValueType::string:
        case ValueType::object:
        case ValueType::array: insert.bind_text(p, std::string_view(arena_).substr(c.text_begin, c.text_size)); break;
      }
    }
    insert.step();
    insert.reset();
    if (!id_) {
      last_rowid_ = db_.last_insert_rowid();
      if (!first_rowid_) first_rowid_ = last_rowid_;
    }
    start = end;
  }
  cells_.clear();
  row_ends_.clear();
  arena_.clear();
}

void SqliteDestination::commit(uint64_t checkpoint) {
  flush();
  if (options_.has_state()) {
    const auto n = static_cast<int64_t>(checkpoint);
    begin();
    create_bookkeeping();
    if (first_rowid_) {
      SqliteStatement rows = db_.prepare(
          "INSERT INTO _ss_sink_rows (stage, checkpoint, table_name, first_rowid, last_rowid) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      rows.bind_text(1, stage_);
      rows.bind_int64(2, n);
      rows.bind_text(3, table_.name());
      rows.bind_int64(4, *first_rowid_);
      rows.bind_int64(5, last_rowid_);
      rows.step();
    }
    // Ranges of earlier checkpoints are final once COMMITTED moved past them.
    SqliteStatement prune = db_.prepare("DELETE FROM _ss_sink_rows WHERE stage = ?1 AND checkpoint < ?2");
    prune.bind_text(1, stage_);
    prune.bind_int64(2, n);
    prune.step();
    SqliteStatement mark = db_.prepare(
        "INSERT INTO _ss_sink (stage, checkpoint) VALUES (?1, ?2) "
        "ON CONFLICT (stage) DO UPDATE SET checkpoint = excluded.checkpoint");
    mark.bind_text(1, stage_);
    mark.bind_int64(2, n);
    mark.step();
  }
  if (db_.in_transaction()) db_.exec("COMMIT");
  first_rowid_.reset();
  uncommitted_ = false;
}

void SqliteDestination::abandon() noexcept {
  cells_.clear();
  row_ends_.clear();
  arena_.clear();
  if (db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  table_.invalidate();
  last_names_.clear();
  last_columns_.clear();
  first_rowid_.reset();
  uncommitted_ = false;
}

}  // namespace ss
