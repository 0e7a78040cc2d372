#include "ss/io/output_buffer.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "ss/base/error.hpp"
#include "support/pipe.hpp"
#include "support/temp_dir.hpp"

namespace {

using ss::test::Pipe;

using ss::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("OutputBuffer holds lines until flush and then writes them with newlines", "[core][io]") {
  Pipe pipe;
  REQUIRE(::fcntl(pipe.read_end, F_SETFL, O_NONBLOCK) == 0);
  ss::OutputBuffer out(pipe.write_end, "<pipe>");
  CHECK(out.name() == "<pipe>");
  out.line("{\"a\":1}");
  out.buffer() += "{\"b\":";
  out.buffer() += "2}";
  out.end_line();
  CHECK(drain(pipe.read_end).empty());  // nothing written before flush
  out.flush();
  CHECK(drain(pipe.read_end) == "{\"a\":1}\n{\"b\":2}\n");
  CHECK(out.buffer().empty());
  out.flush();  // nothing buffered: writes nothing
  CHECK(drain(pipe.read_end).empty());
}

TEST_CASE("OutputBuffer flushes by itself once the buffer reaches the flush size", "[core][io]") {
  Pipe pipe;
  REQUIRE(::fcntl(pipe.read_end, F_SETFL, O_NONBLOCK) == 0);
  ss::OutputBuffer out(pipe.write_end, "<pipe>", 16);
  out.line("12345");
  CHECK(drain(pipe.read_end).empty());
  out.line("1234567890");  // 6 + 11 bytes >= 16
  CHECK(drain(pipe.read_end) == "12345\n1234567890\n");
}

TEST_CASE("OutputBuffer waits on a non-blocking descriptor instead of failing", "[core][io]") {
  // A shell may hand a tool a non-blocking stdout: write() then says EAGAIN whenever the
  // pipe is full, which is back-pressure, not an error.
  Pipe pipe;
  REQUIRE(::fcntl(pipe.write_end, F_SETFL, O_NONBLOCK) == 0);
  const std::string line(1000, 'x');
  std::string got;
  std::thread reader([&] { got = drain(pipe.read_end); });
  {
    ss::OutputBuffer out(pipe.write_end, "<stdout>", 1u << 20);
    // 4 MB: far more than the pipe holds, though OutputBuffer grows it to 1 MiB.
    for (int i = 0; i < 4000; ++i) out.line(line);
    out.flush();
  }
  pipe.close_write();
  reader.join();
  CHECK(got.size() == 4000 * 1001);
  CHECK(got.substr(0, 1001) == line + "\n");
}

TEST_CASE("OutputBuffer throws BrokenPipe when the reader has gone", "[core][io]") {
  // The tools ignore SIGPIPE so that write() reports EPIPE instead of killing them.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  Pipe pipe;
  pipe.close_read();
  ss::OutputBuffer out(pipe.write_end, "<stdout>");
  out.line("nobody reads this");
  CHECK_THROWS_AS(out.flush(), ss::BrokenPipe);
  CHECK(out.buffer().empty());  // the lost output is dropped, not retried
  std::signal(SIGPIPE, previous);
}

TEST_CASE("OutputBuffer throws an I/O error naming the output when the disk is full", "[core][io]") {
  const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  ss::OutputBuffer out(fd, "full-disk.ndjson");
  out.line("{\"a\":1}");
  try {
    out.flush();
    FAIL("writing to /dev/full did not fail");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("full-disk.ndjson"));
  }
  ::close(fd);
}

TEST_CASE("OutputBuffer open_file truncates or appends and closes the file with the buffer", "[core][io]") {
  TempDir dir;
  const auto path = dir.file("out.ndjson");
  {
    auto out = ss::OutputBuffer::open_file(path, false);
    out.line("one");
    out.flush();
  }
  CHECK(slurp(path) == "one\n");
  {
    auto out = ss::OutputBuffer::open_file(path, true);
    out.line("two");
    out.sync();
  }
  CHECK(slurp(path) == "one\ntwo\n");
  {
    auto out = ss::OutputBuffer::open_file(path, false);
    out.line("three");
    out.flush();
  }
  CHECK(slurp(path) == "three\n");
}

TEST_CASE("OutputBuffer open_file throws an I/O error for a path it cannot create", "[core][io]") {
  TempDir dir;
  try {
    ss::OutputBuffer::open_file(dir.file("no/such/dir/out.ndjson"), false);
    FAIL("opened a file in a missing directory");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("out.ndjson"));
  }
}

TEST_CASE("OutputBuffer moved into a new object keeps its buffer and file", "[core][io]") {
  TempDir dir;
  const auto path = dir.file("moved.ndjson");
  auto first = ss::OutputBuffer::open_file(path, false);
  first.line("kept");
  ss::OutputBuffer second(std::move(first));
  second.line("more");
  second.flush();
  CHECK(slurp(path) == "kept\nmore\n");
  CHECK(second.name() == path);
}

TEST_CASE("OutputBuffer sync on a pipe succeeds", "[core][io]") {
  Pipe pipe;
  REQUIRE(::fcntl(pipe.read_end, F_SETFL, O_NONBLOCK) == 0);
  ss::OutputBuffer out(pipe.write_end, "<pipe>");
  out.line("x");
  CHECK_NOTHROW(out.sync());
  CHECK(drain(pipe.read_end) == "x\n");
}
