/* Loaded with LD_PRELOAD by bench/pipeline/run: fcntl(F_SETPIPE_SZ) fails with EPERM, as
 * on a system that refuses, so the tools keep 64 KiB pipes. The same binaries then
 * show what growing the pipes to 1 MiB is worth. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

static int forward(const char* name, int fd, int cmd, long arg) {
  int (*real)(int, int, ...) = (int (*)(int, int, ...))dlsym(RTLD_NEXT, name);
  return real(fd, cmd, arg);
}

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  const long arg = va_arg(ap, long);
  va_end(ap);
  if (cmd == F_SETPIPE_SZ) {
    errno = EPERM;
    return -1;
  }
  return forward("fcntl", fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  const long arg = va_arg(ap, long);
  va_end(ap);
  if (cmd == F_SETPIPE_SZ) {
    errno = EPERM;
    return -1;
  }
  return forward("fcntl64", fd, cmd, arg);
}
