#include "ss/gen/fd_writer.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ss/base/error.hpp"

namespace ss {

FdWriter::FdWriter(int fd, std::string name, size_t block_size)
    : fd_(fd), name_(std::move(name)), block_size_(block_size) {
  // Headroom for the line that crosses the block boundary.
  buffer_.reserve(block_size_ + block_size_ / 8);
}

WriteStatus FdWriter::flush() {
  if (status_ == WriteStatus::reader_gone) {
    buffer_.clear();
    return status_;
  }
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n >= 0) {
      p += n;
      left -= static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A non-blocking descriptor inherited from the shell: wait until it takes more.
      pollfd pfd{fd_, POLLOUT, 0};
      ::poll(&pfd, 1, -1);
      continue;
    }
    if (errno == EPIPE) {
      buffer_.clear();
      status_ = WriteStatus::reader_gone;
      return status_;
    }
    throw_io(fmt::format("{}: write failed: {}", name_, std::strerror(errno)));
  }
  buffer_.clear();
  return status_;
}

}  // namespace ss
