// Loaded with LD_PRELOAD: fcntl(F_SETPIPE_SZ) fails with EPERM, as on a system that
// refuses, so the tools keep the pipes they were given (64 KiB on Linux). The e2e test
// pipe_growth_refused checks that the output is then the same; bench/pipeline/run shows
// what the growth is worth with the same binaries.
#include <dlfcn.h>
#include <fcntl.h>

#include <cerrno>
#include <cstdarg>

namespace {

int forward(int fd, int cmd, long arg) {
  using Fcntl = int (*)(int, int, ...);
  const auto real = reinterpret_cast<Fcntl>(dlsym(RTLD_NEXT, "fcntl"));
  return real(fd, cmd, arg);
}

int refuse_or_forward(int fd, int cmd, va_list ap) {
  const long arg = va_arg(ap, long);
  if (cmd == F_SETPIPE_SZ) {
    errno = EPERM;
    return -1;
  }
  return forward(fd, cmd, arg);
}

}  // namespace

extern "C" int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  const int result = refuse_or_forward(fd, cmd, ap);
  va_end(ap);
  return result;
}

// glibc's other name for fcntl (the same function on 64-bit systems): refused the same way.
extern "C" int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));
