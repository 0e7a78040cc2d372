// A thread that flushes the file destination's parts to the disk (fdatasync) while the
// sink goes on reading and writing. On a virtual disk the commit's fsync spends its
// time on the host writing out the guest's data, which sync_file_range does not
// start; flushing each part as it grows leaves the commit little to wait for. The
// thread only waits on the kernel: the writes themselves stay on the sink's thread,
// where their bytes are still in the cache.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ss {

class BackgroundSync {
 public:
  BackgroundSync();
  ~BackgroundSync();
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  /// Asks for an fdatasync of `fd` soon. One request waits at a time: a newer one
  /// replaces it (the commit's fsync covers whatever is left).
  void request(int fd);
  /// Before `fd` is fsync'd or closed: drops its request and waits for a flush of it
  /// in progress. Returns the errno of a failed background flush of `fd`, else 0 (the
  /// kernel may report a later fsync as clean although that data was lost).
  int forget(int fd);
  /// Waits until no flush is asked for or running (tests).
  void drain();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  int pending_ = -1;                           ///< fd to flush next
  int syncing_ = -1;                           ///< fd being flushed
  std::vector<std::pair<int, int>> failures_;  ///< fd and errno of failed flushes
  bool stopping_ = false;
  std::thread thread_;  ///< last: started once the members above exist
};

}  // namespace ss
