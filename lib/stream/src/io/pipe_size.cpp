#include "ss/io/pipe_size.hpp"

#include <fcntl.h>
#include <sys/stat.h>

namespace ss {

void enlarge_pipe(int fd) noexcept {
#ifdef F_SETPIPE_SZ  // Linux only; elsewhere pipes keep their size
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  const int size = ::fcntl(fd, F_GETPIPE_SZ);
  if (size >= 0 && static_cast<size_t>(size) < kPipeBytes) ::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(kPipeBytes));
#else
  (void)fd;
#endif
}

}  // namespace ss
