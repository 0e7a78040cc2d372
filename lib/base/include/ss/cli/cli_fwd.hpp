// CLI11's classes by name only. Options headers declare their flag registration with
// these, so that the ~20k lines of CLI/CLI.hpp are compiled only where flags are
// registered or parsed, not in every file that reads an options struct.
#pragma once

namespace CLI {
class App;
class Option;
}  // namespace CLI
