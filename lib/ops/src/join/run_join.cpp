#include "ss/join/run_join.hpp"

#include "ss/join/interval_join_operator.hpp"
#include "ss/join/lookup_join_operator.hpp"

namespace ss {

int run_join(const JoinOptions& options, OutputBuffer& out, RunStats* stats) {
  if (options.interval) {
    IntervalJoinOperator op(options);
    return run_operator(op, options.stream, out, stats);
  }
  LookupJoinOperator op(options);
  return run_operator(op, options.stream, out, stats);
}

int run_join(const JoinOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_join(options, out);
}

}  // namespace ss
