// --progress: bytes read, events per second and, for files of known size, the ETA,
// redrawn on one stderr line at most a few times a second.
#pragma once

#include <chrono>
#include <cstdint>

namespace ss {

class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes);
  /// Cheap enough to call per event: it looks at the clock every 4096 calls.
  void update(uint64_t bytes, uint64_t events) {
    if (enabled_ && (++calls_ & 4095) == 0) redraw(bytes, events, false);
  }
  /// For a caller that calls once per block of many events: looks at the clock each call
  /// (still redrawing at most a few times a second).
  void update_block(uint64_t bytes, uint64_t events) {
    if (enabled_) redraw(bytes, events, false);
  }
  /// Draws the final state and ends the line.
  void finish(uint64_t bytes, uint64_t events);

 private:
  void redraw(uint64_t bytes, uint64_t events, bool final);

  bool enabled_;
  uint64_t total_;
  uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace ss
