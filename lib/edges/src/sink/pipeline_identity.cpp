#include "ss/sink/pipeline_identity.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "ss/base/error.hpp"
#include "ss/state/state_dir.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

constexpr size_t kIdDigits = 32;

std::string random_id() {
  unsigned char bytes[kIdDigits / 2];
  size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io(std::string("getrandom failed: ") + std::strerror(errno));
    }
    got += static_cast<size_t>(n);
  }
  static const char* const kHex = "0123456789abcdef";
  std::string id;
  for (const unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

/// The id in `file`, or "" when it does not exist.
std::string read_id(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return "";
    throw_state(file + ": " + std::strerror(errno));
  }
  char buf[64];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  std::string id = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  if (!id.empty() && id.back() == '\n') id.pop_back();
  bool ok = id.size() == kIdDigits;
  for (const char c : id) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) throw_state(file + ": not a pipeline id (32 hex digits); the state directory is damaged");
  return id;
}

}  // namespace

std::optional<std::string> PipelineIdentity::existing_id(const std::string& dir) {
  std::string id = read_id(dir + "/pipeline-id");
  if (id.empty()) return std::nullopt;
  return id;
}

PipelineIdentity PipelineIdentity::of_state_dir(const std::string& dir, std::string stage) {
  const std::string file = dir + "/pipeline-id";
  std::string id = read_id(file);
  if (id.empty()) {
    // Written whole under a temporary name, then linked into place: a concurrent
    // first start keeps whichever id was linked first, and a crash leaves no half id.
    // TempFile makes the name unpredictable and never follows a planted link.
    TempFile tmp(file);
    tmp.write(random_id() + "\n");
    if (::fsync(tmp.fd()) != 0) throw_io(tmp.path() + ": fsync failed: " + std::strerror(errno));
    const int linked = ::link(tmp.path().c_str(), file.c_str());
    const int link_error = errno;
    if (linked != 0 && link_error != EEXIST) throw_io(file + ": " + std::strerror(link_error));
    sync_directory(dir);
    id = read_id(file);
  }
  char resolved[PATH_MAX];
  std::string absolute = ::realpath(dir.c_str(), resolved) != nullptr ? std::string(resolved) : dir;
  return PipelineIdentity{std::move(id), std::move(stage), std::move(absolute)};
}

}  // namespace ss
