// ss-sink: the end of a pipeline; writes records to stdout, files or SQLite, and
// commits them at checkpoint barriers for exactly-once output with --state.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/sink/run_sink.hpp"
#include "ss/sink/sink_options.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write records to stdout, files or SQLite, committed at checkpoint barriers", "ss-sink"};
  ss::SinkOptions options;
  ss::SinkFlagText text;
  ss::add_sink_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_sink_options(text, options);
    return ss::run_sink(options);
  });
}
