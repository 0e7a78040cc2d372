// Block output to a file descriptor with write(2): lines collect in a large buffer that
// goes out in one call, and a reader that went away (EPIPE, as `ss-gen | head` causes)
// is a normal end, not an error.
#pragma once

#include <cstddef>
#include <string>

namespace ss {

enum class WriteStatus {
  open,         ///< everything so far was written; keep going
  reader_gone,  ///< the reading end is closed (EPIPE): stop quietly
};

class FdWriter {
 public:
  static constexpr size_t kBlockSize = size_t{1} << 20;

  /// Writes to `fd`, which stays owned by the caller; `name` (`stdout`) is used in
  /// error messages. SIGPIPE must be ignored (run_cli does), or EPIPE kills the process.
  FdWriter(int fd, std::string name, size_t block_size = kBlockSize);
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;

  /// Append here, then call flush_if_full().
  std::string& buffer() noexcept { return buffer_; }
  /// Writes the buffer once it holds a block or more.
  WriteStatus flush_if_full() { return buffer_.size() >= block_size_ ? flush() : status_; }
  /// Writes everything buffered, retrying after EINTR, short writes and EAGAIN.
  /// Throws ss::Error (io) naming the output for any failure other than EPIPE. Once the
  /// reader is gone, the buffer is dropped and every call returns reader_gone.
  WriteStatus flush();

 private:
  int fd_;
  std::string name_;
  size_t block_size_;
  std::string buffer_;
  WriteStatus status_ = WriteStatus::open;
};

}  // namespace ss
