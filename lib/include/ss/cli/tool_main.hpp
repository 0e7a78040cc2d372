// The one place where a tool turns flags, exceptions and signals into exit codes:
// usage errors exit 2 with the reason, ss::Error maps through exit_code(), a closed
// downstream pipe ends the tool quietly.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <functional>
#include <string>

namespace ss {

/// Parses `argv` into `app` (whose callbacks fill an options struct), then runs `body`.
/// Returns the process exit status; prints `<tool>: <message>` on stderr for errors.
int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

/// Name used as the prefix of every diagnostic (`ss-sessionize`); set by run_cli.
const std::string& tool_name();
void set_tool_name(std::string name);

}  // namespace ss
