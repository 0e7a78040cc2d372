// What StateDir::checked_restore_point refuses: state that a stage's record (or the
// sink's) promises but that is gone, told apart from a stage that never ran here.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/state/state_dir.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::StageRecord;
using ss::StateDir;

namespace {

using ss::test::TempDir;

void snapshot(const StateDir& state, const std::string& stage, uint64_t id) {
  ss::SnapshotWriter w(state.snapshot_path(stage, id), stage, stage, id, "{}");
  w.commit();
}

std::optional<uint64_t> point(const StateDir& state, const std::string& stage) {
  std::string warning;
  const auto p = state.checked_restore_point(stage, false, warning);
  CHECK(warning.empty());
  return p;
}

/// The message of the state error checked_restore_point throws, or a failed test.
std::string refusal(const StateDir& state, const std::string& stage) {
  std::string warning;
  try {
    state.checked_restore_point(stage, false, warning);
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(e.what(), Catch::Contains("--reset-state") && Catch::Contains("remove " + state.path()));
    return e.what();
  }
  FAIL("the state of " << stage << " was accepted");
  return {};
}

}  // namespace

TEST_CASE("checked_restore_point restores the snapshot at or before COMMITTED of a recorded stage", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("ingest", StageRecord{"ingest", 1});
  snapshot(state, "ingest", 2);
  snapshot(state, "ingest", 4);
  state.write_committed(3);
  CHECK(point(state, "ingest") == 2u);
}

TEST_CASE("checked_restore_point starts a stage without a record empty, as a stage new to the pipeline",
          "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_committed(5);
  CHECK_FALSE(point(state, "window"));
}

TEST_CASE("checked_restore_point refuses a recorded stage whose snapshot at COMMITTED was deleted", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("ingest", StageRecord{"ingest", 1});
  state.write_committed(3);
  const std::string message = refusal(state, "ingest");
  CHECK_THAT(message, Catch::Contains("COMMITTED names checkpoint 3, but stage ingest") &&
                          Catch::Contains(state.snapshot_path("ingest", 3) + " is missing"));
}

TEST_CASE("checked_restore_point with reset_state starts a stage whose snapshot is missing empty, with a warning",
          "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("sessionize", StageRecord{"sessionize", 1});
  state.write_committed(3);
  std::string warning;
  CHECK_FALSE(state.checked_restore_point("sessionize", true, warning));
  CHECK_THAT(warning, Catch::Contains("is missing") && Catch::Contains("starting empty (--reset-state)"));
}

TEST_CASE("checked_restore_point starts a stage empty whose first snapshot was never committed", "[core][state]") {
  // The stage joined the pipeline at checkpoint 4; the sink failed before committing it.
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("join", StageRecord{"join", 4});
  snapshot(state, "join", 4);
  state.write_committed(3);
  CHECK_FALSE(point(state, "join"));
}

TEST_CASE("checked_restore_point takes no snapshot from before a stage's fresh start", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  snapshot(state, "sessionize", 2);  // before --reset-state started it afresh at 6
  state.write_stage_record("sessionize", StageRecord{"sessionize", 6});
  state.write_committed(7);
  refusal(state, "sessionize");
}

TEST_CASE("checked_restore_point refuses a missing COMMITTED where a sink has recorded itself", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("sink", StageRecord{"sink", 0});
  state.write_stage_record("ingest", StageRecord{"ingest", 1});
  snapshot(state, "ingest", 2);
  CHECK_THAT(refusal(state, "ingest"), Catch::Contains(tmp.path().string() + "/COMMITTED is missing"));
}

TEST_CASE("checked_restore_point refuses a recorded stage of a sinkless pipeline whose snapshots are gone",
          "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("sessionize", StageRecord{"sessionize", 1});
  CHECK_THAT(refusal(state, "sessionize"), Catch::Contains("none is left"));
}

TEST_CASE("checked_restore_point takes the newest snapshot of a recorded stage without COMMITTED or sink",
          "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.write_stage_record("sessionize", StageRecord{"sessionize", 1});
  snapshot(state, "sessionize", 1);
  snapshot(state, "sessionize", 2);
  CHECK(point(state, "sessionize") == 2u);
}

TEST_CASE("record_stage keeps the record of a resumed stage and replaces it after a fresh start", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  state.record_stage("ingest", "ingest", 1, false);
  state.record_stage("ingest", "ingest", 5, true);
  CHECK(state.stage_record("ingest")->since == 1);
  state.record_stage("ingest", "ingest", 7, false);
  const auto record = state.stage_record("ingest");
  CHECK(record->tool == "ingest");
  CHECK(record->since == 7);
  CHECK_FALSE(state.sink_recorded());
  state.record_stage("sink", "sink", 0, false);
  CHECK(state.sink_recorded());
}

TEST_CASE("unrestorable_stage: a barrier whose snapshot an upstream stage removed", "[core][state]") {
  // Before COMMITTED exists a stage keeps only its newest snapshot; a sink that starts
  // late reads barriers whose snapshots are gone and must not commit them.
  TempDir tmp;
  const StateDir state(tmp.path());
  CHECK_FALSE(state.unrestorable_stage(1));  // nothing recorded: nothing to lose
  snapshot(state, "ingest", 1);
  state.record_stage("ingest", "ingest", 1, false);
  snapshot(state, "sessionize", 1);
  state.record_stage("sessionize", "sessionize", 1, false);
  CHECK_FALSE(state.unrestorable_stage(1));
  snapshot(state, "ingest", 2);
  state.remove_superseded("ingest", 2);
  snapshot(state, "ingest", 3);
  state.remove_superseded("ingest", 3);
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{3});
  CHECK(state.unrestorable_stage(1) == "ingest");
  CHECK(state.unrestorable_stage(2) == "ingest");
  CHECK_FALSE(state.unrestorable_stage(3));
  CHECK_FALSE(state.unrestorable_stage(4));  // sessionize's 1 is its state at 4 (nothing new since)
  // A sink's record is not asked; a stage that started after the barrier is not either.
  snapshot(state, "sink", 5);
  state.record_stage("sink", "sink", 0, false);
  snapshot(state, "window", 9);
  state.record_stage("window", "window", 9, false);
  CHECK_FALSE(state.unrestorable_stage(3));
}

TEST_CASE("unrestorable_stage does not wait on a stage whose snapshots are all gone", "[core][state]") {
  // Damage, not a race: no later barrier would mend it, and the restore says so.
  TempDir tmp;
  const StateDir state(tmp.path());
  state.record_stage("ingest", "ingest", 1, false);
  CHECK_FALSE(state.unrestorable_stage(1));
}

TEST_CASE("remove_superseded keeps what a restore may choose", "[core][state]") {
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {1u, 2u, 3u}) snapshot(state, "ingest", id);
  state.remove_superseded("ingest", 3);  // no COMMITTED: the newest only
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{3});
  state.write_committed(0);
  for (uint64_t id : {4u, 5u}) snapshot(state, "ingest", id);
  state.remove_superseded("ingest", 5);  // COMMITTED 0: a sink may commit any of them
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{3, 4, 5});
  state.write_committed(4);
  snapshot(state, "ingest", 6);
  state.remove_superseded("ingest", 6);  // the restore point (4) and everything newer
  CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{4, 5, 6});
}

TEST_CASE("remove_superseded and write_committed wait for the directory's lock", "[core][state]") {
  // The two take turns: a stage never removes, on a reading of "no COMMITTED" taken just
  // before the sink's first COMMITTED, a snapshot the sink then checks and commits.
  TempDir tmp;
  const StateDir state(tmp.path());
  for (uint64_t id : {1u, 2u}) snapshot(state, "ingest", id);
  const int dir = ::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(dir >= 0);
  if (::flock(dir, LOCK_EX) != 0) {  // a file system that cannot lock a directory: runs unlocked
    ::close(dir);
    return;
  }
  SECTION("a stage's removal waits for COMMITTED being written") {
    std::atomic<bool> removed{false};
    std::thread stage([&] {
      state.remove_superseded("ingest", 2);
      removed = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(removed);
    CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{1, 2});
    tmp.write("COMMITTED", "{\"checkpoint\":0}\n");  // the sink's first, while the stage waits
    ::flock(dir, LOCK_UN);
    stage.join();
    CHECK(removed);
    CHECK(state.snapshot_ids("ingest") == std::vector<uint64_t>{1, 2});  // COMMITTED 0: both may be chosen
  }
  SECTION("COMMITTED waits for a stage's removal") {
    std::atomic<bool> written{false};
    std::thread sink([&] {
      state.write_committed(0);
      written = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(written);
    CHECK_FALSE(state.committed());
    ::flock(dir, LOCK_UN);
    sink.join();
    CHECK(state.committed() == 0u);
  }
  ::close(dir);
}
