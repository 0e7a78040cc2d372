// What a stage does between SIGINT/SIGTERM and stopping: it keeps reading what upstream
// still sends (the stopping upstream stages' final barrier, then end of input) for a
// short grace, so a stopped pipeline stops at one consistent cut and the last barrier
// saves the stages a replay. The operator run loop and ss-sink's loop share it.
#pragma once

#include <chrono>
#include <optional>

namespace ss {

class LineReader;

class StopDrain {
 public:
  /// How long a stage keeps draining its input after a stop request.
  static constexpr std::chrono::milliseconds kGrace{2000};

  /// Call before each read. False while no stop was requested, or while the grace
  /// lasts and `reader` has input; true when the loop should stop now: at once when
  /// `stop_at_once` (the stage already saw the barrier it waited for), else when the
  /// grace ran out or no input arrived within it.
  bool should_stop(LineReader& reader, bool stop_at_once);

 private:
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace ss
