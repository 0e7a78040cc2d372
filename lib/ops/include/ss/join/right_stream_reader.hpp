// The right stream of an interval join, read by its own thread while the run loop
// reads the left one: lines are parsed there (time, key, the members a match adds) and
// handed over through a bounded queue, so neither input waits for the other and a
// blocked read costs no CPU.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "ss/join/join_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct RightItem {
  enum class Kind { event, watermark, bad, end };
  Kind kind = Kind::event;
  TimeUs time = 0;          ///< event time, or the watermark
  bool has_key = false;     ///< false when a key field is missing or null
  std::string key;          ///< join key bytes (join_key.hpp)
  std::string members;      ///< what a match adds to the left event
  std::string head;         ///< time and key members, for a right-only row
  uint64_t end_offset = 0;  ///< source offset just past this line
  std::string message;      ///< bad: `file:line: reason`; end: an I/O error, if any
};

class RightStreamReader {
 public:
  /// Starts reading `options.interval->right_path`; lines ending at or before
  /// `skip_to` (a byte offset; regular files only) are skipped: they were joined
  /// before the snapshot that a restart restored.
  RightStreamReader(const JoinOptions& options, uint64_t skip_to);
  ~RightStreamReader();
  RightStreamReader(const RightStreamReader&) = delete;
  RightStreamReader& operator=(const RightStreamReader&) = delete;

  /// Moves the next item into `item`; false when none is ready and `wait` is false.
  /// With `wait`, blocks until an item comes (the last one is always Kind::end).
  bool next(RightItem& item, bool wait);

  /// The queue between the reading thread and the join (defined in the source).
  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
  std::thread thread_;
};

}  // namespace ss
