#include "ss/sink/background_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace {

struct TempFile {
  std::string path;
  int fd = -1;
  TempFile() {
    char name[] = "/tmp/ss-background-sync-XXXXXX";
    fd = ::mkstemp(name);
    path = name;
  }
  ~TempFile() {
    ::close(fd);
    ::unlink(path.c_str());
  }
};

}  // namespace

TEST_CASE("BackgroundSync flushes a file and reports nothing wrong", "[sink]") {
  TempFile file;
  REQUIRE(file.fd >= 0);
  ss::BackgroundSync sync;
  REQUIRE(::write(file.fd, "abc\n", 4) == 4);
  sync.request(file.fd);
  sync.drain();
  CHECK(sync.forget(file.fd) == 0);
  // Requests after forget are fine, and a pending one is dropped by forget.
  sync.request(file.fd);
  sync.request(file.fd);
  CHECK(sync.forget(file.fd) == 0);
}

TEST_CASE("BackgroundSync keeps a failed flush's error for that descriptor only", "[sink]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);  // fdatasync of a pipe fails (EINVAL)
  TempFile file;
  ss::BackgroundSync sync;
  sync.request(fds[1]);
  sync.drain();
  sync.request(file.fd);
  sync.drain();
  CHECK(sync.forget(file.fd) == 0);
  CHECK(sync.forget(fds[1]) == EINVAL);
  CHECK(sync.forget(fds[1]) == 0);  // reported once
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("BackgroundSync stops with a request still pending", "[sink]") {
  TempFile file;
  for (int i = 0; i < 20; ++i) {
    ss::BackgroundSync sync;
    sync.request(file.fd);
  }
  SUCCEED("joined");
}
