// Files the tools create beside their final names: never an existing file, never
// through a symlink that someone who can write the directory planted there.
#include "ss/state/temp_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/state/state_dir.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("create_new_file refuses a symlink planted under its name and leaves the target alone", "[core][state]") {
  TempDir tmp;
  const std::string victim = tmp.file("victim");
  std::ofstream(victim) << "secret\n";
  fs::create_symlink(victim, tmp.file("new"));
  errno = 0;
  CHECK(ss::create_new_file(tmp.file("new")) == -1);
  CHECK(errno == EEXIST);
  CHECK(slurp(victim) == "secret\n");
  fs::create_symlink(tmp.file("dangling-target"), tmp.file("dangling"));
  CHECK(ss::create_new_file(tmp.file("dangling")) == -1);
  CHECK_FALSE(fs::exists(tmp.file("dangling-target")));
}

TEST_CASE("TempFile writes under a fresh name and renames it into place on commit", "[core][state]") {
  TempDir tmp;
  const std::string target = tmp.file("out");
  {
    ss::TempFile file(target);
    CHECK(file.path().rfind(target + ".tmp." + std::to_string(::getpid()) + ".", 0) == 0);
    file.write("hello\n");
    CHECK_FALSE(fs::exists(target));
    file.commit();
  }
  CHECK(slurp(target) == "hello\n");
  CHECK(tmp.count() == 1);
}

TEST_CASE("TempFile dropped without commit removes its file", "[core][state]") {
  TempDir tmp;
  {
    ss::TempFile file(tmp.file("out"));
    file.write("half");
    CHECK(tmp.count() == 1);
  }
  CHECK(tmp.count() == 0);
}

TEST_CASE("TempFile creates files with mode 0666 less the umask", "[core][state]") {
  TempDir tmp;
  const mode_t old = ::umask(027);
  {
    ss::TempFile file(tmp.file("out"));
    file.commit();
  }
  ::umask(old);
  struct stat st {};
  REQUIRE(::stat(tmp.file("out").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
}

TEST_CASE("SnapshotWriter never writes through a symlink planted at its former fixed temp name", "[core][state]") {
  TempDir tmp;
  const std::string victim = tmp.file("victim");
  std::ofstream(victim) << "secret\n";
  const std::string path = tmp.file("sessionize.3.snap.zst");
  fs::create_symlink(victim, path + ".tmp." + std::to_string(::getpid()));
  {
    ss::SnapshotWriter w(path, "sessionize", "sessionize", 3, "{}");
    w.record("{}");
    w.commit();
  }
  CHECK(slurp(victim) == "secret\n");
  ss::SnapshotReader r(path, "sessionize");
  CHECK(r.record_count() == 1);
}

TEST_CASE("StateDir write_committed never writes through a symlink planted at COMMITTED.tmp", "[core][state]") {
  TempDir tmp;
  const std::string victim = tmp.file("victim");
  std::ofstream(victim) << "secret\n";
  fs::create_symlink(victim, tmp.file("COMMITTED.tmp"));
  const ss::StateDir state(tmp.path());
  state.write_committed(3);
  CHECK(slurp(victim) == "secret\n");
  CHECK(state.committed() == 3u);
  state.remove_committed_temps();
  CHECK_FALSE(fs::is_symlink(tmp.file("COMMITTED.tmp")));
  CHECK(slurp(victim) == "secret\n");
}
