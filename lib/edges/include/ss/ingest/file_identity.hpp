// Which file is this? Device and inode, plus a hash of the file's first bytes, so that a
// rotated file renamed to access.log.1 is still recognised and a reused inode is not
// mistaken for the file that had it before.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ss {

/// How many leading bytes the fingerprint covers at most.
inline constexpr uint64_t kFingerprintBytes = 1024;

struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  /// XXH64 (ss::hash64, seed 0) of the first fingerprint_bytes bytes of the file.
  uint64_t fingerprint = 0;
  /// min(file size, kFingerprintBytes) when the fingerprint was taken.
  uint64_t fingerprint_bytes = 0;

  bool same_inode(const FileIdentity& other) const { return device == other.device && inode == other.inode; }
  bool operator==(const FileIdentity& other) const {
    return same_inode(other) && fingerprint == other.fingerprint && fingerprint_bytes == other.fingerprint_bytes;
  }
};

/// The identity of an identity-less prefix: device and inode, and the fingerprint of
/// `prefix` (the file's first bytes, at most kFingerprintBytes of them are used).
FileIdentity make_identity(uint64_t device, uint64_t inode, std::string_view prefix) noexcept;

/// The identity of the open regular file `fd` (its first bytes are read with pread, the
/// file position is not moved); nullopt for pipes, terminals and other non-files, and
/// when fstat or pread fail.
std::optional<FileIdentity> identify_file(int fd);

/// How a file found now relates to one saved earlier.
enum class IdentityMatch {
  same,       ///< same device and inode, and the first bytes still hash the same
  truncated,  ///< same device and inode, but now shorter than its fingerprinted prefix
  other,      ///< another file (another inode, or the same inode with other content)
};

/// Compares `saved` with the open regular file `fd` of `size` bytes, re-hashing the
/// file's first saved.fingerprint_bytes bytes. Throws nothing; a failed read is `other`.
IdentityMatch match_identity(const FileIdentity& saved, int fd, uint64_t size);

}  // namespace ss
