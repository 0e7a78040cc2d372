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

#include "ss/sink/destination.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/sqlite_table.hpp"
#include "ss/sql/sqlite_connection.hpp"

namespace ss {

class SqliteDestination final : public Destination {
 public:
  /// Opens or creates the database. Throws ss::Error(io).
  SqliteDestination(const SinkOptions& options, std::function<void(std::string_view)> warn);
  ~SqliteDestination() override;

  /// Deletes appended rows of checkpoints after `committed` and sets the stage's
  /// checkpoint in _ss_sink back to `committed`.
  void claim(const PipelineIdentity& pipeline) override { pipeline_ = pipeline; }
  void recover(uint64_t committed) override;
  std::optional<uint64_t> committed_checkpoint() override;
  WriteResult write(RecordFields& record) override;
  std::string_view bad_reason() const override { return bad_reason_; }
  size_t buffered() const override { return row_ends_.size(); }
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;
  bool uncommitted() const override { return uncommitted_; }

  /// The open database (tests use it to make the disk look full).
  SqliteConnection& connection() { return db_; }

 private:
  struct Cell {
    uint32_t column;
    ValueType type;
    bool is_integer;
    int64_t integer;
    double number;
    size_t text_begin;
    size_t text_size;
  };

  /// Where a buffered row came from, for on_reject().
  struct Origin {
    uint32_t source;
    uint64_t line;
    size_t text_begin;
    size_t text_size;
  };

  void begin();
  void create_bookkeeping();
  void choose_id(RecordFields& record);
  /// write() of a record found unusable: takes back what it added to the batch.
  WriteResult refuse(size_t cells, size_t arena, size_t columns, std::string reason);
  void remember_origin();
  void reject_row(size_t row, std::string_view reason);
  void note_appended(int64_t rowid);

  const SinkOptions options_;  // a copy: the destination may outlive the caller's options
  std::function<void(std::string_view)> warn_;
  SqliteConnection db_;
  SqliteTable table_;
  PipelineIdentity pipeline_;
  const int column_limit_;
  const int length_limit_;
  bool id_chosen_ = false;
  std::optional<std::string> id_;  ///< the upsert column; unset = append
  std::optional<FieldPath> id_path_;

  // The batch: rows as cells, their text in one arena.
  std::vector<Cell> cells_;
  std::vector<size_t> row_ends_;
  std::string arena_;
  std::vector<std::string> last_names_;  ///< the previous record's field names by position
  std::vector<size_t> last_columns_;     ///< and their columns: most records repeat the layout

  std::vector<Origin> origins_;  ///< one per buffered row while set_origin() is used
  std::string origin_text_;
  std::vector<std::string> sources_;

  // Appended rows of the open transaction: runs of consecutive rowids.
  std::vector<std::pair<int64_t, int64_t>> appended_;
  bool uncommitted_ = false;
  bool bookkeeping_ = false;
  std::string bad_reason_;
};

}  // namespace ss
