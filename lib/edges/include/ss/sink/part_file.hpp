// One part being written by the file destination: an in-progress file that takes
// record bytes, compresses them into a single zstd frame when asked, and is finished
// (frame ended, fsync'd, closed) before the destination renames it into place.
#pragma once

#include <zstd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ss/sink/background_sync.hpp"

namespace ss {

struct ZstdContextDeleter {
  void operator()(ZSTD_CCtx* cctx) const noexcept { ZSTD_freeCCtx(cctx); }
};
using ZstdContext = std::unique_ptr<ZSTD_CCtx, ZstdContextDeleter>;

class PartFile {
 public:
  /// Creates or truncates `path`. With `zstd` (a context set to the wanted level) the
  /// bytes are compressed. `syncer` (which must outlive the part) flushes the part to
  /// the disk on its thread as it grows. Throws ss::Error(io) naming the file.
  PartFile(std::string path, ZstdContext zstd, BackgroundSync& syncer);
  ~PartFile();
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  /// Where a record's bytes are appended; call end_record() after each record.
  std::string& buffer() { return buffer_; }
  void end_record(size_t bytes) {
    ++records_;
    bytes_ += bytes;
  }

  /// Writes the buffered bytes to the file. Throws ss::Error(io) naming the file.
  void flush();
  /// flush(), ends the zstd frame, fsync()s (unless `sync` is false: the caller
  /// makes the file system durable at once, syncfs) and closes. Throws ss::Error(io).
  void finish(bool sync = true);
  /// Closes the file for now, to bound open descriptors: flush(), ends the zstd frame
  /// (the next bytes start another one), closes without fsync, and gives back its
  /// memory. Throws ss::Error(io).
  void suspend();
  /// Opens a suspended part again to append to it, with `zstd` (a fresh context
  /// set to the wanted level; null when uncompressed). Throws ss::Error(io).
  void resume(ZstdContext zstd);
  bool suspended() const { return suspended_; }
  /// Gives the zstd context back for reuse (after finish()); null when uncompressed.
  ZstdContext release_context() { return std::move(zstd_); }

  const std::string& path() const { return path_; }
  uint64_t records() const { return records_; }
  uint64_t bytes() const { return bytes_; }  ///< uncompressed record bytes
  bool finished() const { return fd_ < 0 && !suspended_; }

 private:
  void write_all(const char* data, size_t size);
  void start_writeback();
  void compress(ZSTD_EndDirective mode);
  /// What finish() and suspend() share: the buffered bytes written, the zstd frame
  /// ended, the background writeback forgotten, fsync() when `sync`, the file closed.
  void end_and_close(bool sync);

  std::string path_;
  int fd_ = -1;
  ZstdContext zstd_;
  BackgroundSync& syncer_;
  std::string buffer_;
  std::string compressed_;
  uint64_t records_ = 0;
  uint64_t bytes_ = 0;
  uint64_t written_ = 0;         ///< bytes in the file
  uint64_t writeback_from_ = 0;  ///< start of the bytes not yet sent to the disk
  bool suspended_ = false;
};

}  // namespace ss
