#include "ss/io/pipe_size.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "ss/io/input_file.hpp"
#include "ss/io/output_buffer.hpp"
#include "support/pipe.hpp"
#include "support/temp_dir.hpp"

namespace {

using ss::test::Pipe;

int pipe_size(int fd) { return ::fcntl(fd, F_GETPIPE_SZ); }

/// Whether this system lets this user's pipes grow to kPipeBytes now (Linux's default;
/// not past /proc/sys/fs/pipe-user-pages-soft, where the tools keep the pipes they get).
bool system_allows_large_pipes() {
  std::ifstream in("/proc/sys/fs/pipe-max-size");
  size_t max = 0;
  if (!(in >> max) || max < ss::kPipeBytes) return false;
  Pipe probe;
  return pipe_size(probe.write_end) == 65536 &&
         ::fcntl(probe.write_end, F_SETPIPE_SZ, static_cast<int>(ss::kPipeBytes)) >= 0;
}

}  // namespace

TEST_CASE("enlarge_pipe grows a pipe to 1 MiB and leaves other files alone", "[core][io]") {
  if (!system_allows_large_pipes()) return;
  Pipe pipe;
  REQUIRE(pipe_size(pipe.write_end) == 65536);
  ss::enlarge_pipe(pipe.write_end);
  CHECK(pipe_size(pipe.read_end) == static_cast<int>(ss::kPipeBytes));  // one pipe, both ends

  ss::test::TempDir dir;
  const int file = ::open(dir.write("f", "x").c_str(), O_RDONLY);
  REQUIRE(file >= 0);
  ss::enlarge_pipe(file);  // not a pipe: no error, nothing changed
  CHECK(pipe_size(file) == -1);
  ::close(file);
}

TEST_CASE("Standard output and input pipes of the tools hold 1 MiB", "[core][io]") {
  if (!system_allows_large_pipes()) return;
  SECTION("an OutputBuffer on a pipe") {
    Pipe pipe;
    ss::OutputBuffer out(pipe.write_end, "<stdout>");
    CHECK(pipe_size(pipe.read_end) == static_cast<int>(ss::kPipeBytes));
  }
  SECTION("an InputFile on a named pipe") {
    ss::test::TempDir dir;
    const std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Opened for both reading and writing, the FIFO does not wait for a writer.
    const int writer = ::open(fifo.c_str(), O_RDWR);
    REQUIRE(writer >= 0);
    REQUIRE(::write(writer, "{}\n{}\n", 6) == 6);  // the four bytes InputFile reads for a magic number
    ss::InputFile in(fifo);
    CHECK(pipe_size(writer) == static_cast<int>(ss::kPipeBytes));
    ::close(writer);
  }
}
