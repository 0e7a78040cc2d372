// Prints the size of the pipe on standard input once its writer has written, then reads
// the rest: `ss-ingest ... | ss-test-pipe-size` shows whether ss-ingest grew the pipe (it
// does so before it writes anything).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

int main() {
  char buffer[1 << 16];
  ssize_t n = read(0, buffer, 1);
  if (n <= 0) {
    std::fputs("ss-test-pipe-size: nothing was written to standard input\n", stderr);
    return 1;
  }
  const int size = fcntl(0, F_GETPIPE_SZ);
  while (n > 0) n = read(0, buffer, sizeof buffer);
  if (size < 0) {
    std::perror("ss-test-pipe-size: standard input is not a pipe");
    return 1;
  }
  std::printf("%d\n", size);
  return 0;
}
