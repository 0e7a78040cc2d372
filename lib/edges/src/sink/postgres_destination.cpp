#include "ss/sink/postgres_destination.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "ss/base/error.hpp"
#include "ss/sink/copy_text.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

namespace {

/// PostgreSQL's limits: NAMEDATALEN - 1 bytes of a name (a longer one would be cut,
/// and two fields could meet in one column), columns of a table, bytes of a value.
constexpr size_t kNameBytes = 63;
constexpr size_t kColumns = 1600;
constexpr size_t kValueBytes = (1u << 30) - 1;

/// Where the transaction ids of the batch savepoints are read from: a row inserted in
/// the savepoint carries its id.
constexpr const char* kXidTable = "pg_temp._ss_sink_xid";

}  // namespace

PostgresDestination::PostgresDestination(const SinkOptions& options, std::function<void(std::string_view)> warn)
    : TableDestination(options, std::move(warn)),
      db_(options.target, options.target),
      table_(db_, options.table, options.schema, warn_),
      limits_{"PostgreSQL", "a PostgreSQL", table_.name(), kColumns, kValueBytes, kNameBytes, true, true} {}

PostgresDestination::~PostgresDestination() {
  abandon();
  if (spill_ != nullptr) std::fclose(spill_);
}

void PostgresDestination::begin() {
  if (in_transaction_) return;
  db_.exec("BEGIN");
  in_transaction_ = true;
  if (options_.has_state())
    db_.exec(std::string("CREATE TEMP TABLE IF NOT EXISTS _ss_sink_xid (x integer) ON COMMIT DELETE ROWS"));
}

void PostgresDestination::create_bookkeeping() {
  if (bookkeeping_) return;
  db_.exec(
      "CREATE TABLE IF NOT EXISTS _ss_sink_checkpoints (pipeline text, stage text, checkpoint bigint, "
      "state_dir text, PRIMARY KEY (pipeline, stage));"
      "CREATE TABLE IF NOT EXISTS _ss_sink_appended (pipeline text, stage text, checkpoint bigint, "
      "table_name text, xid text)");
  bookkeeping_ = true;
}

std::optional<uint64_t> PostgresDestination::committed_checkpoint() {
  const auto exists = db_.query("SELECT to_regclass('_ss_sink_checkpoints') IS NOT NULL");
  if (exists.empty() || exists[0][0] != "t") return std::nullopt;
  const auto rows = db_.query("SELECT checkpoint FROM _ss_sink_checkpoints WHERE pipeline = $1 AND stage = $2",
                              {pipeline_.id, pipeline_.stage});
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  return std::stoull(*rows[0][0]);
}

void PostgresDestination::recover(uint64_t committed) {
  const std::string c = std::to_string(committed);
  begin();
  create_bookkeeping();
  std::optional<int64_t> held;
  const auto checkpoint = db_.query("SELECT checkpoint FROM _ss_sink_checkpoints WHERE pipeline = $1 AND stage = $2",
                                    {pipeline_.id, pipeline_.stage});
  if (!checkpoint.empty() && checkpoint[0][0]) held = std::stoll(*checkpoint[0][0]);
  const auto tables = db_.query(
      "SELECT table_name, '{' || string_agg(xid, ',') || '}' FROM _ss_sink_appended "
      "WHERE pipeline = $1 AND stage = $2 AND checkpoint > $3 GROUP BY table_name",
      {pipeline_.id, pipeline_.stage, c});
  int64_t removed = 0;
  for (const auto& row : tables) {
    const std::string table = quote_identifier(row[0].value_or(""));
    const auto exists = db_.query("SELECT to_regclass($1) IS NOT NULL", {table});
    if (exists.empty() || exists[0][0] != "t") continue;
    const auto deleted = db_.query(
        "WITH d AS (DELETE FROM " + table + " WHERE xmin = ANY($1::xid[]) RETURNING 1) SELECT count(*) FROM d",
        {row[1]});
    removed += std::stoll(deleted[0][0].value_or("0"));
  }
  db_.query("DELETE FROM _ss_sink_appended WHERE pipeline = $1 AND stage = $2 AND checkpoint > $3",
            {pipeline_.id, pipeline_.stage, c});
  db_.query("UPDATE _ss_sink_checkpoints SET checkpoint = $3 WHERE pipeline = $1 AND stage = $2 AND checkpoint > $3",
            {pipeline_.id, pipeline_.stage, c});
  db_.exec("COMMIT");
  in_transaction_ = false;
  warn_recovered(warn_, db_.name(), removed, held, committed);
}

void PostgresDestination::encode(const RowBatch& batch, const std::vector<bool>& keep, std::string& out) {
  out.clear();
  const auto columns = static_cast<size_t>(table_.parameters());
  for (size_t row = 0; row < batch.rows(); ++row) {
    if (!keep[row]) continue;
    slots_.assign(columns, nullptr);
    // A field given twice: the last one wins, as in the record's JSON.
    for (const RowBatch::Cell* cell = batch.row_begin(row); cell != batch.row_end(row); ++cell)
      if (const int p = table_.parameter(cell->column); p > 0) slots_[static_cast<size_t>(p - 1)] = cell;
    for (size_t i = 0; i < columns; ++i) {
      if (i > 0) out.push_back('\t');
      const RowBatch::Cell* c = slots_[i];
      if (c == nullptr) {
        out.append(kCopyNull);
        continue;
      }
      switch (c->type) {
        case ValueType::missing:
        case ValueType::null: out.append(kCopyNull); break;
        case ValueType::boolean: out.append(c->boolean ? "true" : "false"); break;
        case ValueType::number: out.append(batch.text(*c)); break;
        case ValueType::string:
        case ValueType::object:
        case ValueType::array: append_copy_text(out, batch.text(*c)); break;
      }
    }
    out.push_back('\n');
  }
}

void PostgresDestination::end_savepoint() {
  if (options_.has_state() && !id_.column())
    xids_.push_back(
        db_.query(std::string("INSERT INTO ") + kXidTable + " VALUES (0) RETURNING xmin")[0][0].value_or(""));
  db_.exec("RELEASE SAVEPOINT ss_batch");
}

void PostgresDestination::write_savepoint(const std::string& names, std::string_view rows) {
  db_.exec("SAVEPOINT ss_batch");
  table_.write(names, rows);
  end_savepoint();
}

void PostgresDestination::send_batch() {
  begin();
  // Table changes go into the checkpoint's transaction: a rollback takes back a new
  // table or column together with the rows that brought it.
  table_.materialize(id_.column());
  std::vector<bool> keep(batch_.rows(), true);
  if (id_.column()) {
    // One statement may not upsert a row twice: of records with the same id, the last
    // one is the row, as one upsert after another would leave it.
    const size_t id_column = table_.columns().find(*id_.column());
    std::unordered_set<std::string_view> seen;
    for (size_t row = batch_.rows(); row-- > 0;) {
      std::string_view id;
      for (const RowBatch::Cell* cell = batch_.row_begin(row); cell != batch_.row_end(row); ++cell)
        if (cell->column == id_column)
          id = cell->type == ValueType::boolean ? (cell->boolean ? "t" : "f") : batch_.text(*cell);
      if (!seen.insert(id).second) keep[row] = false;
    }
  }
  encode(batch_, keep, rows_);
  const std::string names = table_.names();
  db_.exec("SAVEPOINT ss_batch");
  table_.send(names, rows_);
  // The server takes the batch while the sink reads the next one.
  std::swap(batch_, pending_);
  batch_.clear();
  pending_keep_ = std::move(keep);
  pending_rows_.swap(rows_);
  pending_names_ = names;
  in_flight_ = true;
}

void PostgresDestination::finish_batch() {
  if (!in_flight_) return;
  try {
    table_.finish(pending_names_);
    end_savepoint();
  } catch (const PgFailure& failure) {
    if (!failure.row_refused()) throw;
    // COPY stops at the first refused row: find every one, row by row in savepoints,
    // then write the others as one batch again.
    db_.exec("ROLLBACK TO SAVEPOINT ss_batch");
    db_.exec("RELEASE SAVEPOINT ss_batch");
    std::vector<bool> one(pending_.rows(), false);
    for (size_t row = 0; row < pending_.rows(); ++row) {
      if (!pending_keep_[row]) continue;
      one[row] = true;
      encode(pending_, one, rows_);
      one[row] = false;
      db_.exec("SAVEPOINT ss_row");
      try {
        table_.write(pending_names_, rows_);
      } catch (const PgFailure& refused) {
        if (!refused.row_refused()) throw;
        pending_keep_[row] = false;
        pending_.reject(row, reject_, fmt::format("table {}: {}", table_.name(), refused.detail()));
      }
      // A probe only: the rows that pass are written below, in one savepoint.
      db_.exec("ROLLBACK TO SAVEPOINT ss_row");
      db_.exec("RELEASE SAVEPOINT ss_row");
    }
    encode(pending_, pending_keep_, pending_rows_);
    write_savepoint(pending_names_, pending_rows_);
  }
  spill(pending_names_, pending_rows_);
  pending_.clear();
  in_flight_ = false;
}

template <typename Step>
void PostgresDestination::regaining(Step step) {
  for (;;) {
    try {
      step();
      return;
    } catch (const PgFailure& failure) {
      if (!failure.lost()) throw;
      regain(failure);
    }
  }
}

void PostgresDestination::flush() {
  regaining([this] { finish_batch(); });
  if (batch_.rows() > 0) regaining([this] { send_batch(); });
}

void PostgresDestination::spill(const std::string& names, std::string_view rows) {
  if (spill_ == nullptr) {
    spill_ = std::tmpfile();
    if (spill_ == nullptr)
      throw_io(std::string("temporary file for the rows of the open checkpoint: ") + std::strerror(errno));
  }
  const uint64_t sizes[2] = {names.size(), rows.size()};
  if (std::fwrite(sizes, sizeof sizes, 1, spill_) != 1 ||
      std::fwrite(names.data(), 1, names.size(), spill_) != names.size() ||
      std::fwrite(rows.data(), 1, rows.size(), spill_) != rows.size())
    throw_io(std::string("temporary file for the rows of the open checkpoint: ") + std::strerror(errno));
  spilled_ += sizeof sizes + names.size() + rows.size();
}

void PostgresDestination::clear_spill() {
  if (spill_ == nullptr || spilled_ == 0) return;
  std::rewind(spill_);
  if (ftruncate(fileno(spill_), 0) != 0)
    throw_io(std::string("temporary file for the rows of the open checkpoint: ") + std::strerror(errno));
  spilled_ = 0;
}

void PostgresDestination::regain(const PgFailure& failure) {
  using Clock = std::chrono::steady_clock;
  const auto give_up = Clock::now() + std::chrono::seconds(kReconnectSeconds);
  auto wait = std::chrono::milliseconds(100);
  std::string reason = failure.detail();
  in_transaction_ = false;
  xids_.clear();
  warn_(fmt::format("{}: connection lost ({}); connecting again", db_.name(), reason));
  for (;;) {
    if (Clock::now() >= give_up)
      throw_io(fmt::format("{}: connection lost and not regained in {} s: {}", db_.name(), kReconnectSeconds, reason));
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(5000));
    if (!db_.reset()) {
      reason = db_.last_error();
      continue;
    }
    try {
      // The transaction went with the connection: write its batches again.
      begin();
      table_.forget_table();
      table_.materialize(id_.column());
      if (spilled_ > 0) {
        if (std::fflush(spill_) != 0) throw_io(std::string("temporary file: ") + std::strerror(errno));
        std::rewind(spill_);
        std::string names;
        std::string rows;
        uint64_t sizes[2];
        for (uint64_t at = 0; at < spilled_; at += sizeof sizes + sizes[0] + sizes[1]) {
          names.resize(0);
          if (std::fread(sizes, sizeof sizes, 1, spill_) != 1) throw_io("temporary file: short read");
          names.resize(sizes[0]);
          rows.resize(sizes[1]);
          if (std::fread(names.data(), 1, names.size(), spill_) != names.size() ||
              std::fread(rows.data(), 1, rows.size(), spill_) != rows.size())
            throw_io("temporary file: short read");
          write_savepoint(names, rows);
        }
        std::fseek(spill_, 0, SEEK_END);
      }
      if (in_flight_) {
        // The batch the server was taking: send it again for finish_batch().
        db_.exec("SAVEPOINT ss_batch");
        table_.send(pending_names_, pending_rows_);
      }
      warn_(fmt::format("{}: connected again; the open checkpoint's rows were written again", db_.name()));
      return;
    } catch (const PgFailure& again) {
      if (!again.lost()) throw;
      reason = again.detail();
      in_transaction_ = false;
      xids_.clear();
    }
  }
}

void PostgresDestination::commit_transaction(uint64_t checkpoint) {
  begin();
  if (options_.has_state()) {
    const std::string n = std::to_string(checkpoint);
    create_bookkeeping();
    for (const std::string& xid : xids_)
      db_.query(
          "INSERT INTO _ss_sink_appended (pipeline, stage, checkpoint, table_name, xid) VALUES ($1, $2, $3, $4, $5)",
          {pipeline_.id, pipeline_.stage, n, table_.name(), xid});
    // Ids of earlier checkpoints are final once COMMITTED moved past them.
    db_.query("DELETE FROM _ss_sink_appended WHERE pipeline = $1 AND stage = $2 AND checkpoint < $3",
              {pipeline_.id, pipeline_.stage, n});
    db_.query(
        "INSERT INTO _ss_sink_checkpoints (pipeline, stage, checkpoint, state_dir) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (pipeline, stage) DO UPDATE SET checkpoint = excluded.checkpoint, state_dir = excluded.state_dir",
        {pipeline_.id, pipeline_.stage, n, pipeline_.state_dir});
  }
  db_.exec("COMMIT");
  in_transaction_ = false;
}

void PostgresDestination::commit(uint64_t checkpoint) {
  flush();
  regaining([this] { finish_batch(); });
  for (;;) {
    try {
      commit_transaction(checkpoint);
      break;
    } catch (const PgFailure& failure) {
      if (!failure.lost()) throw;
      // Was the COMMIT carried out before the connection went? With --state the
      // bookkeeping row says; without it nobody can tell.
      regain(failure);
      if (options_.has_state()) {
        if (committed_checkpoint() == checkpoint) {
          db_.exec("ROLLBACK");
          in_transaction_ = false;
          break;
        }
      } else {
        abandon();
        throw_io(fmt::format("{}: connection lost while committing: whether the rows were committed is unknown",
                             db_.name()));
      }
    }
  }
  xids_.clear();
  clear_spill();
  uncommitted_ = false;
}

void PostgresDestination::abandon() noexcept {
  batch_.clear();
  pending_.clear();
  in_flight_ = false;
  if (in_transaction_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // a lost connection rolls back by itself
    }
  }
  in_transaction_ = false;
  table_.invalidate();
  batch_.forget_layout();
  pending_.forget_layout();
  xids_.clear();
  try {
    clear_spill();
  } catch (...) {  // the file goes with the process
  }
  uncommitted_ = false;
}

}  // namespace ss
