// The --state directory shared by every stage of a pipeline: where snapshots live,
// which one to restore, COMMITTED, each stage's lock and record of itself, and removal
// of superseded snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

/// DIR/<stage>.stage: written by a stage after its first snapshot in a state directory
/// (by ss-sink when it first writes COMMITTED), so that a snapshot or COMMITTED deleted
/// later is told apart from a stage that never ran here.
struct StageRecord {
  std::string tool;    ///< short name: ingest, sessionize, ..., sink
  uint64_t since = 0;  ///< the stage's first checkpoint in this directory (since its last fresh start)
};

class StateDir {
 public:
  /// Creates the directory when missing; throws ss::Error(io) when it cannot. Warns
  /// once per process on stderr when the directory is writable by other users (without
  /// the sticky bit) or owned by another user: they could then alter the state.
  explicit StateDir(std::string path);
  ~StateDir();
  StateDir(const StateDir&) = delete;
  StateDir& operator=(const StateDir&) = delete;

  const std::string& path() const { return path_; }
  std::string snapshot_path(const std::string& stage, uint64_t checkpoint) const;
  std::string lock_path(const std::string& stage) const { return path_ + "/" + stage + ".lock"; }
  std::string record_path(const std::string& stage) const { return path_ + "/" + stage + ".stage"; }

  /// Takes DIR/<stage>.lock (flock, exclusive) for the life of this object; the kernel
  /// drops it when the process ends, however it ends, so a killed run leaves no stale
  /// lock. Throws ss::Error(busy) when another run holds it, before anything else in
  /// the directory is read or written. The holder's pid is written into the file for
  /// that message only.
  void lock(const std::string& stage);

  /// Checkpoint ids of the stage's snapshot files, ascending.
  std::vector<uint64_t> snapshot_ids(const std::string& stage) const;

  /// The checkpoint in COMMITTED, if the file exists. Throws ss::Error(state) when it
  /// exists but cannot be read.
  std::optional<uint64_t> committed() const;

  /// Atomically replaces COMMITTED (new temp file, fsync, rename, fsync of the directory),
  /// holding an flock on the directory that remove_superseded() holds too.
  void write_committed(uint64_t checkpoint) const;

  /// The snapshot a stage restores: its newest one at or before COMMITTED, or its
  /// newest one when there is no COMMITTED. A stage skips an id only when it had
  /// nothing new since its previous snapshot, so the older one is the same state.
  std::optional<uint64_t> restore_point(const std::string& stage) const;

  /// restore_point() after checking that the state the stage's record promises is
  /// there: a stage that recorded itself must find a snapshot from its record's `since`
  /// on (at or before COMMITTED when a COMMITTED at or after `since` exists), and where a
  /// sink recorded itself COMMITTED must exist. Otherwise throws ss::Error(state) saying
  /// what is missing and how to start over, or with `reset_state` sets `warning` and
  /// returns nothing (the stage starts empty). A stage without a record (new in the
  /// pipeline, or a directory of an older version) gets restore_point().
  std::optional<uint64_t> checked_restore_point(const std::string& stage, bool reset_state, std::string& warning) const;

  /// The stage's record, if it wrote one. Throws ss::Error(state) when it is unreadable.
  std::optional<StageRecord> stage_record(const std::string& stage) const;
  /// Atomically replaces the stage's record.
  void write_stage_record(const std::string& stage, const StageRecord& record) const;
  /// After a stage's first snapshot of a run: writes its record with `since` (the id of
  /// that snapshot after a fresh start, the restored one when `resumed`), and keeps an
  /// existing record when `resumed`.
  void record_stage(const std::string& stage, std::string_view tool, uint64_t since, bool resumed) const;
  /// True when some stage of tool "sink" recorded itself here.
  bool sink_recorded() const;

  /// A stage that could not restore the state of `checkpoint` if COMMITTED named it: it
  /// recorded itself here by then, took a newer snapshot, and has none from its record's
  /// `since` up to `checkpoint`; nullopt when there is none. Until COMMITTED exists the
  /// stages keep only their newest snapshot, so a barrier still in a pipe when the sink
  /// starts may name one already removed; ss-sink then commits at a later barrier.
  /// Stages of tool "sink" are not asked.
  std::optional<std::string> unrestorable_stage(uint64_t checkpoint) const;

  /// Removes the stage's snapshots older than `keep_from`, and stray temp files.
  void remove_older(const std::string& stage, uint64_t keep_from) const;
  /// After the stage's snapshot `newest`: removes every older snapshot that no restore
  /// can choose any more. With COMMITTED that keeps the restore point and everything
  /// newer (COMMITTED only grows); without it, only `newest` (a pipeline without a sink
  /// restores its newest; with one, see unrestorable_stage()). Reads COMMITTED and removes
  /// under an flock on the directory, which write_committed() takes too: a COMMITTED
  /// written meanwhile cannot make the removal wrong.
  void remove_superseded(const std::string& stage, uint64_t newest) const;
  /// Removes temp files of COMMITTED that a crash left behind.
  void remove_committed_temps() const;

 private:
  /// Names of the stages with a record here.
  std::vector<std::string> recorded_stages() const;
  void remove_names_with_prefix(const std::string& prefix, std::string_view containing) const;

  std::string path_;
  int lock_fd_ = -1;
  bool wrote_pid_ = false;
};

/// fsync() of a directory, so that a rename in it is durable.
void sync_directory(const std::string& dir);

}  // namespace ss
