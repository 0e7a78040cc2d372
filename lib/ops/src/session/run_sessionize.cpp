#include "ss/session/run_sessionize.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"
#include "ss/op/event_time_sorter.hpp"
#include "ss/session/session_operator.hpp"

namespace ss {

int run_sessionize(const SessionOptions& options, OutputBuffer& out, RunStats* stats) {
  SessionOperator sessions(options);
  // A session cut at an event must see the events of its key in time order: a late
  // event before the cut belongs to the session before it, one after to the next.
  EventTimeSorter sorted(sessions);
  Operator& op = options.cuts_at_events() ? static_cast<Operator&>(sorted) : sessions;
  const int status = run_operator(op, options.stream, out, stats);
  if (sessions.forced_closes() > 0)
    fmt::print(stderr, "{}: {} {} closed early by --max-open (rows marked \"forced\")\n", tool_name(),
               sessions.forced_closes(), sessions.forced_closes() == 1 ? "session" : "sessions");
  return status;
}

int run_sessionize(const SessionOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_sessionize(options, out);
}

}  // namespace ss
