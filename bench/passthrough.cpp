// ss-bench-passthrough: the run loop with PassThroughOperator, for bench/foundation.
// Every line is parsed with simdjson (its time field read and checked) and written out
// unchanged, so the figure is the ceiling of every NDJSON tool.
#include <CLI/CLI.hpp>

#include "pass_through_operator.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/op/run_loop.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Run loop benchmark: parse every NDJSON line and write it unchanged", "ss-bench-passthrough"};
  ss::StreamOptions options;
  ss::StreamFlagText text;
  ss::add_input_flags(app, options, text);
  ss::add_time_flags(app, text, "0");
  ss::add_key_flags(app, text, false);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_stream_options(text, options);
    ss::PassThroughOperator op;
    return ss::run_operator(op, options);
  });
}
