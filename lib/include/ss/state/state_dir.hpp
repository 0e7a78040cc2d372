// The --state directory shared by every stage of a pipeline: where snapshots live,
// which one to restore, COMMITTED, and removal of superseded snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ss {

class StateDir {
 public:
  /// Creates the directory when missing; throws ss::Error(io) when it cannot.
  explicit StateDir(std::string path);

  const std::string& path() const { return path_; }
  std::string snapshot_path(const std::string& stage, uint64_t checkpoint) const;

  /// Checkpoint ids of the stage's snapshot files, ascending.
  std::vector<uint64_t> snapshot_ids(const std::string& stage) const;

  /// The checkpoint in COMMITTED, if the file exists. Throws ss::Error(state) when it
  /// exists but cannot be read.
  std::optional<uint64_t> committed() const;

  /// Atomically replaces COMMITTED (temp file, fsync, rename, fsync of the directory).
  void write_committed(uint64_t checkpoint) const;

  /// The snapshot a stage restores: its newest one at or before COMMITTED, or its
  /// newest one when there is no COMMITTED. A stage skips an id only when it had
  /// nothing new since its previous snapshot, so the older one is the same state.
  std::optional<uint64_t> restore_point(const std::string& stage) const;

  /// Removes the stage's snapshots older than `keep_from`, and stray temp files.
  void remove_older(const std::string& stage, uint64_t keep_from) const;

 private:
  std::string path_;
};

/// fsync() of a directory, so that a rename in it is durable.
void sync_directory(const std::string& dir);

}  // namespace ss
