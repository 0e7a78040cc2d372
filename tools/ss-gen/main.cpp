// ss-gen: deterministic synthetic web-access events for demos, tests and benchmarks.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/gen/gen_options.hpp"
#include "ss/gen/run_gen.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write realistic synthetic web-access events, the same bytes for the same flags.", "ss-gen"};
  ss::GenOptions options;
  ss::add_gen_flags(app, options);
  return ss::run_cli(app, argc, argv, [&] { return ss::run_gen(options); });
}
