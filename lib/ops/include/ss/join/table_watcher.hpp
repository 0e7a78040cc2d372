// --reload: a background thread that notices a new version of the table file (another
// inode after a rename into place, or another size or mtime after an in-place
// rewrite), waits until the file holds still, builds the new table and hands it over.
// The operator swaps it in between two events, so the stream never waits for a load.
// A version that fails to load is reported once and the old table stays.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "ss/join/join_options.hpp"
#include "ss/join/table_loader.hpp"

namespace ss {

class TableWatcher {
 public:
  /// Starts watching `spec.path`; `loaded` is the version already in use.
  TableWatcher(TableSpec spec, TableFileVersion loaded, std::chrono::milliseconds interval);
  ~TableWatcher();
  TableWatcher(const TableWatcher&) = delete;
  TableWatcher& operator=(const TableWatcher&) = delete;

  /// True when a new table waits to be taken; one relaxed load, cheap per event.
  bool ready() const noexcept { return ready_.load(std::memory_order_acquire); }
  /// Hands over the new table and takes `old` to free it on the watcher's thread.
  std::shared_ptr<const LookupTable> take(std::shared_ptr<const LookupTable> old);

  uint64_t reloads() const noexcept { return reloads_.load(); }
  uint64_t failed_reloads() const noexcept { return failures_.load(); }

 private:
  void run();

  const TableSpec spec_;
  const std::chrono::milliseconds interval_;
  TableFileVersion seen_;  // the version last loaded or last refused

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::shared_ptr<const LookupTable> pending_;  // guarded by mutex_
  std::shared_ptr<const LookupTable> retired_;  // guarded by mutex_
  std::atomic<bool> ready_{false};
  std::atomic<uint64_t> reloads_{0};
  std::atomic<uint64_t> failures_{0};
  std::thread thread_;
};

}  // namespace ss
