#include "ss/window/update_clock.hpp"

namespace ss {

bool UpdateClock::due_at_watermark(TimeUs watermark) noexcept {
  if (every_ == 0 || processing_) return false;
  // Floor division: intervals before 1970 are aligned the same way.
  int64_t interval = watermark / every_;
  if (watermark % every_ != 0 && watermark < 0) --interval;
  if (interval <= last_interval_) return false;
  last_interval_ = interval;
  return true;
}

bool UpdateClock::due_now() noexcept {
  if (every_ == 0 || !processing_) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_wall_) return false;
  next_wall_ = now + std::chrono::microseconds(every_);
  return true;
}

}  // namespace ss
