// Parses flags through a tool's CLI::App as its main() would: the program name, then
// `args`. The options tests of every tool share it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ss::test {

/// Runs `app.parse` on `program` followed by `args`; CLI11's errors propagate.
inline void parse_flags(CLI::App& app, std::string program, std::vector<std::string> args) {
  args.insert(args.begin(), std::move(program));
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& a : args) argv.push_back(a.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

}  // namespace ss::test
