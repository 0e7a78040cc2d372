#include "ss/sink/sqlite_destination.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"

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
      pipeline_{"", options.stage(), ""},
      column_limit_(sqlite3_limit(db_.handle(), SQLITE_LIMIT_COLUMN, -1)),
      length_limit_(sqlite3_limit(db_.handle(), SQLITE_LIMIT_LENGTH, -1)) {
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
  if (removed > 0)
    warn_(fmt::format("{}: removed {} row{} appended after checkpoint {}, the last committed one", db_.path(), removed,
                      removed == 1 ? "" : "s", committed));
  if (held && *held > c && removed == 0)
    warn_(
        fmt::format("{}: holds checkpoint {} but COMMITTED says {}: rows upserted after {} stay until the replay "
                    "writes them again",
                    db_.path(), *held, committed, committed));
  if (held && *held < c)
    warn_(
        fmt::format("{}: holds checkpoint {}, older than {} in COMMITTED: the output of the checkpoints between is "
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

WriteResult SqliteDestination::refuse(size_t cells, size_t arena, size_t columns, std::string reason) {
  cells_.resize(cells);
  arena_.resize(arena);
  table_.forget_columns_from(columns);
  // Positions cached for forgotten columns are void.
  std::fill(last_columns_.begin(), last_columns_.end(), SIZE_MAX);
  bad_reason_ = std::move(reason);
  return WriteResult::bad;
}

void SqliteDestination::remember_origin() {
  if (origin_ == nullptr) return;
  if (sources_.empty() || sources_.back() != origin_->source) sources_.emplace_back(origin_->source);
  origins_.push_back(
      Origin{static_cast<uint32_t>(sources_.size() - 1), origin_->number, origin_text_.size(), origin_->text.size()});
  origin_text_.append(origin_->text);
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
  const size_t cells_before = cells_.size();
  const size_t arena_before = arena_.size();
  const size_t columns_before = table_.column_count();
  for (size_t i = 0; i < fields.size(); ++i) {
    const RecordField& field = fields[i];
    size_t column = last_columns_[i];
    if (column == SIZE_MAX || last_names_[i] != field.name) {
      // A name not seen at this position: check what SQLite would refuse before it
      // becomes a column.
      if (field.name.find('\0') != std::string_view::npos)
        return refuse(cells_before, arena_before, columns_before,
                      "field name holds a NUL character, which an SQLite column name cannot");
      if (options_.schema.empty() && !table_.knows(field.name) &&
          table_.column_count() >= static_cast<size_t>(column_limit_))
        return refuse(cells_before, arena_before, columns_before,
                      fmt::format("field \"{}\" would be column {} of table {}; SQLite allows at most {}", field.name,
                                  table_.column_count() + 1, table_.name(), column_limit_));
      column = table_.column(field.name);
      last_names_[i].assign(field.name);
      last_columns_[i] = column;
    }
    const FieldValue& v = field.value;
    if (v.text.size() > static_cast<size_t>(length_limit_) &&
        (v.type == ValueType::string || v.type == ValueType::object || v.type == ValueType::array))
      return refuse(cells_before, arena_before, columns_before,
                    fmt::format("field \"{}\" holds {} bytes, more than SQLite's limit of {}", field.name,
                                v.text.size(), length_limit_));
    table_.observe(column, field.value);
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
  remember_origin();
  uncommitted_ = true;
  if (arena_.size() + origin_text_.size() >= kBatchTextBytes) flush();
  return WriteResult::accepted;
}

void SqliteDestination::reject_row(size_t row, std::string_view reason) {
  if (!reject_) return;
  if (row < origins_.size()) {
    const Origin& o = origins_[row];
    reject_(sources_[o.source], o.line, reason, std::string_view(origin_text_).substr(o.text_begin, o.text_size));
  } else {
    reject_("", 0, reason, "");
  }
}

void SqliteDestination::note_appended(int64_t rowid) {
  if (!appended_.empty() && appended_.back().second + 1 == rowid) {
    appended_.back().second = rowid;
  } else {
    appended_.emplace_back(rowid, rowid);
  }
}

void SqliteDestination::flush() {
  if (row_ends_.empty()) return;
  // Table changes go into the checkpoint's transaction: a rollback takes back a new
  // table or column together with the rows that brought it.
  begin();
  table_.materialize(id_);
  SqliteStatement& insert = table_.insert();
  size_t start = 0;
  for (size_t row = 0; row < row_ends_.size(); ++row) {
    const size_t end = row_ends_[row];
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
    start = end;
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
        reject_row(row, fmt::format("table {}: {}", table_.name(), message));
        continue;
      }
      db_.fail("write failed", rc);
    }
    insert.reset();
    if (!id_) note_appended(db_.last_insert_rowid());
  }
  cells_.clear();
  row_ends_.clear();
  arena_.clear();
  origins_.clear();
  origin_text_.clear();
  sources_.clear();
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
  cells_.clear();
  row_ends_.clear();
  arena_.clear();
  if (db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  table_.invalidate();
  last_names_.clear();
  last_columns_.clear();
  origins_.clear();
  origin_text_.clear();
  sources_.clear();
  appended_.clear();
  uncommitted_ = false;
}

}  // namespace ss
