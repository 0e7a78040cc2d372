// Writes one snapshot the only safe way: into a new temp file beside the target (see
// TempFile), zstd
// compressed, then trailer, fsync, rename, fsync of the directory. A writer dropped
// without commit() removes its temp file, so a crash never leaves a half snapshot
// under a real name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ss/state/temp_file.hpp"

struct ZSTD_CCtx_s;

namespace ss {

class SnapshotWriter {
 public:
  /// Starts `path` (final name); `params_json` is the operator's semantic parameters.
  SnapshotWriter(std::string path, std::string_view tool, std::string_view stage, uint64_t checkpoint,
                 std::string_view params_json);
  ~SnapshotWriter();
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  /// Appends one record: a complete JSON value on one line (no newline inside).
  void record(std::string_view json);
  /// A reusable buffer for building a record: fill it, then record(buffer()).
  std::string& buffer() { return scratch_; }

  /// Writes the trailer and makes the file durable under its final name.
  /// Throws ss::Error(io) on any failure (the temp file is then removed).
  void commit();

  uint64_t records() const { return records_; }

 private:
  void write_line(std::string_view line);
  void flush_compressed(bool end);

  TempFile file_;  // <path>.tmp.<pid>.<random>, created O_EXCL
  ZSTD_CCtx_s* zstd_ = nullptr;
  std::string in_;   // uncompressed lines waiting for the compressor
  std::string out_;  // compressed bytes
  std::string scratch_;
  uint64_t records_ = 0;
  uint32_t crc_ = 0;
  bool committed_ = false;
};

}  // namespace ss
