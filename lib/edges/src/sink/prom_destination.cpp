#include "ss/sink/prom_destination.hpp"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <thread>

#include "ss/base/stop_signal.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

TimeUs wall_clock_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PromDestination::PromDestination(const SinkOptions& options) : options_(options), reader_(options_.prom) {
  if (options_.kind == DestinationKind::prometheus_http) {
    server_ = std::make_unique<PromHttpServer>(options_.prom.host, options_.prom.port, [this](std::string& out) {
      const std::lock_guard lock(mutex_);
      exposition_.expire(wall_clock_now(), options_.prom.ttl);
      exposition_.render(out);
    });
  } else {
    TempFile probe(options_.target);  // a directory that cannot take the file fails now, not at the first commit
    remove_stale_temps();
  }
}

PromDestination::~PromDestination() = default;

void PromDestination::remove_stale_temps() {
  const std::string& path = options_.target;
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp.";
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return;
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string_view name = entry->d_name;
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    // TempFile's names: FILE.tmp.PID.RANDOM; a temp of a live process is its to finish.
    const std::string_view rest = name.substr(prefix.size());
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (ec != std::errc() || end == rest.data() + rest.size() || *end != '.') continue;
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) stale.emplace_back(name);
  }
  ::closedir(handle);
  for (const std::string& name : stale) ::unlink((dir + "/" + name).c_str());
}

void PromDestination::recover(uint64_t) {
  if (!server_) remove_stale_temps();
}

WriteResult PromDestination::write(RecordFields& record) {
  if (reader_.read(record, pending_) == 0) return WriteResult::bad;
  ++buffered_;
  uncommitted_ = true;
  return WriteResult::accepted;
}

void PromDestination::publish() {
  const TimeUs now = wall_clock_now();
  std::string text;
  {
    const std::lock_guard lock(mutex_);
    exposition_.apply(pending_, now);
    exposition_.expire(now, options_.prom.ttl);
    if (!server_) exposition_.render(text);
  }
  pending_.clear();
  if (!server_) write_file(text);
  published_ = true;
}

void PromDestination::write_file(const std::string& text) {
  TempFile file(options_.target);
  file.write(text);
  file.commit();
}

void PromDestination::flush() {
  buffered_ = 0;
  // Without --state nothing is taken back: samples are shown as soon as they are written.
  if (!options_.has_state() && !pending_.empty()) publish();
}

void PromDestination::commit(uint64_t) {
  buffered_ = 0;
  publish();
  uncommitted_ = false;
}

void PromDestination::abandon() noexcept {
  pending_.clear();
  buffered_ = 0;
  uncommitted_ = false;
}

void PromDestination::linger() {
  if (!server_) return;
  while (!stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

std::string PromDestination::exposition() {
  std::string out;
  const std::lock_guard lock(mutex_);
  exposition_.render(out);
  return out;
}

}  // namespace ss
