#include "ss/op/diagnostics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.hpp"

namespace {

/// What `body` writes to stderr (fd 2), caught in a file.
template <typename Body>
std::string stderr_of(const ss::test::TempDir& dir, Body body) {
  const std::string path = dir.file("stderr");
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  ::dup2(fd, 2);
  ::close(fd);
  body();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("Diagnostics shows the first bad lines on stderr unless told not to", "[op]") {
  ss::test::TempDir dir;
  const std::string kept = dir.file("bad.ndjson");
  ss::Diagnostics shown("", "", false);
  CHECK(stderr_of(dir, [&] { shown.bad_line("in", 3, "not valid JSON", "nope"); }).find("in:3: not valid JSON") !=
        std::string::npos);

  ss::Diagnostics quiet(kept, "", false);
  quiet.show_bad_lines(false);
  CHECK(stderr_of(dir, [&] { quiet.bad_line("in", 4, "not valid JSON", "nope"); }).empty());
  quiet.flush();
  CHECK(quiet.bad_lines() == 1);
  std::ifstream in(kept);
  std::string line;
  std::getline(in, line);
  CHECK(line == R"({"source":"in","line":4,"reason":"not valid JSON","raw":"nope"})");
}
