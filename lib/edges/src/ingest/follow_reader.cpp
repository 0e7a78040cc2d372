#include "ss/ingest/follow_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"

namespace ss {

namespace {

bool has_compression_magic(const char* m, ssize_t n) {
  const auto b = [&](int i) { return static_cast<unsigned char>(m[i]); };
  if (n >= 2 && b(0) == 0x1f && b(1) == 0x8b) return true;
  return n >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd;
}

/// Up to `size` bytes from offset 0 of `fd` without moving its position.
std::string read_prefix(int fd, size_t size) {
  std::string out(size, '\0');
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, out.data() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

}  // namespace

FollowReader::FollowReader(std::string path, FollowReaderOptions options)
    : path_(std::move(path)),
      name_(path_ == "-" ? "<stdin>" : path_),
      options_(options),
      splitter_(options_.max_line_bytes, options_.block_bytes) {
  splitter_.set_source(name_);
}

FollowReader::~FollowReader() { close_file(); }

void FollowReader::close_file() {
  stream_.reset();
  if (fd_ > 0) ::close(fd_);
  fd_ = -1;
  regular_ = false;
  prefix_.clear();
}

bool FollowReader::open_file(OpenReason reason) {
  if (path_ == "-") {
    if (before_block_) before_block_();
    stream_ = std::make_unique<InputFile>("-");
    fd_ = 0;
    regular_ = false;
  } else {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (options_.follow && errno == ENOENT) return false;
      throw_io(fmt::format("{}: {}", name_, std::strerror(errno)));
    }
    fd_ = fd;
    struct stat st {};
    regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
    bool compressed = false;
    if (regular_) {
      char magic[4];
      const ssize_t n = ::pread(fd_, magic, sizeof magic, 0);
      compressed = has_compression_magic(magic, n);
      prefix_ = read_prefix(fd_, std::min<uint64_t>(static_cast<uint64_t>(st.st_size), kFingerprintBytes));
    }
    // Plain files are read through our own descriptor, so a resume can lseek(); the
    // rest goes through InputFile, which decompresses and knows pipes.
    if (compressed || !regular_) stream_ = std::make_unique<InputFile>(path_);
  }
  open_reason_ = reason;
  opened_once_ = true;
  splitter_.reset(0, 0);
  read_pos_ = 0;
  eof_ = would_block_ = interrupted_ = draining_ = false;
  last_data_ = std::chrono::steady_clock::now();
  return true;
}

bool FollowReader::compressed() const { return stream_ != nullptr && regular_; }

uint64_t FollowReader::file_size() const {
  struct stat st {};
  if (fd_ < 0 || !regular_ || ::fstat(fd_, &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

std::optional<FileIdentity> FollowReader::identity() {
  if (fd_ < 0 || !regular_) return std::nullopt;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return std::nullopt;
  if (prefix_.size() < kFingerprintBytes && static_cast<uint64_t>(st.st_size) > prefix_.size()) {
    // The file has grown since it was opened: fingerprint more of it, as long as what we
    // fingerprinted before is still its start.
    std::string longer = read_prefix(fd_, std::min<uint64_t>(static_cast<uint64_t>(st.st_size), kFingerprintBytes));
    if (longer.compare(0, prefix_.size(), prefix_) == 0) prefix_ = std::move(longer);
  }
  return make_identity(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), prefix_);
}

bool FollowReader::seek(uint64_t offset, uint64_t line_number) {
  if (fd_ < 0 || !regular_) return false;
  if (!stream_) {
    if (offset > file_size() || ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) return false;
  } else {
    // A compressed stream cannot seek: decompress and drop what was read before.
    splitter_.reset(0, 0);
    size_t room = 0;
    char* scratch = splitter_.room(room);
    uint64_t left = offset;
    while (left > 0) {
      const long n = stream_->read(scratch, std::min<uint64_t>(left, room));
      if (n < 0) continue;
      if (n == 0) {
        stream_ = std::make_unique<InputFile>(path_);
        return false;
      }
      left -= static_cast<uint64_t>(n);
    }
  }
  splitter_.reset(offset, line_number);
  read_pos_ = offset;
  return true;
}

void FollowReader::wait(int timeout_ms) const {
  if (stream_ && !regular_) {
    stream_->wait_readable(timeout_ms);
    return;
  }
  ::poll(nullptr, 0, timeout_ms);  // a sleep that a signal cuts short
}

long FollowReader::read_more() {
  size_t room = 0;
  char* dst = splitter_.room(room);
  if (stream_) {
    if (!regular_ && stream_->would_block()) return kWouldBlock;
    if (!regular_) return stream_->read(dst, room);
    try {
      return stream_->read(dst, room);
    } catch (const Error& e) {
      // A truncated or corrupt compressed file: what was decompressed before the damage
      // has been handed out; the caller says what happened and goes on.
      damage_ = e.what();
      return 0;
    }
  }
  for (;;) {
    const ssize_t n = ::read(fd_, dst, room);
    if (n > 0) remember_prefix(std::string_view(dst, static_cast<size_t>(n)));
    if (n >= 0) return n;
    if (errno == EINTR) return -1;
    throw_io(fmt::format("{}: read failed: {}", name_, std::strerror(errno)));
  }
}

bool FollowReader::fill() {
  eof_ = would_block_ = false;
  const long n = read_more();
  if (n == -1) {
    interrupted_ = true;
    return false;
  }
  if (n == kWouldBlock) {
    would_block_ = true;
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  splitter_.filled(static_cast<size_t>(n));
  read_pos_ += static_cast<uint64_t>(n);
  bytes_read_ += static_cast<uint64_t>(n);
  if (options_.follow) last_data_ = std::chrono::steady_clock::now();
  return true;
}

void FollowReader::remember_prefix(std::string_view bytes) {
  // `bytes` were read at read_pos_. The prefix known may be shorter than what has been
  // read (the file was empty or short when it was opened or found truncated): extend it
  // with what was read, so that a later rewrite to the same size still shows.
  const uint64_t known = prefix_.size();
  if (known >= kFingerprintBytes || known < read_pos_ || known >= read_pos_ + bytes.size()) return;
  const uint64_t end = std::min<uint64_t>(read_pos_ + bytes.size(), kFingerprintBytes);
  prefix_.append(bytes.substr(known - read_pos_, end - known));
}

bool FollowReader::prefix_changed() {
  if (prefix_.empty()) return false;
  return read_prefix(fd_, prefix_.size()) != prefix_;
}

std::optional<FollowStatus> FollowReader::check_follow() {
  struct stat now {};
  struct stat open {};
  if (::fstat(fd_, &open) != 0) return std::nullopt;
  if (::stat(path_.c_str(), &now) == 0 && (now.st_dev != open.st_dev || now.st_ino != open.st_ino)) {
    // Rotated by rename: finish the old file (a writer may still add to it until it
    // reopens its log), then move to the new one.
    draining_ = true;
    return std::nullopt;
  }
  // A missing name (renamed away, not yet recreated) keeps us on the open file.
  if (compressed()) return std::nullopt;
  if (static_cast<uint64_t>(open.st_size) < read_pos_ || prefix_changed()) {
    // Copytruncate (or a rewrite in place): what we buffered is gone with the old
    // content; read the file again from its start.
    lost_bytes_ = read_pos_ - splitter_.offset();
    if (::lseek(fd_, 0, SEEK_SET) < 0) throw_io(fmt::format("{}: cannot seek: {}", name_, std::strerror(errno)));
    prefix_ = read_prefix(fd_, std::min<uint64_t>(static_cast<uint64_t>(open.st_size), kFingerprintBytes));
    splitter_.reset(0, 0);
    read_pos_ = 0;
    eof_ = false;
    open_reason_ = OpenReason::truncated;
    return FollowStatus::opened;
  }
  return std::nullopt;
}

FollowStatus FollowReader::next(Line& line) {
  if (fd_ < 0) {
    if (opened_once_ && !options_.follow) return FollowStatus::end;
    if (!open_file(opened_once_ || warned_missing_ ? OpenReason::appeared : OpenReason::first)) {
      if (!warned_missing_) {
        fmt::print(stderr, "{}: {}: {}; waiting for it to appear\n", tool_name(), name_, std::strerror(ENOENT));
        warned_missing_ = true;
      }
      return FollowStatus::idle;
    }
    return FollowStatus::opened;
  }
  for (;;) {
    if (splitter_.next(line)) return FollowStatus::line;
    if (fill()) continue;
    if (interrupted_) {
      interrupted_ = false;
      return FollowStatus::interrupted;
    }
    if (would_block_) return FollowStatus::idle;
    // End of the data there is now.
    if (!damage_.empty()) {
      // The bytes after the last newline stop at the damage: not a line.
      splitter_.discard();
      close_file();
      return FollowStatus::end;
    }
    if (!options_.follow || !regular_) {
      if (splitter_.take_partial(line)) return FollowStatus::line;
      close_file();
      return FollowStatus::end;
    }
    if (draining_) {
      // The rotated file is complete: its last line counts even without a newline.
      if (splitter_.take_partial(line)) return FollowStatus::line;
      close_file();
      if (!open_file(OpenReason::rotated)) return FollowStatus::idle;  // gone again: wait for it
      return FollowStatus::opened;
    }
    if (splitter_.buffered() > 0 && options_.partial_timeout > 0 &&
        std::chrono::steady_clock::now() - last_data_ >= std::chrono::microseconds(options_.partial_timeout)) {
      if (splitter_.take_partial(line)) return FollowStatus::line;
    }
    if (const auto status = check_follow()) return *status;
    if (draining_) continue;  // one more read of the old file before moving on
    return FollowStatus::idle;
  }
}

}  // namespace ss
