#include "ss/ingest/saved_position.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/temp_dir.hpp"

using ss::ResumePlan;
using ss::SavedPosition;

namespace {

struct OpenFile {
  explicit OpenFile(const std::string& path) : fd(::open(path.c_str(), O_RDONLY)) { REQUIRE(fd >= 0); }
  ~OpenFile() { ::close(fd); }
  uint64_t size() const {
    struct stat st {};
    ::fstat(fd, &st);
    return static_cast<uint64_t>(st.st_size);
  }
  int fd;
};

SavedPosition position_of(const std::string& path, uint64_t offset, uint64_t line) {
  OpenFile f(path);
  SavedPosition p;
  p.path = path;
  p.identity = *ss::identify_file(f.fd);
  p.offset = offset;
  p.line = line;
  p.format = "csv";
  return p;
}

}  // namespace

TEST_CASE("a saved position reads back as it was written", "[ingest][position]") {
  SavedPosition p;
  p.path = "logs/a \"b\".csv";
  p.identity = ss::FileIdentity{2049, 1234567, 0xfedcba9876543210ULL, 1024};
  p.offset = 1ULL << 40;
  p.line = 99;
  p.format = "csv";
  p.header = "t,\"v, w\"";
  const SavedPosition q = ss::parse_saved_position(ss::saved_position_json(p), "snap");
  CHECK(q.path == p.path);
  CHECK(q.identity == p.identity);
  CHECK(q.offset == p.offset);
  CHECK(q.line == p.line);
  CHECK(q.format == p.format);
  REQUIRE(q.header);
  CHECK(*q.header == *p.header);

  p.header.reset();
  CHECK_FALSE(ss::parse_saved_position(ss::saved_position_json(p), "snap").header);
}

TEST_CASE("a saved position keeps the file size it had, and older records have none", "[ingest][position]") {
  SavedPosition p;
  p.path = "a.log";
  p.offset = 100;
  p.size = 250;
  p.format = "json";
  CHECK(ss::parse_saved_position(ss::saved_position_json(p), "snap").size == 250);
  p.size = 0;
  const std::string record = ss::saved_position_json(p);
  CHECK(record.find("size") == std::string::npos);
  CHECK(ss::parse_saved_position(record, "snap").size == 0);
}

TEST_CASE("a saved position keeps the inferred year; records without one infer anew", "[ingest][position]") {
  SavedPosition p;
  p.path = "sys.log";
  p.format = "syslog";
  p.years = ss::YearInference::State{2027, 12};
  const SavedPosition q = ss::parse_saved_position(ss::saved_position_json(p), "snap");
  REQUIRE(q.years);
  CHECK(*q.years == *p.years);
  p.years.reset();
  CHECK_FALSE(ss::parse_saved_position(ss::saved_position_json(p), "snap").years);

  const std::string record = ss::saved_position_json(p);
  const auto with = [&](std::string_view members) {
    return record.substr(0, record.size() - 1) + "," + std::string(members) + "}";
  };
  CHECK(ss::parse_saved_position(with(R"("year":2026,"year_month":1)"), "s").years ==
        ss::YearInference::State{2026, 1});
  CHECK_THROWS_AS(ss::parse_saved_position(with(R"("year":2026)"), "s"), ss::Error);
  CHECK_THROWS_AS(ss::parse_saved_position(with(R"("year":2026,"year_month":13)"), "s"), ss::Error);
  CHECK_THROWS_AS(ss::parse_saved_position(with(R"("year":"2026","year_month":1)"), "s"), ss::Error);
}

TEST_CASE("a malformed position record is a state error naming the snapshot", "[ingest][position]") {
  try {
    ss::parse_saved_position(R"({"path":"a","dev":1})", "st/ingest.3.snap.zst");
    FAIL("no error");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK(std::string(e.what()).find("st/ingest.3.snap.zst") != std::string::npos);
  }
  CHECK_THROWS_AS(ss::parse_saved_position(R"({"path":"a","dev":1,"ino":2,"fingerprint":"xyz","fingerprint_bytes":3,)"
                                           R"("offset":4,"line":5,"format":"json"})",
                                           "s"),
                  ss::Error);
}

TEST_CASE("a file that grew resumes after its saved offset", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "1\n2\n");
  const std::vector<SavedPosition> saved{position_of(path, 4, 2)};
  dir.write("a.log", "3\n", true);
  OpenFile f(path);
  const ResumePlan plan = ss::plan_resume(saved, f.fd, f.size(), f.size());
  CHECK(plan.kind == ResumePlan::Kind::resume);
  REQUIRE(plan.saved == &saved[0]);
}

TEST_CASE("a file read to its end resumes at its end: a replay reads nothing", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "1\n2\n");
  const std::vector<SavedPosition> saved{position_of(path, 4, 2)};
  OpenFile f(path);
  const ResumePlan plan = ss::plan_resume(saved, f.fd, f.size(), f.size());
  CHECK(plan.kind == ResumePlan::Kind::resume);
  CHECK(plan.saved->offset == f.size());
}

TEST_CASE("a rotated file is found under its new name by identity", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "1\n2\n");
  const std::vector<SavedPosition> saved{position_of(path, 2, 1)};
  REQUIRE(std::rename(path.c_str(), dir.file("a.log.1").c_str()) == 0);
  dir.write("a.log", "new\n");
  OpenFile rotated(dir.file("a.log.1"));
  CHECK(ss::plan_resume(saved, rotated.fd, rotated.size(), rotated.size()).kind == ResumePlan::Kind::resume);
  OpenFile fresh(dir.file("a.log"));
  const ResumePlan plan = ss::plan_resume(saved, fresh.fd, fresh.size(), fresh.size());
  CHECK(plan.kind == ResumePlan::Kind::fresh);
  CHECK(plan.saved == nullptr);
}

TEST_CASE("an offset past the end restarts the file", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string big(2000, 'x');
  const std::string path = dir.write("a.log", big + "\n");
  const std::vector<SavedPosition> saved{position_of(path, 2001, 1)};
  REQUIRE(::truncate(path.c_str(), 1500) == 0);  // first 1024 bytes unchanged
  OpenFile f(path);
  const ResumePlan plan = ss::plan_resume(saved, f.fd, f.size(), f.size());
  CHECK(plan.kind == ResumePlan::Kind::restart);
  CHECK(plan.saved == &saved[0]);
}

TEST_CASE("a file cut below its fingerprinted prefix restarts too, unless it is compressed", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "1\n2\n3\n");
  const std::vector<SavedPosition> saved{position_of(path, 4, 2)};
  REQUIRE(::truncate(path.c_str(), 0) == 0);
  dir.write("a.log", "9\n", true);
  OpenFile f(path);
  CHECK(ss::plan_resume(saved, f.fd, f.size(), f.size()).kind == ResumePlan::Kind::restart);
  // Compressed files are never truncated in place: one shorter than the fingerprint is
  // another file that got the inode (gzip frees the inode of the file it compresses).
  CHECK(ss::plan_resume(saved, f.fd, f.size(), UINT64_MAX).kind == ResumePlan::Kind::fresh);
}

TEST_CASE("a compressed file's offset is checked while skipping, not against its size", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.gz", "tiny");
  const std::vector<SavedPosition> saved{position_of(path, 100000, 5)};
  OpenFile f(path);
  CHECK(ss::plan_resume(saved, f.fd, f.size(), UINT64_MAX).kind == ResumePlan::Kind::resume);
}

TEST_CASE("a position at offset 0 is no position", "[ingest][position]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "1\n");
  const std::vector<SavedPosition> saved{position_of(path, 0, 0)};
  OpenFile f(path);
  CHECK(ss::plan_resume(saved, f.fd, f.size(), f.size()).kind == ResumePlan::Kind::fresh);
}
