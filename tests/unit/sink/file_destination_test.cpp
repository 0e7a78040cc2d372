#include "ss/sink/file_destination.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>

#include "sink_test_support.hpp"
#include "ss/base/error.hpp"

using sink_test::ChangeDir;
using sink_test::Parsed;
using sink_test::TempDir;
using ss::FileDestination;
using ss::SinkOptions;

namespace {

SinkOptions file_options(const std::string& target) {
  SinkOptions o;
  o.kind = ss::DestinationKind::file;
  o.target = target;
  o.time_fields = {ss::FieldPath("ts"), ss::FieldPath("start"), ss::FieldPath("window_start")};
  return o;
}

std::string event(int i, const char* user = "u1", const char* ts = "2026-11-01T10:00:00Z") {
  return "{\"ts\":\"" + std::string(ts) + "\",\"user\":\"" + user + "\",\"i\":" + std::to_string(i) + "}";
}

void write(FileDestination& d, const std::string& line) {
  Parsed p(line);
  REQUIRE(d.write(p.record) == ss::WriteResult::accepted);
}

}  // namespace

TEST_CASE("FileDestination keeps parts hidden until commit, then names them by checkpoint", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("out/dt=%Y-%m-%d/{user}.ndjson");
  std::vector<std::string> warnings;
  FileDestination d(o, [&](std::string_view w) { warnings.emplace_back(w); });
  write(d, event(1, "u1"));
  write(d, event(2, "u2", "2026-11-02T00:00:00Z"));
  write(d, event(3, "u1"));
  d.flush();
  CHECK(tmp.files() == std::vector<std::string>{"out/dt=2026-11-01/.u1-0.ndjson.inprogress",
                                                "out/dt=2026-11-02/.u2-0.ndjson.inprogress"});
  CHECK(d.uncommitted());
  d.commit(7);
  CHECK_FALSE(d.uncommitted());
  CHECK(tmp.files() == std::vector<std::string>{"out/dt=2026-11-01/u1-7-0.ndjson", "out/dt=2026-11-02/u2-7-0.ndjson"});
  CHECK(sink_test::slurp("out/dt=2026-11-01/u1-7-0.ndjson") == event(1, "u1") + "\n" + event(3, "u1") + "\n");
  CHECK(d.last_committed() ==
        std::vector<std::string>{"out/dt=2026-11-01/u1-7-0.ndjson", "out/dt=2026-11-02/u2-7-0.ndjson"});

  // The next checkpoint starts new parts, numbered from 0 again.
  write(d, event(4, "u1"));
  d.commit(8);
  CHECK(sink_test::slurp("out/dt=2026-11-01/u1-8-0.ndjson") == event(4, "u1") + "\n");
  CHECK(warnings.empty());
}

TEST_CASE("FileDestination rotates parts by records and bytes", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SECTION("--max-records") {
    SinkOptions o = file_options("out/part.ndjson");
    o.max_records = 2;
    FileDestination d(o, [](std::string_view) {});
    for (int i = 0; i < 5; ++i) write(d, event(i));
    d.commit(1);
    CHECK(tmp.files() == std::vector<std::string>{"out/part-1-0.ndjson", "out/part-1-1.ndjson", "out/part-1-2.ndjson"});
    CHECK(sink_test::slurp("out/part-1-2.ndjson") == event(4) + "\n");
  }
  SECTION("--max-bytes: a part ends once it holds the limit") {
    SinkOptions o = file_options("out/part.ndjson");
    o.max_bytes = event(0).size() + 2;  // more than one record, less than two
    FileDestination d(o, [](std::string_view) {});
    for (int i = 0; i < 3; ++i) write(d, event(i));
    d.commit(1);
    CHECK(tmp.files().size() == 2);
    CHECK(sink_test::slurp("out/part-1-0.ndjson") == event(0) + "\n" + event(1) + "\n");
  }
}

TEST_CASE("FileDestination compresses a .zst part into one zstd frame", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("part.ndjson.zst");
  FileDestination d(o, [](std::string_view) {});
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    write(d, event(i));
    expected += event(i) + "\n";
    if (i % 5000 == 0) d.flush();  // flushes inside the frame
  }
  d.commit(3);
  CHECK(tmp.files() == std::vector<std::string>{"part-3-0.ndjson.zst"});
  CHECK(sink_test::unzstd_one_frame("part-3-0.ndjson.zst") == expected);
}

TEST_CASE("FileDestination writes CSV parts each with its own header", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("{user}.csv");
  o.format = ss::RecordFormat::csv;
  std::vector<std::string> warnings;
  FileDestination d(o, [&](std::string_view w) { warnings.emplace_back(w); });
  write(d, R"({"user":"a","n":1})");
  write(d, R"({"user":"b","m":2})");
  write(d, R"({"user":"a","m":3})");
  write(d, R"({"user":"a","m":4})");
  d.commit(1);
  CHECK(sink_test::slurp("a-1-0.csv") == "user,n\na,1\na,\na,\n");
  CHECK(sink_test::slurp("b-1-0.csv") == "user,m\nb,2\n");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("\"m\""));
}

TEST_CASE("FileDestination closes the least recently written part past --max-open-files and appends to it later",
          "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("{user}.ndjson");
  o.max_open_files = 2;
  FileDestination d(o, [](std::string_view) {});
  write(d, event(1, "a"));
  write(d, event(2, "b"));
  write(d, event(3, "a"));
  write(d, event(4, "c"));  // b is the least recent: closed for now
  write(d, event(5, "b"));  // b's part is opened again (a is closed)
  d.commit(1);
  CHECK(tmp.files() == std::vector<std::string>{"a-1-0.ndjson", "b-1-0.ndjson", "c-1-0.ndjson"});
  CHECK(sink_test::slurp("b-1-0.ndjson") == event(2, "b") + "\n" + event(5, "b") + "\n");
  CHECK(sink_test::slurp("a-1-0.ndjson") == event(1, "a") + "\n" + event(3, "a") + "\n");
}

TEST_CASE("FileDestination with many more paths than --max-open-files makes one part per path", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("out/{user}.ndjson.zst");
  o.max_open_files = 4;
  FileDestination d(o, [](std::string_view) {});
  // 100 paths (more than kSyncEachMax closed parts: the commit syncs the file system once).
  for (int round = 0; round < 3; ++round)
    for (int u = 0; u < 100; ++u) write(d, event(round, ("u" + std::to_string(u)).c_str()));
  d.commit(1);
  CHECK(tmp.files().size() == 100);
  // Closing a compressed part ends its zstd frame; reopened, it gets another frame.
  const std::string data = sink_test::slurp("out/u7-1-0.ndjson.zst");
  std::string out(4096, '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  CHECK(out == event(0, "u7") + "\n" + event(1, "u7") + "\n" + event(2, "u7") + "\n");
}

TEST_CASE("FileDestination refuses records whose path would be too long and writes the others", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  FileDestination d(file_options("out/{user}.ndjson"), [](std::string_view) {});
  const std::string long_user(300, 'x');
  Parsed too_long("{\"user\":\"" + long_user + "\"}");
  CHECK(d.write(too_long.record) == ss::WriteResult::bad);
  CHECK_THAT(std::string(d.bad_reason()), Catch::Contains("over the limit of 255 bytes (its stem alone is 300 bytes)"));
  FileDestination deep(file_options("{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}/part.ndjson"),
                       [](std::string_view) {});
  std::string fields = "{";
  for (char c = 'a'; c <= 'q'; ++c)
    fields += std::string(c == 'a' ? "" : ",") + "\"" + c + "\":\"" + std::string(250, c) + "\"";
  Parsed wide(fields + "}");
  CHECK(deep.write(wide.record) == ss::WriteResult::bad);
  CHECK_THAT(std::string(deep.bad_reason()), Catch::Contains("the path made from the record's fields"));
  // NUL, slashes, `..` and empty values are made safe, not refused.
  for (const char* user : {"a\\u0000b", "../up", "..", "", "x/y"}) {
    Parsed p(std::string("{\"user\":\"") + user + "\"}");
    CHECK(d.write(p.record) == ss::WriteResult::accepted);
  }
  Parsed fine(R"({"user":"ok"})");
  CHECK(d.write(fine.record) == ss::WriteResult::accepted);
  d.commit(1);
  CHECK(tmp.files() == std::vector<std::string>{"out/.._up-1-0.ndjson", "out/_-1-0.ndjson", "out/_..-1-0.ndjson",
                                                "out/a_b-1-0.ndjson", "out/ok-1-0.ndjson", "out/x_y-1-0.ndjson"});
}

TEST_CASE("FileDestination refuses a template that another pipeline's sink owns", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  ::mkdir("st1", 0777);
  ::mkdir("st2", 0777);
  const auto first_pipeline = ss::PipelineIdentity::of_state_dir("st1", "sink");
  SinkOptions o = file_options("out/{user}.ndjson");
  o.stream.state_dir = "st1";
  {
    FileDestination first(o, [](std::string_view) {});
    first.claim(first_pipeline);
    first.recover(0);
    write(first, event(1, "a"));
    first.commit(1);
  }
  FileDestination again(o, [](std::string_view) {});
  again.claim(first_pipeline);
  FileDestination second(o, [](std::string_view) {});
  try {
    second.claim(ss::PipelineIdentity::of_state_dir("st2", "sink"));
    FAIL("claimed another pipeline's template");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(std::string(e.what()), Catch::Contains("another pipeline (state directory " + first_pipeline.state_dir));
  }
  // Without --state a run would replace the parts: refused too.
  CHECK_THROWS_AS(FileDestination(file_options("out/{user}.ndjson"), [](std::string_view) {}), ss::Error);
  CHECK(sink_test::slurp("out/a-1-0.ndjson") == event(1, "a") + "\n");

  SECTION("a template whose owner's state directory is gone is taken over, with a warning") {
    ::unlink("st1/pipeline-id");
    ::rmdir("st1");
    std::string warned;
    FileDestination third(o, [&](std::string_view w) { warned += w; });
    third.claim(ss::PipelineIdentity::of_state_dir("st2", "sink"));
    CHECK_THAT(warned, Catch::Contains("takes them over"));
  }
}

TEST_CASE("FileDestination counts records without a usable time as bad", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("%Y/part.ndjson");
  FileDestination d(o, [](std::string_view) {});
  Parsed none(R"({"user":"a"})");
  CHECK(d.write(none.record) == ss::WriteResult::bad);
  CHECK(d.bad_reason() == R"(no time field "ts", "start" or "window_start")");
  Parsed garbage(R"({"ts":"yesterday"})");
  CHECK(d.write(garbage.record) == ss::WriteResult::bad);
  CHECK(d.bad_reason() == R"(unparseable time in "ts")");
  // The fallbacks: a session summary has start, a window window_start.
  Parsed session(R"({"start":"2025-01-01T00:00:00.000Z","end":"2026-01-01T00:00:00.000Z"})");
  CHECK(d.write(session.record) == ss::WriteResult::accepted);
  Parsed epoch(R"({"window_start":1700000000})");
  CHECK(d.write(epoch.record) == ss::WriteResult::accepted);
  d.commit(1);
  CHECK(tmp.files() == std::vector<std::string>{"2023/part-1-0.ndjson", "2025/part-1-0.ndjson"});
}

TEST_CASE("FileDestination abandon removes the in-progress parts", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("out/part.ndjson");
  o.max_records = 1;
  FileDestination d(o, [](std::string_view) {});
  write(d, event(1));
  d.commit(1);
  write(d, event(2));
  write(d, event(3));
  d.flush();
  CHECK(tmp.files().size() == 3);
  d.abandon();
  CHECK(tmp.files() == std::vector<std::string>{"out/part-1-0.ndjson"});
  CHECK_FALSE(d.uncommitted());
}

TEST_CASE("FileDestination recover removes parts after the committed checkpoint and leftovers", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("out/%Y/part.ndjson");
  {
    FileDestination d(o, [](std::string_view) {});
    write(d, event(1));
    d.commit(4);
    write(d, event(2));
    d.commit(5);
    write(d, event(3));
    d.commit(6);
    write(d, event(4));
    d.flush();
    // A crash: the in-progress file stays behind (the destructor would remove it).
    std::filesystem::copy_file("out/2026/.part-0.ndjson.inprogress", "out/2026/.part-0.ndjson.inprogress.keep");
  }
  std::filesystem::rename("out/2026/.part-0.ndjson.inprogress.keep", "out/2026/.part-0.ndjson.inprogress");
  std::vector<std::string> warnings;
  FileDestination d(o, [&](std::string_view w) { warnings.emplace_back(w); });
  d.recover(4);
  CHECK(tmp.files() == std::vector<std::string>{"out/2026/part-4-0.ndjson"});
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == "removed 2 parts of checkpoints after 4, the last committed one");
  CHECK(warnings[1] == "removed 1 in-progress file of an interrupted run");

  // The replay of checkpoint 5 writes the same name again.
  write(d, event(2));
  d.commit(5);
  CHECK(tmp.files() == std::vector<std::string>{"out/2026/part-4-0.ndjson", "out/2026/part-5-0.ndjson"});
}

TEST_CASE("FileDestination reports a write failure naming the file and commits nothing", "[sink][file]") {
  TempDir tmp;
  ChangeDir cd(tmp.path());
  SinkOptions o = file_options("out/part.ndjson");
  FileDestination d(o, [](std::string_view) {});
  write(d, event(0));
  d.commit(1);
  // A file size limit makes writes fail like a full disk (EFBIG instead of ENOSPC).
  struct rlimit old {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string message;
  try {
    for (int i = 0; i < 1000; ++i) write(d, event(i));
    d.commit(2);
  } catch (const ss::Error& e) {
    message = e.what();
    CHECK(e.kind() == ss::ErrorKind::io);
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  CHECK_THAT(message, Catch::Contains("out/.part-0.ndjson.inprogress: write failed: File too large"));
  d.abandon();
  CHECK(tmp.files() == std::vector<std::string>{"out/part-1-0.ndjson"});
}
