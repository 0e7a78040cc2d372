#include "ss/io/line_reader.hpp"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/temp_dir.hpp"

using ss::Line;
using ss::LineReader;
using ss::ReadStatus;

namespace {

using ss::test::TempDir;

struct Got {
  std::string text;
  std::string source;
  uint64_t number;
  uint64_t end_offset;
  bool too_long;
};

std::vector<Got> read_lines(LineReader& reader) {
  std::vector<Got> out;
  Line line;
  for (;;) {
    const ReadStatus status = reader.next(line);
    REQUIRE(status != ReadStatus::interrupted);
    if (status == ReadStatus::end) break;
    out.push_back({std::string(line.text), std::string(line.source), line.number, line.end_offset, line.too_long});
  }
  // End stays end.
  CHECK(reader.next(line) == ReadStatus::end);
  return out;
}

std::vector<Got> read_lines(std::vector<std::string> files, size_t max_line = ss::kDefaultMaxLineBytes,
                            size_t block = 1u << 20) {
  LineReader reader(std::move(files), max_line, block);
  return read_lines(reader);
}

std::vector<std::string> texts(const std::vector<Got>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.text);
  return out;
}

std::vector<uint64_t> numbers(const std::vector<Got>& lines) {
  std::vector<uint64_t> out;
  for (const auto& l : lines) out.push_back(l.number);
  return out;
}

std::vector<uint64_t> offsets(const std::vector<Got>& lines) {
  std::vector<uint64_t> out;
  for (const auto& l : lines) out.push_back(l.end_offset);
  return out;
}

std::string many_lines(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i)
    s += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 50, 'p') + "\"}\n";
  return s;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t nl = s.find('\n', pos);
    out.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("LineReader splits lines and numbers them from 1", "[core][io]") {
  TempDir dir;
  const auto f = dir.write("a.ndjson", "one\ntwo\nthree\n");
  const auto lines = read_lines({f});
  CHECK(texts(lines) == std::vector<std::string>{"one", "two", "three"});
  CHECK(numbers(lines) == std::vector<uint64_t>{1, 2, 3});
  CHECK(offsets(lines) == std::vector<uint64_t>{4, 8, 14});
  for (const auto& l : lines) {
    CHECK(l.source == f);
    CHECK_FALSE(l.too_long);
  }
}

TEST_CASE("LineReader strips CR of CRLF line ends and counts it in the offset", "[core][io]") {
  TempDir dir;
  const auto lines = read_lines({dir.write("crlf", "one\r\ntwo\r\nlast\r")});
  CHECK(texts(lines) == std::vector<std::string>{"one", "two", "last"});
  CHECK(offsets(lines) == std::vector<uint64_t>{5, 10, 15});
}

TEST_CASE("LineReader keeps a CR that is not at the end of the line", "[core][io]") {
  TempDir dir;
  const auto lines = read_lines({dir.write("cr", "a\rb\n")});
  CHECK(texts(lines) == std::vector<std::string>{"a\rb"});
}

TEST_CASE("LineReader keeps a last line without newline", "[core][io]") {
  TempDir dir;
  const auto lines = read_lines({dir.write("a", "one\ntwo")});
  CHECK(texts(lines) == std::vector<std::string>{"one", "two"});
  CHECK(offsets(lines) == std::vector<uint64_t>{4, 7});
  CHECK(numbers(lines) == std::vector<uint64_t>{1, 2});
}

TEST_CASE("LineReader skips empty lines but still counts them", "[core][io]") {
  TempDir dir;
  const auto lines = read_lines({dir.write("a", "\none\n\n\r\ntwo\n\n")});
  CHECK(texts(lines) == std::vector<std::string>{"one", "two"});
  CHECK(numbers(lines) == std::vector<uint64_t>{2, 5});
  CHECK(offsets(lines) == std::vector<uint64_t>{5, 12});
}

TEST_CASE("LineReader gives nothing for an empty file or a file of blank lines", "[core][io]") {
  TempDir dir;
  CHECK(read_lines({dir.write("empty", "")}).empty());
  CHECK(read_lines({dir.write("blank", "\n\n\r\n")}).empty());
}

TEST_CASE("LineReader reads lines that span many small blocks", "[core][io]") {
  TempDir dir;
  const std::string text = many_lines(3000);
  const auto f = dir.write("many", text);
  for (const size_t block : {size_t{64}, size_t{100}, size_t{4096}}) {
    INFO("block " << block);
    const auto lines = read_lines({f}, ss::kDefaultMaxLineBytes, block);
    REQUIRE(texts(lines) == split_lines(text));
    CHECK(lines.back().end_offset == text.size());
    CHECK(lines.back().number == 3000);
  }
}

TEST_CASE("LineReader reads a line longer than its block size whole", "[core][io]") {
  TempDir dir;
  const std::string long_line = "{\"x\":\"" + std::string(5000, 'x') + "\"}";
  const auto lines = read_lines({dir.write("long", "short\n" + long_line + "\nafter\n")}, ss::kDefaultMaxLineBytes, 64);
  CHECK(texts(lines) == std::vector<std::string>{"short", long_line, "after"});
  CHECK(numbers(lines) == std::vector<uint64_t>{1, 2, 3});
  CHECK(offsets(lines) == std::vector<uint64_t>{6, 6 + long_line.size() + 1, 6 + long_line.size() + 7});
}

TEST_CASE("LineReader follows each line with padding bytes that may be read", "[core][io]") {
  TempDir dir;
  const auto f = dir.write("pad", many_lines(500));
  LineReader reader({f}, ss::kDefaultMaxLineBytes, 64);
  Line line;
  size_t checked = 0;
  while (reader.next(line) == ReadStatus::line) {
    // Reading the padding must be allowed (ASan would catch an overrun here).
    volatile char sink = 0;
    for (size_t i = 0; i < ss::kLinePadding; ++i) sink = sink ^ line.text.data()[line.text.size() + i];
    ++checked;
  }
  CHECK(checked == 500);
}

TEST_CASE("LineReader reports a line longer than max_line once and reads on after it", "[core][io]") {
  TempDir dir;
  const std::string huge(10000, 'h');
  const auto f = dir.write("toolong", "first\n" + huge + "\nsecond\n" + huge + "\n" + huge + "\nthird");
  const auto lines = read_lines({f}, 100, 64);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0].text == "first");
  CHECK(lines[1].too_long);
  CHECK(lines[1].number == 2);
  CHECK(lines[1].text.size() <= 256);
  CHECK(lines[1].text.size() > 0);
  CHECK(lines[1].text == huge.substr(0, lines[1].text.size()));
  CHECK(lines[2].text == "second");
  CHECK_FALSE(lines[2].too_long);
  CHECK(lines[2].number == 3);
  CHECK(lines[2].end_offset == 6 + huge.size() + 1 + 7);
  CHECK(lines[3].too_long);
  CHECK(lines[3].number == 4);
  CHECK(lines[4].too_long);
  CHECK(lines[4].number == 5);
  CHECK(lines[5].text == "third");
  CHECK(lines[5].number == 6);
  CHECK(lines[5].end_offset == 6 + 3 * (huge.size() + 1) + 7 + 5);
}

TEST_CASE("LineReader reports a line longer than max_line even when it fits in one block", "[core][io]") {
  // With the default 1 MiB block a 1000-byte line is found whole in the first block;
  // the limit must still apply to it, as the header promises.
  TempDir dir;
  const auto lines = read_lines({dir.write("toolong", "first\n" + std::string(1000, 'h') + "\nsecond\n")}, 100);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].too_long);
  CHECK(lines[1].text.size() <= 256);
  CHECK(lines[2].text == "second");
}

TEST_CASE("LineReader reads a 10 MB line with the default limit", "[core][io]") {
  TempDir dir;
  const std::string big = "{\"blob\":\"" + std::string(10u << 20, 'b') + "\"}";
  const auto lines = read_lines({dir.write("big", "a\n" + big + "\nb\n")});
  REQUIRE(lines.size() == 3);
  CHECK_FALSE(lines[1].too_long);
  CHECK(lines[1].text.size() == big.size());
  CHECK(lines[1].text == big);
  CHECK(lines[2].text == "b");
}

TEST_CASE("LineReader reads several files in order with per-file line numbers and names", "[core][io]") {
  TempDir dir;
  const auto a = dir.write("a.ndjson", "a1\n\na3\n");
  const auto b = dir.write("b.ndjson", "b1\nb2");
  const auto c = dir.write("c.ndjson", "");
  const auto d = dir.write("d.ndjson", "d1\n");
  const auto lines = read_lines({a, b, c, d});
  CHECK(texts(lines) == std::vector<std::string>{"a1", "a3", "b1", "b2", "d1"});
  CHECK(numbers(lines) == std::vector<uint64_t>{1, 3, 1, 2, 1});
  CHECK(offsets(lines) == std::vector<uint64_t>{3, 7, 3, 5, 3});
  std::vector<std::string> sources;
  for (const auto& l : lines) sources.push_back(l.source);
  CHECK(sources == std::vector<std::string>{a, a, b, b, d});
}

TEST_CASE("LineReader knows the total size of regular files", "[core][io]") {
  TempDir dir;
  const auto a = dir.write("a", "12345\n");
  const auto b = dir.write("b", "123\n");
  LineReader reader({a, b});
  CHECK(reader.total_size() == 10);
  read_lines(reader);
  CHECK(reader.bytes_read() == 10);
}

TEST_CASE("LineReader reads a gzip input recognised by its magic bytes", "[core][io]") {
  TempDir dir;
  const std::string text = many_lines(2000);
  const std::string gz_path = dir.file("events.log");  // no .gz extension
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(gz) == Z_OK);
  const auto plain = dir.write("plain.ndjson", "p1\n");

  const auto lines = read_lines({plain, gz_path}, ss::kDefaultMaxLineBytes, 256);
  const auto expected = split_lines(text);
  REQUIRE(lines.size() == 1 + expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    REQUIRE(lines[1 + i].text == expected[i]);
    REQUIRE(lines[1 + i].source == gz_path);
    REQUIRE(lines[1 + i].number == i + 1);
  }
  // Offsets count decompressed bytes.
  CHECK(lines.back().end_offset == text.size());
}

TEST_CASE("LineReader reads a zstd input recognised by its magic bytes", "[core][io]") {
  // Read to the very end: the end of the zstd frame must not read as truncation.
  TempDir dir;
  const std::string text = many_lines(2000);
  std::string zst(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress(zst.data(), zst.size(), text.data(), text.size(), 1);
  REQUIRE_FALSE(ZSTD_isError(n));
  zst.resize(n);
  const auto zst_path = dir.write("events.data", zst);  // no .zst extension
  const auto expected = split_lines(text);
  LineReader reader({zst_path}, ss::kDefaultMaxLineBytes, 256);
  Line line;
  size_t i = 0;
  try {
    while (reader.next(line) == ReadStatus::line) {
      REQUIRE(i < expected.size());
      REQUIRE(line.text == expected[i]);
      REQUIRE(line.source == zst_path);
      REQUIRE(line.number == i + 1);
      ++i;
    }
  } catch (const ss::Error& e) {
    FAIL("reading a complete zstd input threw: " << e.what());
  }
  CHECK(i == expected.size());
}

TEST_CASE("LineReader reads concatenated gzip members as one file", "[core][io]") {
  TempDir dir;
  std::string joined;
  for (const char* part : {"m1\nm2\n", "m3\n", "m4"}) {
    const auto p = dir.file("part.gz");
    gzFile gz = gzopen(p.c_str(), "wb");
    REQUIRE(gz != nullptr);
    gzwrite(gz, part, static_cast<unsigned>(std::strlen(part)));
    REQUIRE(gzclose(gz) == Z_OK);
    std::ifstream in(p, std::ios::binary);
    joined.append((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  const auto lines = read_lines({dir.write("joined.gz", joined)});
  CHECK(texts(lines) == std::vector<std::string>{"m1", "m2", "m3", "m4"});
  CHECK(numbers(lines) == std::vector<uint64_t>{1, 2, 3, 4});
}

TEST_CASE("LineReader throws an I/O error for a truncated zstd input", "[core][io]") {
  TempDir dir;
  const std::string text = many_lines(2000);
  std::string zst(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress(zst.data(), zst.size(), text.data(), text.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  zst.resize(n * 2 / 3);
  LineReader reader({dir.write("cut.zst", zst)});
  Line line;
  try {
    while (reader.next(line) == ReadStatus::line) {
    }
    FAIL("a truncated zstd input ended without error");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("cut.zst"));
  }
}

TEST_CASE("LineReader throws an I/O error for a missing file after the ones before it", "[core][io]") {
  TempDir dir;
  LineReader reader({dir.write("a", "a1\n"), dir.file("missing")});
  Line line;
  REQUIRE(reader.next(line) == ReadStatus::line);
  CHECK(line.text == "a1");
  try {
    reader.next(line);
    FAIL("a missing file was not reported");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
  }
}

TEST_CASE("LineReader passes binary garbage with NUL bytes through as lines", "[core][io]") {
  TempDir dir;
  const std::string garbage("\x00\x01\xff\xfe\x00{\"a\":1}\x00", 13);
  const auto lines = read_lines({dir.write("bin", garbage + "\n" + std::string("\x00\x00", 2) + "\nok\n")});
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == garbage);
  CHECK(lines[1].text == std::string("\x00\x00", 2));
  CHECK(lines[2].text == "ok");
}

TEST_CASE("LineReader reads a pipe and calls the hook before a read that would block", "[core][io]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], "p1\np2\n", 6) == 6);
  LineReader reader({"/dev/fd/" + std::to_string(fds[0])});
  CHECK(reader.total_size() == 0);
  int hook_calls = 0;
  reader.set_before_block([&] {
    ++hook_calls;
    // The writer finishes only once the reader waits: the hook runs first.
    if (hook_calls == 1) {
      REQUIRE(::write(fds[1], "p3", 2) == 2);
      ::close(fds[1]);
    }
  });
  const auto lines = read_lines(reader);
  CHECK(texts(lines) == std::vector<std::string>{"p1", "p2", "p3"});
  CHECK(hook_calls >= 1);
  ::close(fds[0]);
}
