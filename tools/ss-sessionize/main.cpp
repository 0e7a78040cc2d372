// ss-sessionize: per-key sessions cut at inactivity gaps, on event time.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/session/run_sessionize.hpp"
#include "ss/session/session_options.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Group events into per-key sessions cut at inactivity gaps, on event time", "ss-sessionize"};
  ss::SessionOptions options;
  ss::SessionFlagText text;
  ss::add_sessionize_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_sessionize_options(text, options);
    return ss::run_sessionize(options);
  });
}
