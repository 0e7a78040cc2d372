#include "ss/sink/part_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ss/base/error.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

/// Once this much is written, the disk is asked to start writing it (sync_file_range),
/// and the BackgroundSync flushes the part (fdatasync) on its thread too: on a
/// virtual disk fsync's time goes to the host writing out the data, which
/// sync_file_range does not start. The commit's fsync then waits only for the last
/// bytes instead of the whole part.
constexpr uint64_t kWritebackBytes = 8u << 20;

}  // namespace

PartFile::PartFile(std::string path, ZstdContext zstd, BackgroundSync& syncer)
    : path_(std::move(path)), zstd_(std::move(zstd)), syncer_(syncer) {
  // A leftover under the in-progress name is ours to replace, but never written
  // through: whoever can write the directory could have put a symlink there.
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) throw_io(path_ + ": cannot remove: " + std::strerror(errno));
  fd_ = create_new_file(path_);
  if (fd_ < 0) throw_io(path_ + ": " + std::strerror(errno));
}

PartFile::~PartFile() {
  if (fd_ < 0) return;
  syncer_.forget(fd_);  // not closed under a flush of it
  ::close(fd_);
}

void PartFile::write_all(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io(path_ + ": write failed: " + std::strerror(errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
    written_ += static_cast<uint64_t>(n);
  }
  if (written_ - writeback_from_ >= kWritebackBytes) start_writeback();
}

void PartFile::start_writeback() {
#ifdef __linux__
  // Only a hint, failures included: finish() fsyncs and reports any write error.
  ::sync_file_range(fd_, static_cast<off_t>(writeback_from_), static_cast<off_t>(written_ - writeback_from_),
                    SYNC_FILE_RANGE_WRITE);
#endif
  syncer_.request(fd_);
  writeback_from_ = written_;
}

void PartFile::compress(ZSTD_EndDirective mode) {
  ZSTD_inBuffer in{buffer_.data(), buffer_.size(), 0};
  compressed_.resize(ZSTD_CStreamOutSize());
  for (;;) {
    ZSTD_outBuffer out{compressed_.data(), compressed_.size(), 0};
    const size_t left = ZSTD_compressStream2(zstd_.get(), &out, &in, mode);
    if (ZSTD_isError(left)) throw_io(path_ + ": zstd: " + ZSTD_getErrorName(left));
    write_all(compressed_.data(), out.pos);
    // ZSTD_e_continue is done once the input is taken; ZSTD_e_end once nothing is left.
    if (mode == ZSTD_e_continue ? in.pos == in.size : left == 0) break;
  }
}

void PartFile::flush() {
  if (fd_ < 0) return;
  if (zstd_) {
    if (!buffer_.empty()) compress(ZSTD_e_continue);
  } else {
    write_all(buffer_.data(), buffer_.size());
  }
  buffer_.clear();
}

void PartFile::finish(bool sync) {
  if (suspended_) {
    suspended_ = false;
    if (!sync) return;
    // Written and closed earlier: its bytes still have to reach the disk.
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw_io(path_ + ": " + std::strerror(errno));
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!synced) throw_io(path_ + ": fsync failed: " + std::strerror(error));
    return;
  }
  if (fd_ < 0) return;
  end_and_close(sync);
}

void PartFile::suspend() {
  if (fd_ < 0) return;
  end_and_close(false);
  suspended_ = true;
  std::string().swap(buffer_);
  std::string().swap(compressed_);
}

void PartFile::end_and_close(bool sync) {
  if (zstd_) {
    compress(ZSTD_e_end);
    buffer_.clear();
  } else {
    flush();
  }
  if (const int error = syncer_.forget(fd_)) throw_io(path_ + ": fdatasync failed: " + std::strerror(error));
  if (sync && ::fsync(fd_) != 0) throw_io(path_ + ": fsync failed: " + std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw_io(path_ + ": close failed: " + std::strerror(errno));
}

void PartFile::resume(ZstdContext zstd) {
  SS_ASSERT(suspended_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw_io(path_ + ": " + std::strerror(errno));
  suspended_ = false;
  zstd_ = std::move(zstd);
  writeback_from_ = written_;
}

}  // namespace ss
