#include "ss/op/progress.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"

namespace ss {

Progress::Progress(bool enabled, uint64_t total_bytes)
    : enabled_(enabled), total_(total_bytes), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void Progress::redraw(uint64_t bytes, uint64_t events, bool final) {
  const auto now = std::chrono::steady_clock::now();
  if (!final && now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double mb = static_cast<double>(bytes) / 1e6;
  std::string line = fmt::format("\r{}: {:.1f} MB, {} events, {:.0f} events/s", tool_name(), mb, events,
                                 secs > 0 ? static_cast<double>(events) / secs : 0.0);
  if (total_ > 0 && bytes > 0 && !final) {
    const double eta = secs * (static_cast<double>(total_) / static_cast<double>(bytes) - 1.0);
    line += fmt::format(", {:.0f}% ETA {:.0f}s", 100.0 * static_cast<double>(bytes) / static_cast<double>(total_), eta);
  }
  line += "\x1b[K";
  if (final) line += "\n";
  fmt::print(stderr, "{}", line);
}

void Progress::finish(uint64_t bytes, uint64_t events) {
  if (enabled_) redraw(bytes, events, true);
}

}  // namespace ss
