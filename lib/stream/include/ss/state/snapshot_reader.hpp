// Reads and checks a whole snapshot before handing out any record: a truncated,
// corrupt, foreign or incompatible file is refused with ss::Error(state), never
// half-loaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

class SnapshotReader {
 public:
  /// Loads and verifies `path`: a regular file, zstd frame checksum, a decompressed size
  /// within snapshot_format's bound, header version and tool, trailer count and crc32.
  /// Throws ss::Error(state) with the reason, or ss::Error(io) when SIGINT/SIGTERM
  /// arrives while loading (the stop flag is checked between blocks).
  SnapshotReader(const std::string& path, std::string_view expected_tool);

  uint64_t checkpoint() const { return checkpoint_; }
  const std::string& stage() const { return stage_; }
  const std::string& params() const { return params_; }  ///< the header's params, raw JSON
  const std::string& path() const { return path_; }

  /// Next record line; false after the last one.
  bool next(std::string_view& record);
  size_t record_count() const { return records_.size(); }

 private:
  std::string path_;
  std::string text_;  // the whole decompressed file
  std::vector<std::string_view> records_;
  size_t next_ = 0;
  uint64_t checkpoint_ = 0;
  std::string stage_;
  std::string params_;
};

/// Checks that a snapshot found under DIR/<stage>.<checkpoint>.snap.zst says so in its
/// header; throws ss::Error(state) for one renamed or copied from elsewhere.
void check_identity(const SnapshotReader& snapshot, std::string_view stage, uint64_t checkpoint);

/// Compares a snapshot's semantic parameters with the running ones, both raw JSON
/// objects written by the same operator code; throws ss::Error(state) naming the
/// snapshot and both values when they differ.
void check_params(const SnapshotReader& snapshot, const std::string& current_params);

}  // namespace ss
