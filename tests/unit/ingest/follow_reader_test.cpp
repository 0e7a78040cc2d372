#include "ss/ingest/follow_reader.hpp"

#include <unistd.h>
#include <zlib.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/temp_dir.hpp"

using ss::FollowReader;
using ss::FollowReaderOptions;
using ss::FollowStatus;
using ss::Line;
using ss::OpenReason;

namespace {

FollowReaderOptions follow_options() {
  FollowReaderOptions o;
  o.follow = true;
  o.block_bytes = 64;
  return o;
}

/// Reads lines until the reader is idle or ended; `opened` events are skipped.
std::vector<std::string> drain(FollowReader& r, FollowStatus* last = nullptr) {
  std::vector<std::string> lines;
  Line line;
  for (;;) {
    const FollowStatus st = r.next(line);
    if (st == FollowStatus::line) {
      lines.emplace_back(line.text);
      continue;
    }
    if (st == FollowStatus::opened) continue;
    if (last) *last = st;
    return lines;
  }
}

}  // namespace

TEST_CASE("without follow a file is read to its end, last line without newline included", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReader r(dir.write("a.log", "one\r\n\ntwo\nthree"), FollowReaderOptions{});
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.open_reason() == OpenReason::first);
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "one");
  CHECK(line.number == 1);
  CHECK(line.end_offset == 5);
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "two");
  CHECK(line.number == 3);  // the empty line is counted
  CHECK(line.end_offset == 10);
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "three");
  CHECK(line.end_offset == 15);
  CHECK(r.next(line) == FollowStatus::end);
}

TEST_CASE("a missing file is an I/O error without follow", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReader r(dir.file("missing.log"), FollowReaderOptions{});
  Line line;
  CHECK_THROWS_AS(r.next(line), ss::Error);
}

TEST_CASE("seek resumes after a saved offset with line numbers continued", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReader r(dir.write("a.log", "one\ntwo\nthree\n"), FollowReaderOptions{});
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  REQUIRE(r.seek(4, 1));
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "two");
  CHECK(line.number == 2);
  CHECK(line.end_offset == 8);
}

TEST_CASE("seek past the end is refused and the file is read from the start", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReader r(dir.write("a.log", "one\n"), FollowReaderOptions{});
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK_FALSE(r.seek(100, 9));
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "one");
  CHECK(line.number == 1);
}

TEST_CASE("a gzip file resumes by decompressing and skipping", "[ingest][follow]") {
  ss::test::TempDir dir;
  const std::string path = dir.file("a.gz");
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  const std::string text = "one\ntwo\nthree\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  FollowReader r(path, FollowReaderOptions{});
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.compressed());
  REQUIRE(r.seek(8, 2));
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "three");
  CHECK(line.number == 3);
  CHECK(line.end_offset == 14);
  CHECK(r.next(line) == FollowStatus::end);
}

TEST_CASE("following, appended lines come out and a partial line waits for its newline", "[ingest][follow]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "one\ntw");
  FollowReader r(path, follow_options());
  FollowStatus last{};
  CHECK(drain(r, &last) == std::vector<std::string>{"one"});
  CHECK(last == FollowStatus::idle);
  CHECK(r.offset() == 4);
  dir.write("a.log", "o\nthree\n", true);
  CHECK(drain(r) == std::vector<std::string>{"two", "three"});
  CHECK(r.offset() == 14);
}

TEST_CASE("following, a partial line comes out after the partial timeout", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReaderOptions o = follow_options();
  o.partial_timeout = 1000;  // 1 ms
  FollowReader r(dir.write("a.log", "one\ntw"), o);
  CHECK(drain(r) == std::vector<std::string>{"one"});
  ::usleep(5000);
  CHECK(drain(r) == std::vector<std::string>{"tw"});
}

TEST_CASE("following, a rename rotation finishes the old file, then reads the new one", "[ingest][follow]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "one\n");
  FollowReader r(path, follow_options());
  CHECK(drain(r) == std::vector<std::string>{"one"});
  dir.write("a.log", "two\nlast without newline", true);
  REQUIRE(std::rename(path.c_str(), dir.file("a.log.1").c_str()) == 0);
  dir.write("a.log", "new\n");
  Line line;
  std::vector<std::string> got;
  bool rotated = false;
  for (int i = 0; i < 10; ++i) {
    const FollowStatus st = r.next(line);
    if (st == FollowStatus::line) got.emplace_back(line.text);
    if (st == FollowStatus::opened) rotated = r.open_reason() == OpenReason::rotated;
    if (st == FollowStatus::idle) break;
  }
  CHECK(rotated);
  CHECK(got == std::vector<std::string>{"two", "last without newline", "new"});
  CHECK(r.line_number() == 1);
}

TEST_CASE("following, a copytruncate makes the file be read again from the start", "[ingest][follow]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "one\ntwo\n");
  FollowReader r(path, follow_options());
  CHECK(drain(r) == std::vector<std::string>{"one", "two"});
  dir.write("a.log", "3\n");  // truncated and rewritten in place: same inode
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.open_reason() == OpenReason::truncated);
  CHECK(drain(r) == std::vector<std::string>{"3"});
}

TEST_CASE("following, a copytruncate seen while the file was empty is noticed at the next rewrite",
          "[ingest][follow]") {
  // logrotate's copytruncate, twice: the first truncation is seen with the file empty, the
  // second only after the writer has brought it back to the size read. The first bytes
  // read tell the rewrite apart, so they must be those read, not those seen at the reopen.
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "one\n");
  FollowReader r(path, follow_options());
  CHECK(drain(r) == std::vector<std::string>{"one"});
  dir.write("a.log", "");
  Line line;
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.open_reason() == OpenReason::truncated);
  CHECK(drain(r).empty());
  dir.write("a.log", "two\n", true);
  CHECK(drain(r) == std::vector<std::string>{"two"});
  dir.write("a.log", "333\n");  // truncated and rewritten to the same size
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.open_reason() == OpenReason::truncated);
  CHECK(drain(r) == std::vector<std::string>{"333"});
}

TEST_CASE("following, a file that does not exist yet is read when it appears", "[ingest][follow]") {
  ss::test::TempDir dir;
  FollowReader r(dir.file("later.log"), follow_options());
  Line line;
  CHECK(r.next(line) == FollowStatus::idle);
  CHECK_FALSE(r.is_open());
  dir.write("later.log", "hello\n");
  REQUIRE(r.next(line) == FollowStatus::opened);
  CHECK(r.open_reason() == OpenReason::appeared);
  REQUIRE(r.next(line) == FollowStatus::line);
  CHECK(line.text == "hello");
}

TEST_CASE("a file's identity grows its fingerprint as the file grows", "[ingest][follow]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "ab\n");
  FollowReader r(path, follow_options());
  drain(r);
  REQUIRE(r.identity());
  CHECK(r.identity()->fingerprint_bytes == 3);
  dir.write("a.log", "cd\n", true);
  CHECK(r.identity()->fingerprint_bytes == 6);
}
