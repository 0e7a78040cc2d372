// The one error type of the toolkit: a kind that maps to an exit code, and a message
// that names the object it is about. Library code throws it; only run_tool() exits.
#pragma once

#include <stdexcept>
#include <string>

namespace ss {

enum class ErrorKind {
  usage,     ///< bad flag or value: exit 2
  data,      ///< bad input under --strict: exit 1
  io,        ///< read, write, fsync or rename failed: exit 1
  state,     ///< missing, corrupt, truncated, foreign or incompatible state: exit 3
  busy,      ///< the state directory's lock is held by another running pipeline: exit 4
  internal,  ///< a bug: exit 70
};

/// Exit status for an error kind, as DESIGN.md lists them.
int exit_code(ErrorKind kind) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// Thrown when the reader of our stdout went away (EPIPE): the tool ends quietly.
class BrokenPipe : public std::exception {
 public:
  const char* what() const noexcept override { return "broken pipe"; }
};

[[noreturn]] inline void throw_usage(const std::string& message) { throw Error(ErrorKind::usage, message); }
[[noreturn]] inline void throw_io(const std::string& message) { throw Error(ErrorKind::io, message); }
[[noreturn]] inline void throw_state(const std::string& message) { throw Error(ErrorKind::state, message); }
[[noreturn]] inline void throw_busy(const std::string& message) { throw Error(ErrorKind::busy, message); }
[[noreturn]] inline void throw_data(const std::string& message) { throw Error(ErrorKind::data, message); }

}  // namespace ss

/// Programmer errors only; on in Debug builds and tests.
#ifdef NDEBUG
#define SS_ASSERT(cond) ((void)0)
#else
#include <cstdio>
#include <cstdlib>
#define SS_ASSERT(cond) \
  ((cond) ? (void)0     \
          : (std::fprintf(stderr, "assertion failed: %s at %s:%d\n", #cond, __FILE__, __LINE__), std::abort()))
#endif
