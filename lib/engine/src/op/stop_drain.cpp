#include "ss/op/stop_drain.hpp"

#include "ss/base/stop_signal.hpp"
#include "ss/io/line_reader.hpp"

namespace ss {

bool StopDrain::should_stop(LineReader& reader, bool stop_at_once) {
  if (!stop_requested()) return false;
  if (stop_at_once) return true;
  const auto now = std::chrono::steady_clock::now();
  if (!deadline_) deadline_ = now + kGrace;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - now).count();
  return left <= 0 || !reader.wait_for_input(static_cast<int>(left));
}

}  // namespace ss
