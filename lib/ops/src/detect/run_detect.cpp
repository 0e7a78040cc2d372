#include "ss/detect/run_detect.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"
#include "ss/detect/detect_operator.hpp"

namespace ss {

int run_detect(const DetectOptions& options, OutputBuffer& out, RunStats* stats) {
  DetectOperator op(options);
  const int status = run_operator(op, options.stream, out, stats);
  if (op.skipped() > 0)
    fmt::print(stderr, "{}: {} {} passed on unscored ({})\n", tool_name(), op.skipped(),
               op.skipped() == 1 ? "event" : "events", op.model().reason());
  for (const auto& line : op.model().summary()) fmt::print(stderr, "{}: {}\n", tool_name(), line);
  return status;
}

int run_detect(const DetectOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_detect(options, out);
}

}  // namespace ss
