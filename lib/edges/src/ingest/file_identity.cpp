#include "ss/ingest/file_identity.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "ss/base/hash64.hpp"

namespace ss {

namespace {

/// Reads up to `size` bytes from offset 0 without moving the file position.
bool read_prefix(int fd, uint64_t size, std::string& out) {
  out.resize(size);
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, out.data() + got, size - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return true;
}

}  // namespace

FileIdentity make_identity(uint64_t device, uint64_t inode, std::string_view prefix) noexcept {
  if (prefix.size() > kFingerprintBytes) prefix = prefix.substr(0, kFingerprintBytes);
  return FileIdentity{device, inode, hash64(prefix), prefix.size()};
}

std::optional<FileIdentity> identify_file(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string prefix;
  const uint64_t want = std::min<uint64_t>(static_cast<uint64_t>(st.st_size), kFingerprintBytes);
  if (!read_prefix(fd, want, prefix)) return std::nullopt;
  return make_identity(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), prefix);
}

IdentityMatch match_identity(const FileIdentity& saved, int fd, uint64_t size) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IdentityMatch::other;
  if (static_cast<uint64_t>(st.st_dev) != saved.device || static_cast<uint64_t>(st.st_ino) != saved.inode)
    return IdentityMatch::other;
  if (size < saved.fingerprint_bytes) return IdentityMatch::truncated;
  std::string prefix;
  if (!read_prefix(fd, saved.fingerprint_bytes, prefix) || prefix.size() != saved.fingerprint_bytes)
    return IdentityMatch::other;
  return hash64(prefix) == saved.fingerprint ? IdentityMatch::same : IdentityMatch::other;
}

}  // namespace ss
