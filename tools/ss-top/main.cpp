// ss-top: a live view of the top keys of each window of ss-window (or of session
// buckets of ss-sessionize), as a terminal screen or as plain tables in a pipe.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/top/run_top.hpp"
#include "ss/top/top_options.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Show the top keys of each window of ss-window or ss-sessionize rows, live in a terminal", "ss-top"};
  ss::TopOptions options;
  ss::TopFlagText text;
  ss::add_top_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_top_options(text, options);
    return ss::run_top(options);
  });
}
