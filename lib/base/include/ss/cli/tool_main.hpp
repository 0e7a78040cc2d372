// The one place where a tool turns flags, exceptions and signals into exit codes:
// usage errors exit 2 with the reason, ss::Error maps through exit_code(), a closed
// downstream pipe ends the tool quietly. It also gives every tool --version.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <functional>
#include <string>

namespace ss {

/// Parses `argv` into `app` (whose callbacks fill an options struct), then runs `body`.
/// Returns the process exit status; prints `<tool>: <message>` on stderr for errors.
/// Adds `--version` to `app`: it prints version_line() on stdout and returns 0.
int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

/// Marks a flag whose empty value means something of its own (`--prefix ''`: no
/// prefix). run_cli refuses an empty value for every other flag that takes one, as
/// `--state "$STATE"` with STATE unset would otherwise pass for the flag not given.
CLI::Option* allow_empty_value(CLI::Option* option);

/// `ss-sessionize 0.1.0 (commit e937b29)`: the project's version and the commit the
/// build was configured from ("unknown" outside a git checkout).
std::string version_line(const std::string& tool);

/// Name used as the prefix of every diagnostic (`ss-sessionize`); set by run_cli.
const std::string& tool_name();
void set_tool_name(std::string name);

}  // namespace ss
