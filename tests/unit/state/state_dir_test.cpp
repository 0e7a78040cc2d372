#include "ss/state/state_dir.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::StateDir;

namespace {

using ss::test::TempDir;

void touch(const std::string& path, std::string_view content = "") {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  REQUIRE(out.good());
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void snapshot(const StateDir& state, const std::string& stage, uint64_t id) {
  ss::SnapshotWriter w(state.snapshot_path(stage, id), stage, stage, id, "{}");
  w.commit();
}

}  // namespace

TEST_CASE("StateDir creates a missing directory", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.file("st"));
  CHECK(fs::is_directory(tmp.file("st")));
  CHECK(state.path() == tmp.file("st"));
}

TEST_CASE("StateDir drops trailing slashes from its path", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path().string() + "//");
  CHECK(state.path() == tmp.path());
  CHECK(state.snapshot_path("ingest", 4) == tmp.path().string() + "/ingest.4.snap.zst");
}

TEST_CASE("StateDir refuses a path that is a file or cannot be made", "[core][state]") {
  TempDir tmp;
  touch(tmp.file("plain"));
  for (const auto& path : {tmp.file("plain"), tmp.file("missing/parent")}) {
    try {
      StateDir state(path);
      FAIL("StateDir accepted " << path);
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::io);
    }
  }
}

TEST_CASE("StateDir snapshot_ids lists one stage's ids in numeric order", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (const char* name : {"sessionize.10.snap.zst", "sessionize.9.snap.zst", "sessionize.100.snap.zst",
                           "sessionize.2.snap.zst", "ingest.5.snap.zst", "sessionize2.7.snap.zst",
                           "sessionize.8.snap.zst.tmp.1234", "sessionize.x.snap.zst", "sessionize..snap.zst",
                           "sessionize.-3.snap.zst", "sessionize.11.snap", "COMMITTED", "sessionize.12.snap.zst.bak"})
    touch(tmp.file(name));
  CHECK(state.snapshot_ids("sessionize") == std::vector<uint64_t>{2, 9, 10, 100});
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{5});
  CHECK(state.snapshot_ids("window").empty());
}

TEST_CASE("StateDir committed is empty without a COMMITTED file", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  CHECK_FALSE(state.committed());
}

TEST_CASE("StateDir write_committed and committed round trip", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_committed(7);
  CHECK(state.committed() == 7u);
  CHECK(slurp(tmp.file("COMMITTED")) == "{\"checkpoint\":7}\n");
  state.write_committed(9999999999999999999ULL);  // the largest id with 19 digits
  CHECK(state.committed() == 9999999999999999999ULL);
  CHECK(tmp.names() == std::vector<std::string>{"COMMITTED"});  // no temp file left
}

TEST_CASE("StateDir committed reads a COMMITTED file written by another program", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  touch(tmp.file("COMMITTED"), "{\"checkpoint\":12}");
  CHECK(state.committed() == 12u);
}

TEST_CASE("StateDir committed refuses a garbled COMMITTED file as a state error", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (const char* text : {"", "garbage", "{\"checkpoint\":}", "{\"checkpoint\":\"7\"}", "{\"id\":7}",
                           "{\"checkpoint\":99999999999999999999999}"}) {
    INFO("\"" << text << "\"");
    touch(tmp.file("COMMITTED"), text);
    try {
      (void)state.committed();
      FAIL("accepted a garbled COMMITTED");
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::state);
      CHECK_THAT(e.what(), Catch::Contains("COMMITTED"));
    }
  }
}

TEST_CASE("StateDir restore_point is empty when the stage has no snapshot", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  CHECK_FALSE(state.restore_point("sessionize"));
  state.write_committed(3);
  CHECK_FALSE(state.restore_point("sessionize"));
}

TEST_CASE("StateDir restore_point takes the newest snapshot when there is no COMMITTED", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {3u, 12u, 5u}) snapshot(state, "sessionize", id);
  CHECK(state.restore_point("sessionize") == 12u);
}

TEST_CASE("StateDir restore_point takes the newest snapshot at or before COMMITTED", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {3u, 5u, 8u, 12u}) snapshot(state, "sessionize", id);
  state.write_committed(8);
  CHECK(state.restore_point("sessionize") == 8u);  // exactly at
  state.write_committed(11);
  CHECK(state.restore_point("sessionize") == 8u);  // the stage skipped 9..11
  state.write_committed(100);
  CHECK(state.restore_point("sessionize") == 12u);
}

TEST_CASE("StateDir restore_point is empty when every snapshot is newer than COMMITTED", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {5u, 6u}) snapshot(state, "sessionize", id);
  state.write_committed(4);
  CHECK_FALSE(state.restore_point("sessionize"));
}

TEST_CASE("StateDir remove_older removes only the stage's older snapshots", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {1u, 2u, 3u, 4u}) snapshot(state, "sessionize", id);
  snapshot(state, "ingest", 1);
  state.write_committed(2);
  state.remove_older("sessionize", 3);
  CHECK(state.snapshot_ids("sessionize") == std::vector<uint64_t>{3, 4});
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{1});
  CHECK(fs::exists(tmp.file("COMMITTED")));
  state.remove_older("sessionize", 0);
  CHECK(state.snapshot_ids("sessionize") == std::vector<uint64_t>{3, 4});
}

TEST_CASE("StateDir remove_older removes the stage's stray temp files", "[core][state]") {
  // The header promises it: a crash between open and rename leaves
  // <stage>.<id>.snap.zst.tmp.<pid> behind, and nothing else ever removes it.
  TempDir tmp;
  const StateDir state(tmp.path());
  snapshot(state, "sessionize", 4);
  touch(tmp.file("sessionize.3.snap.zst.tmp.99999"), "half a snapshot");
  state.remove_older("sessionize", 4);
  CHECK(tmp.names() == std::vector<std::string>{"sessionize.4.snap.zst"});
}

TEST_CASE("sync_directory accepts a directory and refuses a missing one", "[core][state]") {
  TempDir tmp;
  CHECK_NOTHROW(ss::sync_directory(tmp.path()));
  try {
    ss::sync_directory(tmp.file("missing"));
    FAIL("synced a missing directory");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
  }
}
