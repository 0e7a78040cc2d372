// `--to sqlite:PATH --table NAME`: records become rows, written in batches of prepared
// INSERTs (or upserts on the --id column) inside one transaction per checkpoint.
//
// Exactly-once with --state: commit(N) records N in `_ss_sink(stage, checkpoint)` in
// the same transaction as the rows, and for appended rows their rowid range in
// `_ss_sink_rows(stage, checkpoint, table_name, first_rowid, last_rowid)`. recover(C)
// deletes the appended rows of checkpoints after C. Upserted rows of checkpoints
// after C stay until the replay overwrites them with the same records, which needs
// record ids that do not change between runs (session_id is derived from key and
// start). The database runs in WAL mode; with --state, synchronous=FULL, since the
// only commits are at barriers and each must be durable before COMMITTED is written;
// without --state, synchronous=NORMAL. A database the sink creates has 64 KiB pages:
// fewer, larger writes to the WAL and to the checkpoint.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ss/sink/destination.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sql/sqlite_connection.hpp"
#include "ss/sink/sqlite_table.hpp"

namespace ss {

class SqliteDestination final : public Destination {
 public:
  /// Opens or creates the database. Throws ss::Error(io).
  SqliteDestination(const SinkOptions& options, std::function<void(std::string_view)> warn);
  ~SqliteDestination() override;

  /// Deletes appended rows of checkpoints after `committed` and sets the stage's
  /// checkpoint in _ss_sink back to `committed`.
  void recover(uint64_t committed) override;
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

  void begin();
  void create_bookkeeping();
  void choose_id(RecordFields& record);

  const SinkOptions options_;  // a copy: the destination may outlive the caller's options
  std::function<void(std::string_view)> warn_;
  SqliteConnection db_;
  SqliteTable table_;
  const std::string stage_;
  bool id_chosen_ = false;
  std::optional<std::string> id_;  ///< the upsert column; unset = append
  std::optional<FieldPath> id_path_;

  // The batch: rows as cells, their text in one arena.
  std::vector<Cell> cells_;
  std::vector<size_t> row_ends_;
  std::string arena_;
  std::vector<std::string> last_names_;  ///< the previous record's field names by position
  std::vector<size_t> last_columns_;     ///< and their columns: most records repeat the layout

  // Appended rows of the open transaction.
  std::optional<int64_t> first_rowid_;
  int64_t last_rowid_ = 0;
  bool uncommitted_ = false;
  bool bookkeeping_ = false;
  std::string bad_reason_;
};

}  // namespace ss
