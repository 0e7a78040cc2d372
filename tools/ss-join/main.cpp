// ss-join: enrich a stream from a static, changing or versioned table, or join it with
// a second stream within a time interval.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/join/join_options.hpp"
#include "ss/join/run_join.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Enrich events with the fields of a table row that has the same key, or join two streams in time",
               "ss-join"};
  ss::JoinOptions options;
  ss::JoinFlagText text;
  ss::add_join_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_join_options(text, options);
    return ss::run_join(options);
  });
}
