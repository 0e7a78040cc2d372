// DIR/<stage>.lock: one run per stage of a state directory at a time.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "ss/base/error.hpp"
#include "ss/state/state_dir.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::StateDir;

namespace {

using ss::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The error a second lock of `stage` throws, or a failed test.
ss::Error second_lock_error(const std::string& dir, const std::string& stage) {
  StateDir other(dir);
  try {
    other.lock(stage);
  } catch (const ss::Error& e) {
    return e;
  }
  FAIL("a second lock of " << stage << " was granted");
  return ss::Error(ss::ErrorKind::internal, "");
}

}  // namespace

TEST_CASE("StateDir lock refuses a second run of the same stage as busy, naming the holder's pid", "[core][state]") {
  TempDir tmp;
  StateDir first(tmp.path());
  first.lock("sessionize");
  // A second open file description of the same file: flock() refuses it like another process.
  const ss::Error e = second_lock_error(tmp.path(), "sessionize");
  CHECK(e.kind() == ss::ErrorKind::busy);
  CHECK(ss::exit_code(e.kind()) == 4);
  CHECK_THAT(e.what(), Catch::Contains("state directory " + tmp.path().string() + " is in use by another run (" +
                                       tmp.file("sessionize.lock") + " held by pid " + std::to_string(::getpid()) +
                                       "); refusing to run two pipelines on one state"));
}

TEST_CASE("StateDir lock of one stage leaves the other stages of the directory free", "[core][state]") {
  TempDir tmp;
  StateDir ingest(tmp.path());
  ingest.lock("ingest");
  StateDir sink(tmp.path());
  CHECK_NOTHROW(sink.lock("sink"));
}

TEST_CASE("StateDir lock is released when its holder is destroyed", "[core][state]") {
  TempDir tmp;
  {
    StateDir first(tmp.path());
    first.lock("ingest");
  }
  StateDir second(tmp.path());
  CHECK_NOTHROW(second.lock("ingest"));
  CHECK(slurp(tmp.file("ingest.lock")) == std::to_string(::getpid()) + "\n");
}

TEST_CASE("StateDir lock held by a process is released by the kernel when that process is killed", "[core][state]") {
  TempDir tmp;
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      StateDir held(tmp.path());
      held.lock("sink");
      (void)::write(ready[1], "x", 1);
      for (;;) ::pause();
    } catch (...) {
      ::_exit(1);
    }
  }
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  const ss::Error e = second_lock_error(tmp.path(), "sink");
  CHECK(e.kind() == ss::ErrorKind::busy);
  CHECK_THAT(e.what(), Catch::Contains("held by pid " + std::to_string(child)));
  ::kill(child, SIGKILL);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  ::close(ready[0]);
  ::close(ready[1]);
  StateDir after(tmp.path());
  CHECK_NOTHROW(after.lock("sink"));
}

TEST_CASE("StateDir lock refuses a symlink planted under the lock file's name", "[core][state]") {
  TempDir tmp;
  const std::string victim = tmp.file("victim");
  std::ofstream(victim) << "secret\n";
  fs::create_symlink(victim, tmp.file("sink.lock"));
  StateDir dir(tmp.path());
  try {
    dir.lock("sink");
    FAIL("a symlinked lock file was used");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(e.what(), Catch::Contains("symbolic link"));
  }
  CHECK(slurp(victim) == "secret\n");
}

TEST_CASE("StateDir lock never writes into a lock file that has other hard links", "[core][state]") {
  TempDir tmp;
  const std::string victim = tmp.file("victim");
  std::ofstream(victim) << "secret\n";
  fs::create_hard_link(victim, tmp.file("sink.lock"));
  StateDir dir(tmp.path());
  CHECK_NOTHROW(dir.lock("sink"));
  CHECK(slurp(victim) == "secret\n");
}
