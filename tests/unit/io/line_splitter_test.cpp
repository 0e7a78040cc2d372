#include "ss/io/line_splitter.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

using ss::Line;
using ss::LineSplitter;

namespace {

/// Feeds `data` in pieces of `piece` bytes and collects lines (too-long ones as `!text`).
std::vector<std::string> split(const std::string& data, size_t piece, size_t max_line, size_t block) {
  LineSplitter splitter(max_line, block);
  splitter.set_source("x");
  std::vector<std::string> out;
  Line line;
  size_t pos = 0;
  for (;;) {
    while (splitter.next(line)) out.push_back((line.too_long ? "!" : "") + std::string(line.text));
    if (pos == data.size()) break;
    size_t room = 0;
    char* dst = splitter.room(room);
    const size_t n = std::min({room, piece, data.size() - pos});
    std::memcpy(dst, data.data() + pos, n);
    splitter.filled(n);
    pos += n;
  }
  if (splitter.take_partial(line)) out.push_back(std::string(line.text));
  return out;
}

}  // namespace

TEST_CASE("LineSplitter splits at newlines whatever the read sizes", "[io]") {
  const std::string data = "one\r\ntwo\n\nthree\nlast";
  for (size_t piece : {1, 2, 3, 7, 100}) {
    INFO("piece " << piece);
    CHECK(split(data, piece, 1000, 4) == std::vector<std::string>{"one", "two", "three", "last"});
  }
}

TEST_CASE("LineSplitter reports an over-long line once and skips its rest", "[io]") {
  const std::string data = "ok\n" + std::string(40, 'x') + "\nafter\n";
  for (size_t piece : {1, 5, 64}) {
    INFO("piece " << piece);
    const auto lines = split(data, piece, 10, 8);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "ok");
    CHECK(lines[1].substr(0, 1) == "!");
    CHECK(lines[2] == "after");
  }
}

TEST_CASE("LineSplitter counts offsets and line numbers past skipped empty lines", "[io]") {
  LineSplitter splitter(100, 16);
  const std::string data = "a\n\nbb\n";
  size_t room = 0;
  char* dst = splitter.room(room);
  std::memcpy(dst, data.data(), data.size());
  splitter.filled(data.size());
  Line line;
  REQUIRE(splitter.next(line));
  CHECK(line.end_offset == 2);
  REQUIRE(splitter.next(line));
  CHECK(line.text == "bb");
  CHECK(line.number == 3);
  CHECK(line.end_offset == 6);
  CHECK_FALSE(splitter.next(line));
  splitter.reset(100, 7);
  CHECK(splitter.offset() == 100);
  CHECK(splitter.line_number() == 7);
}
