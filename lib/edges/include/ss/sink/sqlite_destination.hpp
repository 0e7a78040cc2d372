// `--to sqlite:PATH --table NAME`: records become rows, written in batches of prepared
// INSERTs (or upserts on the --id column) inside one transaction per checkpoint.
//
// Exactly-once with --state: commit(N) records N in
// `_ss_sink_checkpoints(pipeline, stage, checkpoint, state_dir)` in the same transaction
// as the rows, and for appended rows the runs of their real rowids in
// `_ss_sink_appended(pipeline, stage, checkpoint, table_name, first_rowid, last_rowid)`.
// Both are keyed by the pipeline's id (DIR/pipeline-id) and stage name, so recover(C)
// deletes only the rows this pipeline appended after C, whatever other pipelines write
// to the same database. Rows are named by the table's real rowid (its INTEGER PRIMARY
// KEY, or whichever of rowid, _rowid_, oid no column shadows), so a record field
// named rowid cannot make the sink delete the wrong rows. Upserted rows of checkpoints
// after C stay until the replay overwrites them with the same records, which needs
// record ids that do not change between runs (session_id is derived from key and
// start). The database runs in WAL mode; with --state, synchronous=FULL, since the
// only commits are at barriers and each must be durable before COMMITTED is written;
// without --state, synchronous=NORMAL. A database the sink creates has 64 KiB pages:
// fewer, larger writes to the WAL and to the checkpoint.
//
// A record SQLite cannot take (a field name with a NUL, more columns than SQLite
// allows, a string over its length limit, a constraint or type error of the table)
// is refused: at write() when that can be seen from the record, else when its batch is
// written, through on_reject(); the other rows of the batch are written.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ss/sink/row_batch.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/sqlite_table.hpp"
#include "ss/sink/table_destination.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

class SqliteDestination final : public TableDestination {
 public:
  /// Opens or creates the database. Throws ss::Error(io).
  SqliteDestination(const SinkOptions& options, std::function<void(std::string_view)> warn);
  ~SqliteDestination() override;

  /// Deletes appended rows of checkpoints after `committed` and sets the stage's
  /// checkpoint in _ss_sink back to `committed`.
  void recover(uint64_t committed) override;
  std::optional<uint64_t> committed_checkpoint() override;
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;

  /// The open database (tests use it to make the disk look full).
  SqliteConnection& connection() { return db_; }

 private:
  TableColumns& columns() override { return table_.columns(); }
  const RowLimits& limits() const override { return limits_; }
  void begin();
  void create_bookkeeping();
  void note_appended(int64_t rowid);

  SqliteConnection db_;
  SqliteTable table_;

  const RowLimits limits_;

  // Appended rows of the open transaction: runs of consecutive rowids.
  std::vector<std::pair<int64_t, int64_t>> appended_;
  bool bookkeeping_ = false;
};

}  // namespace ss
