#include "ss/io/output_buffer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ss/base/error.hpp"
#include "ss/io/pipe_size.hpp"

namespace ss {

OutputBuffer::OutputBuffer(int fd, std::string name, size_t flush_bytes)
    : fd_(fd), terminal_(isatty(fd) == 1), name_(std::move(name)), flush_bytes_(flush_bytes) {
  buffer_.reserve(flush_bytes_ + (64u << 10));
  enlarge_pipe(fd_);
}

OutputBuffer OutputBuffer::open_file(const std::string& path, bool append) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0666);
  if (fd < 0) throw_io(path + ": " + std::strerror(errno));
  OutputBuffer out(fd, path, 64u << 10);
  out.owns_fd_ = true;
  return out;
}

OutputBuffer::OutputBuffer(OutputBuffer&& other) noexcept
    : fd_(other.fd_),
      owns_fd_(other.owns_fd_),
      terminal_(other.terminal_),
      name_(std::move(other.name_)),
      flush_bytes_(other.flush_bytes_),
      buffer_(std::move(other.buffer_)) {
  other.owns_fd_ = false;
  other.fd_ = -1;
}

OutputBuffer::~OutputBuffer() {
  if (owns_fd_) ::close(fd_);
}

void OutputBuffer::flush() {
  size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd pfd{fd_, POLLOUT, 0};
        ::poll(&pfd, 1, -1);
        continue;
      }
      if (errno == EPIPE) {
        buffer_.clear();
        throw BrokenPipe();
      }
      const int saved = errno;
      buffer_.clear();
      throw_io(name_ + ": write failed: " + std::strerror(saved));
    }
    written += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void OutputBuffer::sync() {
  flush();
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS)
    throw_io(name_ + ": fsync failed: " + std::strerror(errno));
}

}  // namespace ss
