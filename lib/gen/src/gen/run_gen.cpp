#include "ss/gen/run_gen.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "ss/gen/event_generator.hpp"
#include "ss/gen/fd_writer.hpp"

namespace ss {

int run_gen(const GenOptions& options, int fd) {
  EventGenerator generator(options);
  FdWriter out(fd, "stdout");
  using Clock = std::chrono::steady_clock;
  const Clock::time_point begin = Clock::now();
  for (uint64_t line = 0;; ++line) {
    if (options.rate > 0) {
      // Line n is due n/rate seconds after the start, so pacing does not drift with
      // the time spent generating and writing.
      const auto due = begin + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(static_cast<double>(line) / options.rate));
      if (Clock::now() < due) {
        if (out.flush() == WriteStatus::reader_gone) return 0;
        std::this_thread::sleep_until(due);
      }
    }
    if (generator.append_line(out.buffer()) == LineResult::finished) break;
    if (out.flush_if_full() == WriteStatus::reader_gone) return 0;
  }
  out.flush();
  return 0;
}

int run_gen(const GenOptions& options) { return run_gen(options, STDOUT_FILENO); }

}  // namespace ss
