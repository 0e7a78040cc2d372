// ss-window: tumbling, sliding and global aggregations on event time, mergeable across shards.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/window/run_window.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Aggregate events per key in tumbling or sliding event-time windows, or all-time (--global)",
               "ss-window"};
  ss::WindowOptions options;
  ss::WindowFlagText text;
  ss::add_window_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_window_options(text, options);
    return ss::run_window(options);
  });
}
