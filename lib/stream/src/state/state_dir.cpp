#include "ss/state/state_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/state/snapshot_format.hpp"
#include "ss/state/temp_file.hpp"

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

constexpr std::string_view kRecordSuffix = ".stage";

/// A small file of the state directory, whole; nullopt when it does not exist.
/// Only regular files are read, so a FIFO or device planted there cannot hang us.
std::optional<std::string> read_small_file(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw_state(file + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 4096) {
    ::close(fd);
    throw_state(file + ": not a file written by ss tools (not a small regular file)");
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  ::close(fd);
  if (n < 0) throw_state(file + ": cannot read: " + std::strerror(errno));
  text.resize(static_cast<size_t>(n));
  return text;
}

/// The unsigned number after `"key":` in a one-line JSON object ss tools wrote.
std::optional<uint64_t> number_field(const std::string& text, std::string_view key) {
  const std::string needle = fmt::format("\"{}\":", key);
  const auto at = text.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const size_t pos = at + needle.size();
  size_t end = pos;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return parse_id(std::string_view(text).substr(pos, end - pos));
}

/// The string after `"key":"`, for the names ss tools write (no escapes in them).
std::optional<std::string> name_field(const std::string& text, std::string_view key) {
  const std::string needle = fmt::format("\"{}\":\"", key);
  const auto at = text.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const size_t pos = at + needle.size();
  const size_t end = text.find('"', pos);
  if (end == std::string::npos) return std::nullopt;
  return text.substr(pos, end - pos);
}

void write_small_file(const std::string& file, std::string_view text) {
  TempFile temp(file);
  temp.write(text);
  temp.commit();
}

/// Once per process: a state directory that others can write lets them alter what the
/// pipeline restores, or plant names for it to write through.
void warn_if_exposed(const std::string& path, const struct stat& st) {
  static std::atomic<bool> warned{false};
  std::string why;
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0)
    why = fmt::format("is writable by other users (mode {:04o}, no sticky bit)", st.st_mode & 07777);
  else if (st.st_uid != ::geteuid())
    why = fmt::format("is owned by uid {}, not by this user (uid {})", st.st_uid, ::geteuid());
  if (why.empty() || warned.exchange(true)) return;
  fmt::print(stderr, "{}: warning: state directory {} {}: whoever else can write it can alter this pipeline's state\n",
             tool_name(), path, why);
}

/// An exclusive flock on the state directory itself for its lifetime: a stage's choice
/// of snapshots to remove (read COMMITTED, then unlink) and a sink's write of COMMITTED
/// happen one at a time, so no stage removes, on a stale reading of "no COMMITTED", a
/// snapshot that the sink has checked and is about to commit.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::string& dir) : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    // Where a directory cannot be opened or locked (NFS emulates flock with locks that
    // want a file open for writing) the run goes on unlocked rather than failing: the
    // race this closes needs a stage stalled between two system calls for as long as a
    // sink takes to start. ss tools hold the lock for milliseconds; anyone else who
    // holds it for long is waited out for kPatience, then warned about and ignored.
    if (fd_ < 0) return;
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno != EWOULDBLOCK) return;
      if (std::chrono::steady_clock::now() >= deadline) {
        fmt::print(stderr,
                   "{}: warning: state directory {} has been locked by another process for {} s; going on without "
                   "its lock\n",
                   tool_name(), dir, std::chrono::duration_cast<std::chrono::seconds>(kPatience).count());
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  static constexpr std::chrono::seconds kPatience{10};
  int fd_;
};

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
  warn_if_exposed(path_, st);
}

StateDir::~StateDir() {
  if (lock_fd_ < 0) return;
  // Our pid leaves the file before the lock goes (a later reader must not name us).
  if (wrote_pid_) (void)::ftruncate(lock_fd_, 0);
  ::close(lock_fd_);
}

void StateDir::lock(const std::string& stage) {
  SS_ASSERT(lock_fd_ < 0);
  const std::string file = lock_path(stage);
  // O_NOFOLLOW: a symlink planted under the name is refused, never opened (we may
  // write our pid into the file). O_NONBLOCK: a FIFO there cannot hang the open.
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
  if (fd < 0 && errno == EACCES) fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) throw_state(file + ": is a symbolic link, not a lock file of ss tools; refusing to use it");
    throw_io(file + ": cannot open the lock file: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw_state(file + ": not a regular file, not a lock file of ss tools; refusing to use it");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    if (saved != EWOULDBLOCK) {
      ::close(fd);
      throw_io(file + ": cannot lock: " + std::strerror(saved));
    }
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    ::close(fd);
    const auto pid =
        n > 0 ? number_field(fmt::format("\"pid\":{}", std::string_view(text, static_cast<size_t>(n))), "pid")
              : std::nullopt;
    throw_busy(fmt::format(
        "state directory {} is in use by another run ({} held by {}); refusing to run two pipelines on one state",
        path_, file, pid ? fmt::format("pid {}", *pid) : std::string("another process")));
  }
  lock_fd_ = fd;
  // The pid only serves the message above; a file we do not own alone (a hard link to
  // someone else's file) is locked but never written.
  if (st.st_nlink == 1 && st.st_uid == ::geteuid() && ::ftruncate(fd, 0) == 0) {
    const std::string pid = std::to_string(::getpid()) + "\n";
    wrote_pid_ = ::pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  }
  // Temp files of this stage's record that a crash left behind.
  remove_names_with_prefix(stage + std::string(kRecordSuffix) + ".tmp.", "");
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
  const auto text = read_small_file(file);
  if (!text) return std::nullopt;
  // {"checkpoint":N}
  const auto id = number_field(*text, "checkpoint");
  if (!id) throw_state(file + ": not a COMMITTED record");
  return id;
}

void StateDir::write_committed(uint64_t checkpoint) const {
  const DirectoryLock lock(path_);
  write_small_file(path_ + "/" + std::string(snapshot_format::kCommittedFile),
                   "{\"checkpoint\":" + std::to_string(checkpoint) + "}\n");
}

std::optional<StageRecord> StateDir::stage_record(const std::string& stage) const {
  const std::string file = record_path(stage);
  const auto text = read_small_file(file);
  if (!text) return std::nullopt;
  auto tool = name_field(*text, "tool");
  const auto since = number_field(*text, "since");
  if (!tool || !since) throw_state(file + ": not a stage record of ss tools");
  return StageRecord{std::move(*tool), *since};
}

void StateDir::write_stage_record(const std::string& stage, const StageRecord& record) const {
  write_small_file(record_path(stage), fmt::format("{{\"stage\":\"{}\",\"tool\":\"{}\",\"since\":{}}}\n", stage,
                                                   record.tool, record.since));
}

void StateDir::record_stage(const std::string& stage, std::string_view tool, uint64_t since, bool resumed) const {
  if (resumed && stage_record(stage)) return;
  write_stage_record(stage, StageRecord{std::string(tool), since});
}

std::vector<std::string> StateDir::recorded_stages() const {
  DIR* dir = ::opendir(path_.c_str());
  if (dir == nullptr) throw_io("state directory " + path_ + ": " + std::strerror(errno));
  std::vector<std::string> stages;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name.size() > kRecordSuffix.size() && name.substr(name.size() - kRecordSuffix.size()) == kRecordSuffix)
      stages.emplace_back(name.substr(0, name.size() - kRecordSuffix.size()));
  }
  ::closedir(dir);
  return stages;
}

bool StateDir::sink_recorded() const {
  for (const auto& stage : recorded_stages()) {
    const auto record = stage_record(stage);
    if (record && record->tool == "sink") return true;
  }
  return false;
}

std::optional<std::string> StateDir::unrestorable_stage(uint64_t checkpoint) const {
  for (const auto& stage : recorded_stages()) {
    const auto record = stage_record(stage);
    if (!record || record->tool == "sink" || record->since > checkpoint) continue;
    const auto ids = snapshot_ids(stage);
    // Only a newer snapshot shows the stage removed the one asked for; a stage with
    // none at all is damage that waiting for a later barrier would not mend.
    if (ids.empty() || ids.back() <= checkpoint) continue;
    const bool has_one =
        std::any_of(ids.begin(), ids.end(), [&](uint64_t id) { return id >= record->since && id <= checkpoint; });
    if (!has_one) return stage;
  }
  return std::nullopt;
}

std::optional<uint64_t> StateDir::checked_restore_point(const std::string& stage, bool reset_state,
                                                        std::string& warning) const {
  // The sink writes COMMITTED before its record: a record seen first means a
  // COMMITTED that is missing after it was deleted, not one still to come.
  const bool sink = sink_recorded();
  const auto record = stage_record(stage);
  const auto commit = committed();
  const auto ids = snapshot_ids(stage);
  std::optional<uint64_t> point;
  for (const uint64_t id : ids)
    if (!commit || id <= *commit) point = id;
  if (!record) return point;
  // Snapshots older than the record's start are from before a fresh start: not ours.
  if (point && *point < record->since) point.reset();
  std::string missing;
  if (!commit && sink) {
    missing = fmt::format("{}/COMMITTED is missing, yet ss-sink has committed checkpoints into this directory", path_);
  } else if (!commit && !point) {
    missing = fmt::format("stage {} has taken snapshots here since checkpoint {} ({}), but none is left", stage,
                          record->since, record_path(stage));
  } else if (commit && *commit >= record->since && !point) {
    missing = fmt::format(
        "{}/COMMITTED names checkpoint {}, but stage {} (taking snapshots here since checkpoint {}) has no snapshot "
        "at or before it ({} is missing)",
        path_, *commit, stage, record->since, snapshot_path(stage, *commit));
  }
  if (missing.empty()) return point;
  if (reset_state) {
    warning = missing + "; starting empty (--reset-state)";
    return std::nullopt;
  }
  throw_state(fmt::format(
      "{}; refusing to guess where to resume. Use --reset-state to start this stage empty, or remove {} to start "
      "the whole pipeline over",
      missing, path_));
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
  remove_names_with_prefix(stage + ".", std::string(snapshot_format::kSuffix) + ".tmp.");
}

void StateDir::remove_superseded(const std::string& stage, uint64_t newest) const {
  const DirectoryLock lock(path_);
  uint64_t keep_from = newest;
  if (committed()) {
    const auto point = restore_point(stage);
    keep_from = point ? *point : 0;
  }
  remove_older(stage, keep_from);
}

void StateDir::remove_committed_temps() const {
  remove_names_with_prefix(std::string(snapshot_format::kCommittedFile) + ".tmp", "");
}

void StateDir::remove_names_with_prefix(const std::string& prefix, std::string_view containing) const {
  DIR* dir = ::opendir(path_.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> stray;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name.substr(0, prefix.size()) == prefix && name.find(containing) != std::string_view::npos)
      stray.emplace_back(name);
  }
  ::closedir(dir);
  for (const auto& name : stray) ::unlink((path_ + "/" + name).c_str());
}

}  // namespace ss
