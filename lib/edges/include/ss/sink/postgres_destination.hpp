// `--to postgresql://URI` (or postgres://, or pg:CONNINFO) `--table NAME`: records
// become rows of a PostgreSQL table, written with COPY in batches (appends straight
// into the table, upserts on the --id column through a temporary table and
// INSERT ... ON CONFLICT), inside one transaction per checkpoint.
//
// Exactly-once with --state: commit(N) records N in
// `_ss_sink_checkpoints(pipeline, stage, checkpoint, state_dir)` in the same transaction
// as the rows. Each batch is written in a savepoint of its own, so its rows carry the
// transaction id of that savepoint (their xmin); for appended rows these ids are kept
// in `_ss_sink_appended(pipeline, stage, checkpoint, table_name, xid)`, and recover(C)
// deletes the rows of the ids of checkpoints after C: only rows this pipeline appended.
// Upserted rows of checkpoints after C stay until the replay overwrites them, as with
// SQLite.
//
// The server takes a batch while the sink reads the next one: flush() sends a batch
// and waits for the one before, so the two processes work at the same time.
//
// A record the server refuses (a value of the wrong type, out of range or too long, a
// constraint): its batch's COPY fails as a whole, so the batch is tried row by row in
// savepoints to find the refused rows, which go to on_reject(), and the others are
// written again as one COPY.
//
// A lost connection: every batch written since the last commit is also kept in an
// unlinked temporary file; the destination connects again, waiting longer between
// tries (0.1 s doubling up to 5 s, for at most kReconnectSeconds), and writes them
// again in a new transaction before it goes on. A connection lost during COMMIT is
// resolved with --state by the bookkeeping row (committed or not, never twice);
// without --state its outcome is unknown and the run fails.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ss/sink/pg_connection.hpp"
#include "ss/sink/postgres_table.hpp"
#include "ss/sink/row_batch.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/table_destination.hpp"

namespace ss {

class PostgresDestination final : public TableDestination {
 public:
  /// How long a lost connection is tried again before the run fails.
  static constexpr int kReconnectSeconds = 30;

  /// Connects. Throws ss::Error(io) when the server cannot be reached.
  PostgresDestination(const SinkOptions& options, std::function<void(std::string_view)> warn);
  ~PostgresDestination() override;

  /// Deletes rows appended after `committed` and sets the stage's checkpoint back to it.
  void recover(uint64_t committed) override;
  std::optional<uint64_t> committed_checkpoint() override;
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;

  /// The open connection (tests drop it).
  PgConnection& connection() { return db_; }

 private:
  TableColumns& columns() override { return table_.columns(); }
  const RowLimits& limits() const override { return limits_; }
  void begin();
  void create_bookkeeping();
  /// COPY text of the rows of `batch` whose `keep` is set.
  void encode(const RowBatch& batch, const std::vector<bool>& keep, std::string& out);
  /// Starts writing the batch in a savepoint, and keeps it as pending_ while the
  /// server takes it.
  void send_batch();
  /// Waits for the pending batch; refused rows go to on_reject().
  void finish_batch();
  /// Notes the savepoint's transaction id (appends with --state), then releases it.
  void end_savepoint();
  /// Writes `rows` of `names` in a savepoint of their own, noting its transaction id.
  void write_savepoint(const std::string& names, std::string_view rows);
  /// Runs `step`, and again after regain() as long as the connection is lost.
  template <typename Step>
  void regaining(Step step);
  void commit_transaction(uint64_t checkpoint);
  /// After a lost connection: connects again (throws ss::Error(io) when it cannot in
  /// time) and writes every batch since the last commit again.
  void regain(const PgFailure& failure);
  void spill(const std::string& names, std::string_view rows);
  void clear_spill();

  PgConnection db_;
  PostgresTable table_;
  const RowLimits limits_;

  bool in_transaction_ = false;
  std::vector<std::string> xids_;  ///< savepoints of the open transaction that appended rows
  std::FILE* spill_ = nullptr;     ///< the batches of the open transaction, for a new connection
  uint64_t spilled_ = 0;
  std::string rows_;  ///< COPY text being built
  // The batch the server is taking (in_flight_): its rows, which of them it writes,
  // their COPY text and columns.
  RowBatch pending_;
  bool in_flight_ = false;
  std::vector<bool> pending_keep_;
  std::string pending_rows_;
  std::string pending_names_;
  std::vector<const RowBatch::Cell*> slots_;
  bool bookkeeping_ = false;
};

}  // namespace ss
