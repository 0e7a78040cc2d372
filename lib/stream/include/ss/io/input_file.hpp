// One input byte stream: a file, `-` for stdin, or a pipe; gzip and zstd are
// decompressed transparently, recognised by their magic bytes rather than the name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ss {

enum class Compression { none, gzip, zstd };

class InputFile {
 public:
  /// Opens `path` (`-` is stdin). Throws ss::Error(io) when it cannot be opened.
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// Reads up to `size` decompressed bytes; returns 0 at end of input. Blocks when the
  /// source has no data yet. Returns -1 (errno EINTR) when a signal interrupted a wait.
  /// Throws ss::Error(io) on read or decompression errors.
  long read(char* buf, size_t size);

  /// True when a read() now would have to wait for a writer (pipes and terminals only).
  bool would_block() const;
  /// Waits up to `timeout_ms` for data; false on timeout or signal.
  bool wait_readable(int timeout_ms) const;

  const std::string& name() const { return name_; }
  Compression compression() const { return compression_; }
  int fd() const { return fd_; }
  /// Bytes consumed from the underlying file (compressed bytes when compressed).
  uint64_t raw_offset() const { return raw_offset_; }

 private:
  long read_raw(char* buf, size_t size);
  void detect_compression();

  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  Compression compression_ = Compression::none;
  uint64_t raw_offset_ = 0;
  // Bytes read while sniffing the magic number, handed out before further reads.
  std::string pending_;
  size_t pending_pos_ = 0;
  struct Decoder;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace ss
