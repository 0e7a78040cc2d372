#include "ss/gen/run_gen.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "ss/base/error.hpp"
#include "ss/gen/event_generator.hpp"
#include "ss/io/output_buffer.hpp"

namespace ss {

int run_gen(const GenOptions& options, int fd) {
  EventGenerator generator(options);
  OutputBuffer out(fd, "stdout");
  using Clock = std::chrono::steady_clock;
  const Clock::time_point begin = Clock::now();
  try {
    for (uint64_t line = 0;; ++line) {
      if (options.rate > 0) {
        // Line n is due n/rate seconds after the start, so pacing does not drift with
        // the time spent generating and writing.
        const auto due = begin + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(line) / options.rate));
        if (Clock::now() < due) {
          out.flush();
          std::this_thread::sleep_until(due);
        }
      }
      if (generator.append_line(out.buffer()) == LineResult::finished) break;
      out.flush_if_full();
    }
    out.flush();
  } catch (const BrokenPipe&) {
    // `ss-gen | head`: the reader has all it wanted, a normal end.
  }
  return 0;
}

int run_gen(const GenOptions& options) { return run_gen(options, STDOUT_FILENO); }

}  // namespace ss
