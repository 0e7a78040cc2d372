#include "ss/gen/run_gen.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "gen_test_support.hpp"
#include "support/pipe.hpp"

namespace {

using ss::test::Pipe;

/// EPIPE needs SIGPIPE ignored, as run_cli does for the tools.
void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace

TEST_CASE("run_gen writes what the generator makes", "[gen]") {
  ss::GenOptions o;
  o.events = 3000;
  o.bad_lines = 0.01;
  Pipe pipe;
  std::string got;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(pipe.read_end, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  });
  CHECK(ss::run_gen(o, pipe.write_end) == 0);
  pipe.close_write();
  reader.join();
  CHECK(got == ss::gen_test::generate(o));
}

TEST_CASE("run_gen ends quietly with status 0 when the reader closes early", "[gen]") {
  ignore_sigpipe();
  ss::GenOptions o;
  o.events = 100000;  // far more than the pipe holds
  Pipe pipe;
  pipe.close_read();
  CHECK(ss::run_gen(o, pipe.write_end) == 0);
}

TEST_CASE("run_gen with --rate paces lines without changing them", "[gen]") {
  ss::GenOptions o;
  o.events = 60;
  o.rate = 300;  // 60 lines: the last is due 59/300 s after the first
  Pipe pipe;
  std::string got;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(pipe.read_end, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  });
  const auto begin = std::chrono::steady_clock::now();
  CHECK(ss::run_gen(o, pipe.write_end) == 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  pipe.close_write();
  reader.join();
  CHECK(seconds >= 59.0 / 300);
  o.rate = 0;
  CHECK(got == ss::gen_test::generate(o));
}
