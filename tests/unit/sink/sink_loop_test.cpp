#include "ss/sink/run_sink.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "sink_test_support.hpp"
#include "ss/base/error.hpp"
#include "ss/state/state_dir.hpp"

using sink_test::ChangeDir;
using sink_test::query;
using sink_test::TempDir;
using ss::SinkOptions;
using ss::SinkStats;
using Rows = std::vector<std::string>;

namespace {

SinkOptions options_for(const std::string& to, const std::string& input) {
  SinkOptions o;
  o.stream.inputs = {input};
  o.time_fields = {ss::FieldPath("ts")};
  if (to.rfind("file:", 0) == 0) {
    o.kind = ss::DestinationKind::file;
    o.target = to.substr(5);
  } else if (to.rfind("sqlite:", 0) == 0) {
    o.kind = ss::DestinationKind::sqlite;
    o.target = to.substr(7);
    o.table = "t";
  }
  return o;
}

/// Runs the sink with stdout going to a file; returns what it wrote there.
std::string run(const SinkOptions& o, SinkStats* stats = nullptr, int expected_status = 0) {
  const int fd = ::open("stdout.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  REQUIRE(fd >= 0);
  {
    ss::OutputBuffer out(fd, "<stdout>");
    const int status = ss::run_sink(o, out, stats);
    CHECK(status == expected_status);
  }
  ::close(fd);
  return sink_test::slurp("stdout.txt");
}

std::string committed_file() { return sink_test::slurp("st/COMMITTED"); }

}  // namespace

TEST_CASE("run_sink writes records to stdout and never a control record", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson",
                  "{\"a\":1}\n{\"_ss\":\"watermark\",\"ts\":\"2026-01-01T00:00:00Z\"}\nnot json\n[1]\n"
                  "{\"_ss\":\"checkpoint\",\"id\":3}\n{\"a\":2}\n{\"_ss\":\"other\"}\n");
  SinkStats stats;
  CHECK(run(options_for("-", "in.ndjson"), &stats) == "{\"a\":1}\n{\"a\":2}\n");
  CHECK(stats.records == 2);
  CHECK(stats.bad_lines == 2);
  CHECK(stats.commits == 2);  // at the barrier and at end of input
}

TEST_CASE("run_sink with --state writes COMMITTED 0 at its first start", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson", "");
  SinkOptions o = options_for("file:out/part.ndjson", "in.ndjson");
  o.stream.state_dir = "st";
  run(o);
  CHECK(committed_file() == "{\"checkpoint\":0}\n");
}

TEST_CASE("run_sink commits at each barrier and leaves what follows the last one to the replay", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson",
                  "{\"i\":1}\n{\"_ss\":\"checkpoint\",\"id\":1}\n{\"i\":2}\n{\"i\":3}\n"
                  "{\"_ss\":\"checkpoint\",\"id\":2}\n{\"i\":4}\n");
  SinkOptions o = options_for("file:out/part.ndjson", "in.ndjson");
  o.stream.state_dir = "st";
  SinkStats stats;
  // The input ends without a final barrier after records: upstream stopped early.
  run(o, &stats, 1);
  CHECK(tmp.files() == std::vector<std::string>{"in.ndjson", "out/.part.ndjson.ss-sink-owner", "out/part-1-0.ndjson",
                                                "out/part-2-0.ndjson", "st/COMMITTED", "st/pipeline-id", "st/sink.lock",
                                                "st/sink.stage", "stdout.txt"});
  CHECK(sink_test::slurp("out/part-2-0.ndjson") == "{\"i\":2}\n{\"i\":3}\n");
  CHECK(committed_file() == "{\"checkpoint\":2}\n");
  CHECK(stats.not_committed == 1);
  CHECK(stats.last_commit == 2);
}

TEST_CASE("run_sink commits a run without barriers as the next checkpoint", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"i\":2}\n");
  SinkOptions o = options_for("sqlite:out.db", "in.ndjson");
  o.stream.state_dir = "st";
  ss::StateDir("st").write_committed(6);
  run(o);
  CHECK(committed_file() == "{\"checkpoint\":7}\n");
  CHECK(query("out.db", "SELECT i FROM t ORDER BY rowid") == Rows{"1", "2"});
  CHECK(query("out.db", "SELECT checkpoint FROM _ss_sink_checkpoints") == Rows{"7"});
  // The next plain run appends to it as checkpoint 8.
  run(o);
  CHECK(committed_file() == "{\"checkpoint\":8}\n");
  CHECK(query("out.db", "SELECT count(*) FROM t") == Rows{"4"});
}

TEST_CASE("run_sink removes output of checkpoints after COMMITTED at start", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"_ss\":\"checkpoint\",\"id\":5}\n");
  SinkOptions o = options_for("file:out/part.ndjson", "in.ndjson");
  o.stream.state_dir = "st";
  ss::StateDir("st").write_committed(4);
  std::filesystem::create_directories("out");
  sink_test::spit("out/part-4-0.ndjson", "kept\n");
  sink_test::spit("out/part-5-0.ndjson", "stale\n");
  sink_test::spit("out/part-6-0.ndjson", "stale\n");
  sink_test::spit("out/.part-0.ndjson.inprogress", "stale\n");
  run(o);
  CHECK(tmp.files() == std::vector<std::string>{"in.ndjson", "out/.part.ndjson.ss-sink-owner", "out/part-4-0.ndjson",
                                                "out/part-5-0.ndjson", "st/COMMITTED", "st/pipeline-id", "st/sink.lock",
                                                "st/sink.stage", "stdout.txt"});
  CHECK(sink_test::slurp("out/part-5-0.ndjson") == "{\"i\":1}\n");
}

TEST_CASE("run_sink refuses a barrier that is not newer than COMMITTED", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"_ss\":\"checkpoint\",\"id\":3}\n");
  SinkOptions o = options_for("file:out/part.ndjson", "in.ndjson");
  o.stream.state_dir = "st";
  ss::StateDir("st").write_committed(3);
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ss::OutputBuffer out(fd, "<stdout>");
  try {
    ss::run_sink(o, out);
    FAIL("accepted barrier 3 after COMMITTED 3");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(e.what(), Catch::StartsWith("checkpoint barrier 3 is not newer than checkpoint 3 in st/COMMITTED"));
  }
  ::close(fd);
  CHECK(committed_file() == "{\"checkpoint\":3}\n");
  CHECK(tmp.files() == std::vector<std::string>{"in.ndjson", "out/.part.ndjson.ss-sink-owner", "st/COMMITTED",
                                                "st/pipeline-id", "st/sink.lock", "st/sink.stage"});
}

TEST_CASE("run_sink without --state commits at barriers and at end of input", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit(
      "in.ndjson",
      "{\"i\":1}\n{\"_ss\":\"checkpoint\",\"id\":9}\n{\"i\":2}\n{\"_ss\":\"checkpoint\",\"id\":2}\n{\"i\":3}\n");
  run(options_for("file:part.ndjson", "in.ndjson"));
  // Ids only name the parts here: an older barrier id does not reuse a name.
  CHECK(tmp.files() ==
        std::vector<std::string>{"in.ndjson", "part-10-0.ndjson", "part-11-0.ndjson", "part-9-0.ndjson", "stdout.txt"});
  CHECK(sink_test::slurp("part-11-0.ndjson") == "{\"i\":3}\n");
}

TEST_CASE("run_sink leaves records without a barrier to a checkpointing upstream", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  // An upstream stage's snapshot: the pipeline checkpoints, and this run ended before
  // its first barrier arrived (a stage was killed). The replay sends the records again.
  sink_test::spit("in.ndjson", "{\"i\":1}\n");
  SinkOptions o = options_for("file:out/part.ndjson", "in.ndjson");
  o.stream.state_dir = "st";
  ss::StateDir("st").write_committed(2);
  sink_test::spit("st/ingest.2.snap.zst", "");
  SinkStats stats;
  run(o, &stats, 1);
  CHECK(committed_file() == "{\"checkpoint\":2}\n");
  CHECK(stats.not_committed == 1);
  CHECK(tmp.files() == std::vector<std::string>{"in.ndjson", "out/.part.ndjson.ss-sink-owner", "st/COMMITTED",
                                                "st/ingest.2.snap.zst", "st/pipeline-id", "st/sink.lock",
                                                "st/sink.stage", "stdout.txt"});
}

TEST_CASE("run_sink fails when the input ends after records without the final barrier", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = options_for("sqlite:out.db", "in.ndjson");
  o.stream.state_dir = "st";
  // A clean end: the final barrier follows the last record.
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"_ss\":\"checkpoint\",\"id\":1}\n");
  run(o, nullptr, 0);
  // Nothing new: an upstream with nothing to send sends no barrier, and that is fine.
  sink_test::spit("in.ndjson", "{\"_ss\":\"watermark\",\"ts\":\"2026-01-01T00:00:00Z\"}\n");
  run(o, nullptr, 0);
  // Records after the last barrier and no final one: an upstream stage died.
  sink_test::spit("in.ndjson", "{\"i\":2}\n{\"_ss\":\"checkpoint\",\"id\":2}\n{\"i\":3}\n");
  SinkStats stats;
  run(o, &stats, 1);
  CHECK(stats.not_committed == 1);
  CHECK(query("out.db", "SELECT group_concat(i) FROM t") == Rows{"1,2"});
  // A plain `cat file |` upstream (no barrier, no snapshot) still commits on its own.
  TempDir other;
  ChangeDir cd_other(other.path());
  sink_test::spit("in.ndjson", "{\"i\":1}\n");
  run(o, nullptr, 0);
  CHECK(query("out.db", "SELECT group_concat(i) FROM t") == Rows{"1"});
}

TEST_CASE("run_sink dead-letters records SQLite refuses and commits the rest", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"i\":2,\"a\\u0000b\":1}\n{\"i\":3}\n");
  SinkOptions o = options_for("sqlite:out.db", "in.ndjson");
  o.stream.state_dir = "st";
  o.stream.bad_lines_file = "bad.ndjson";
  SinkStats stats;
  run(o, &stats);
  CHECK(stats.records == 2);
  CHECK(stats.bad_lines == 1);
  CHECK(query("out.db", "SELECT group_concat(i) FROM t") == Rows{"1,3"});
  CHECK_THAT(sink_test::slurp("bad.ndjson"), Catch::Contains("\"line\":2"));
}

TEST_CASE("run_sink dead-letters a row that breaks a constraint of an existing table", "[sink][loop]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open("out.db", &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t (i INTEGER NOT NULL)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  sink_test::spit("in.ndjson", "{\"i\":1}\n{\"j\":2}\n{\"i\":3}\n");
  SinkOptions o = options_for("sqlite:out.db", "in.ndjson");
  o.stream.bad_lines_file = "bad.ndjson";
  SinkStats stats;
  run(o, &stats);
  CHECK(stats.records == 2);
  CHECK(stats.bad_lines == 1);
  CHECK(query("out.db", "SELECT group_concat(i) FROM t") == Rows{"1,3"});
  const std::string bad = sink_test::slurp("bad.ndjson");
  CHECK_THAT(bad, Catch::Contains("\"line\":2"));
  CHECK_THAT(bad, Catch::Contains("NOT NULL"));
}
