#include "ss/sink/background_sync.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace ss {

BackgroundSync::BackgroundSync() {
  // Signals (SIGTERM, SIGINT, SIGPIPE) stay with the main thread, whose loop handles
  // them: the thread starts with all of them blocked.
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  thread_ = std::thread([this] { run(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundSync::request(int fd) {
  {
    std::lock_guard lock(mutex_);
    pending_ = fd;  // also while fd is being flushed: that flush may miss the newest bytes
  }
  changed_.notify_all();
}

int BackgroundSync::forget(int fd) {
  std::unique_lock lock(mutex_);
  if (pending_ == fd) pending_ = -1;
  changed_.wait(lock, [&] { return syncing_ != fd; });
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (it->first == fd) {
      const int error = it->second;
      failures_.erase(it);
      return error;
    }
  }
  return 0;
}

void BackgroundSync::drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return pending_ == -1 && syncing_ == -1; });
}

void BackgroundSync::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return pending_ != -1 || stopping_; });
    if (stopping_) return;
    syncing_ = pending_;
    pending_ = -1;
    lock.unlock();
    const int error = ::fdatasync(syncing_) == 0 ? 0 : errno;
    lock.lock();
    if (error != 0) failures_.emplace_back(syncing_, error);
    syncing_ = -1;
    changed_.notify_all();
  }
}

}  // namespace ss
