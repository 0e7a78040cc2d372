#include "ss/join/table_watcher.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"

namespace ss {

TableWatcher::TableWatcher(TableSpec spec, TableFileVersion loaded, std::chrono::milliseconds interval)
    : spec_(std::move(spec)), interval_(interval), seen_(loaded), thread_([this] { run(); }) {}

TableWatcher::~TableWatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<const LookupTable> TableWatcher::take(std::shared_ptr<const LookupTable> old) {
  std::lock_guard lock(mutex_);
  ready_.store(false, std::memory_order_release);
  retired_ = std::move(old);
  wake_.notify_all();
  return std::move(pending_);
}

void TableWatcher::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, interval_, [this] { return stopping_ || retired_ != nullptr; });
    if (stopping_) return;
    if (retired_) {
      // Freeing a large table takes a while: do it here, not between two events.
      auto old = std::move(retired_);
      lock.unlock();
      old.reset();
      lock.lock();
      continue;
    }
    if (ready_.load()) continue;  // the previous version was not taken yet
    const TableFileVersion now = table_file_version(spec_.path);
    if (now == seen_ || now.size < 0) continue;
    // A writer may still be at work: load only once the file held still for an interval.
    lock.unlock();
    std::this_thread::sleep_for(interval_);
    const TableFileVersion settled = table_file_version(spec_.path);
    if (!(settled == now)) {
      lock.lock();
      continue;
    }
    try {
      LoadedTable loaded = load_table(spec_);
      if (!(table_file_version(spec_.path) == loaded.version)) {
        lock.lock();
        continue;  // changed while it was read: load it again once it settles
      }
      const auto& t = *loaded.table;
      const std::string message = fmt::format(
          "{}: {}: reloaded, {} rows, {} keys{}; in effect from the next event\n", tool_name(), spec_.path, t.rows(),
          t.keys(), t.duplicates() ? fmt::format(", {} duplicate keys (the last row wins)", t.duplicates()) : "");
      lock.lock();
      seen_ = loaded.version;
      pending_ = std::move(loaded.table);
      ready_.store(true, std::memory_order_release);
      ++reloads_;
      lock.unlock();
      std::fputs(message.c_str(), stderr);
      lock.lock();
    } catch (const Error& e) {
      fmt::print(stderr, "{}: warning: {}: new version not loaded, keeping the previous table: {}\n", tool_name(),
                 spec_.path, e.what());
      ++failures_;
      lock.lock();
      seen_ = settled;
    }
  }
}

}  // namespace ss
