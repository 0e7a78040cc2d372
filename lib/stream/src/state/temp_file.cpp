#include "ss/state/temp_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/state/state_dir.hpp"

namespace ss {

int create_new_file(const std::string& path) {
  // O_EXCL with O_CREAT fails on any existing name, a dangling symlink included, so
  // O_NOFOLLOW is implied; it is given anyway for readers of this line.
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

TempFile::TempFile(std::string final_path) : final_path_(std::move(final_path)) {
  static thread_local std::mt19937_64 random{std::random_device{}() ^ static_cast<uint64_t>(::getpid())};
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_path_ = fmt::format("{}.tmp.{}.{:012x}", final_path_, ::getpid(), random() & 0xffffffffffffULL);
    fd_ = create_new_file(temp_path_);
    if (fd_ >= 0) return;
    if (errno != EEXIST) break;
  }
  throw_io(temp_path_ + ": cannot create: " + std::strerror(errno));
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void TempFile::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io(temp_path_ + ": write failed: " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void TempFile::commit(bool sync_dir) {
  SS_ASSERT(!committed_ && fd_ >= 0);
  if (::fsync(fd_) != 0) throw_io(temp_path_ + ": fsync failed: " + std::strerror(errno));
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) throw_io(temp_path_ + ": close failed: " + std::strerror(errno));
  if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
    throw_io(final_path_ + ": rename failed: " + std::strerror(errno));
  committed_ = true;
  if (!sync_dir) return;
  const auto slash = final_path_.rfind('/');
  sync_directory(slash == std::string::npos ? "." : final_path_.substr(0, slash == 0 ? 1 : slash));
}

}  // namespace ss
