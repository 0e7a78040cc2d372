#include "ss/cli/tool_main.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <new>

#include "ss/base/error.hpp"
#include "ss/cli/build_info.hpp"

namespace ss {

namespace {
std::string& tool_name_storage() {
  static std::string name = "ss";
  return name;
}
/// The name of the validator that allow_empty_value() adds: a mark that the option
/// carries, so that it lives and dies with the option's App.
constexpr const char* kEmptyAllowed = "empty value allowed";

bool empty_allowed(CLI::Option& option) {
  // CLI11 2.1 finds a validator by name or throws; there is no query that does not.
  try {
    option.get_validator(kEmptyAllowed);
    return true;
  } catch (const CLI::OptionNotFound&) {
    return false;
  }
}

/// Refuses an empty value for every flag that takes one: `--state "$STATE"` with STATE
/// unset would otherwise run as if the flag were not given (no state, no bad-lines
/// file, no filter), with exit 0. Files named on the command line are left to the
/// open that follows, which names them; flags marked by allow_empty_value() are exempt.
void refuse_empty_values(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    if (option->get_positional() || option->get_items_expected_min() == 0) continue;
    if (empty_allowed(*option)) continue;
    option->check([](const std::string& value) {
      return value.empty() ? std::string("expected a value, got an empty string") : std::string();
    });
  }
}

}  // namespace

CLI::Option* allow_empty_value(CLI::Option* option) {
  // Checks nothing and says nothing in --help (no description): only its name counts.
  return option->check(CLI::Validator([](const std::string&) { return std::string(); }, "", kEmptyAllowed));
}

const std::string& tool_name() { return tool_name_storage(); }
void set_tool_name(std::string name) { tool_name_storage() = std::move(name); }

std::string version_line(const std::string& tool) {
  return fmt::format("{} {} (commit {})", tool, build_info::kVersion, build_info::kCommit);
}

int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  set_tool_name(app.get_name());
  app.set_version_flag("--version", version_line(app.get_name()),
                       "Print the version and the commit the tool was built from, then exit");
  // A closed pipe is reported as EPIPE by write(), which the output layer turns into a
  // quiet exit; the default SIGPIPE action would kill us before we could clean up.
  std::signal(SIGPIPE, SIG_IGN);
  refuse_empty_values(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}: {}\nRun with --help for usage.\n", tool_name(), e.what());
    return 2;
  } catch (const Error& e) {
    fmt::print(stderr, "{}: {}\n", tool_name(), e.what());
    return exit_code(e.kind());
  }
  try {
    return body();
  } catch (const BrokenPipe&) {
    return 0;  // `ss-x | head`: the reader has all it wanted
  } catch (const Error& e) {
    fmt::print(stderr, "{}: {}\n", tool_name(), e.what());
    return exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "{}: out of memory\n", tool_name());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: internal error: {}\n", tool_name(), e.what());
    return exit_code(ErrorKind::internal);
  }
}

}  // namespace ss
