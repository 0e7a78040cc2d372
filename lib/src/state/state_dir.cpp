#include "ss/state/state_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ss/cli/error.hpp"
#include "ss/state/snapshot_format.hpp"

namespace ss {

namespace {

std::optional<uint64_t> parse_id(std::string_view digits) {
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

void write_all(int fd, std::string_view data, const std::string& name) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io(name + ": write failed: " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io(dir + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0 && saved != EINVAL) throw_io(dir + ": fsync failed: " + std::strerror(saved));
}

StateDir::StateDir(std::string path) : path_(std::move(path)) {
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
  if (::mkdir(path_.c_str(), 0777) != 0 && errno != EEXIST)
    throw_io("state directory " + path_ + ": " + std::strerror(errno));
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw_io("state directory " + path_ + ": not a directory");
}

std::string StateDir::snapshot_path(const std::string& stage, uint64_t checkpoint) const {
  return path_ + "/" + stage + "." + std::to_string(checkpoint) + std::string(snapshot_format::kSuffix);
}

std::vector<uint64_t> StateDir::snapshot_ids(const std::string& stage) const {
  std::vector<uint64_t> ids;
  DIR* dir = ::opendir(path_.c_str());
  if (dir == nullptr) throw_io("state directory " + path_ + ": " + std::strerror(errno));
  const std::string prefix = stage + ".";
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name.size() <= prefix.size() + snapshot_format::kSuffix.size()) continue;
    if (name.substr(0, prefix.size()) != prefix) continue;
    if (name.substr(name.size() - snapshot_format::kSuffix.size()) != snapshot_format::kSuffix) continue;
    const auto id = parse_id(name.substr(prefix.size(), name.size() - prefix.size() - snapshot_format::kSuffix.size()));
    if (id) ids.push_back(*id);
  }
  ::closedir(dir);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<uint64_t> StateDir::committed() const {
  const std::string file = path_ + "/" + std::string(snapshot_format::kCommittedFile);
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  // {"checkpoint":N}
  const auto key = s.find("\"checkpoint\":");
  if (key == std::string::npos) throw_state(file + ": not a COMMITTED record");
  size_t pos = key + 13;
  size_t end = pos;
  while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  const auto id = parse_id(std::string_view(s).substr(pos, end - pos));
  if (!id) throw_state(file + ": not a COMMITTED record");
  return id;
}

void StateDir::write_committed(uint64_t checkpoint) const {
  const std::string file = path_ + "/" + std::string(snapshot_format::kCommittedFile);
  const std::string tmp = file + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw_io(tmp + ": " + std::strerror(errno));
  try {
    write_all(fd, "{\"checkpoint\":" + std::to_string(checkpoint) + "}\n", tmp);
    if (::fsync(fd) != 0) throw_io(tmp + ": fsync failed: " + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    throw_io(file + ": rename failed: " + std::strerror(saved));
  }
  sync_directory(path_);
}

std::optional<uint64_t> StateDir::restore_point(const std::string& stage) const {
  const auto ids = snapshot_ids(stage);
  if (ids.empty()) return std::nullopt;
  const auto commit = committed();
  if (!commit) return ids.back();
  std::optional<uint64_t> best;
  for (const uint64_t id : ids)
    if (id <= *commit) best = id;
  return best;
}

void StateDir::remove_older(const std::string& stage, uint64_t keep_from) const {
  for (const uint64_t id : snapshot_ids(stage))
    if (id < keep_from) ::unlink(snapshot_path(stage, id).c_str());
  // Temp files of snapshots that a crash left between open and rename.
  DIR* dir = ::opendir(path_.c_str());
  if (dir == nullptr) return;
  const std::string prefix = stage + ".";
  const std::string marker = std::string(snapshot_format::kSuffix) + ".tmp.";
  std::vector<std::string> stray;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name.substr(0, prefix.size()) == prefix && name.find(marker) != std::string_view::npos)
      stray.emplace_back(name);
  }
  ::closedir(dir);
  for (const auto& name : stray) ::unlink((path_ + "/" + name).c_str());
}

}  // namespace ss
