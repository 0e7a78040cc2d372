#include "ss/top/top_render.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "row_feed.hpp"
#include "ss/top/sparkline.hpp"
#include "ss/top/text_table.hpp"

namespace {

void feed(ss::test::RowFeed& rows, ss::TopModel& model, const std::string& line) {
  REQUIRE(rows.feed(model, line) == "");
}

std::string window_row(int minute, const char* key, int n, double p95) {
  return fmt::format(R"({{"window_start":"2026-11-01T10:{:02}:00Z","window_end":"2026-11-01T10:{:02}:00Z",)"
                     R"("route":"{}","n":{},"p95":{}}})",
                     minute, minute + 1, key, n, p95);
}

/// Three one-minute windows of /a, /b and /c; /c is missing from the first.
struct Fixture {
  ss::test::RowFeed rows;
  ss::TopModel model{20, 60000000};
  ss::TopView view;
  Fixture() {
    feed(rows, model, window_row(0, "/a", 6, 10));
    feed(rows, model, window_row(0, "/b", 2, 90));
    feed(rows, model, window_row(1, "/a", 3, 12));
    feed(rows, model, window_row(1, "/b", 4, 80));
    feed(rows, model, window_row(1, "/c", 4, 5));
    feed(rows, model, window_row(2, "/a", 12, 11));
    feed(rows, model, window_row(2, "/b", 6, 70));
    feed(rows, model, window_row(2, "/c", 1, 7.25));
    model.finish();
    view.key_names = rows.reader().key_fields();
    view.by = "n";
    view.ascii = true;
  }
};

}  // namespace

TEST_CASE("sparkline scales from zero to the largest value and leaves gaps blank", "[top]") {
  CHECK(ss::sparkline({0, 1, 2, 3, 4, 5, 6, 7}, true) == ".:-=+*#@");
  CHECK(ss::sparkline({std::nan(""), 7, 0}, true) == " @.");
  CHECK(ss::sparkline({0, 7}, false) == "▁█");
  CHECK(ss::sparkline({3, 3}, true) == "@@");
  CHECK(ss::sparkline({0, 0}, true) == "..");
  CHECK(ss::sparkline({-2, 2}, true) == ".@");
}

TEST_CASE("printable replaces control characters, cut_to_width counts columns", "[top]") {
  CHECK(ss::printable("a\x1b[2Jb\n") == "a?[2Jb?");
  CHECK(ss::printable("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(ss::printable("bad\xff") == "bad?");
  CHECK(ss::cut_to_width("abcdef", 4, true) == "abc~");
  CHECK(ss::cut_to_width("abcdef", 4) == "abcd");
  CHECK(ss::cut_to_width("ab", 4, true) == "ab");
  CHECK(ss::display_width("▁▂▃") == 3);
}

TEST_CASE("render_table ranks the keys by --by with rate, other columns and sparkline", "[top]") {
  Fixture f;
  const ss::TopWindow& last = f.model.windows().back();
  const auto lines = ss::render_table(f.model, last, f.view, 10);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "route   n        n/s   p95  n trend");
  // n over the three windows: /a 6 3 12, /b 2 4 6, /c none 4 1; each line from 0 to its largest.
  CHECK(lines[1] == "/a     12        0.2    11  +-@");
  CHECK(lines[2] == "/b      6        0.1    70  -*@");
  CHECK(lines[3] == "/c      1  0.0166667  7.25   @-");
}

TEST_CASE("render_table ranks by another column or by key, and keeps the top N", "[top]") {
  Fixture f;
  const ss::TopWindow& last = f.model.windows().back();
  f.view.sort = 1;  // p95
  auto lines = ss::render_table(f.model, last, f.view, 2);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].substr(0, 2) == "/b");
  CHECK(lines[2].substr(0, 2) == "/a");
  CHECK(lines[0].find("p95 trend") != std::string::npos);
  f.view.sort.reset();
  f.view.sort_by_key = true;
  f.view.mark_sort = true;
  lines = ss::render_table(f.model, last, f.view, 10);
  CHECK(lines[0].substr(0, 6) == "route*");
  CHECK(lines[1].substr(0, 2) == "/a");
  CHECK(lines[3].substr(0, 2) == "/c");
}

TEST_CASE("render_screen fits the terminal and says when paused or at the end", "[top]") {
  Fixture f;
  ss::ScreenState state;
  state.paused = true;
  auto lines = ss::render_screen(f.model, f.view, state, 30, 7);
  REQUIRE(lines.size() == 7);
  for (const auto& line : lines) CHECK(ss::display_width(line) <= 30);
  CHECK(lines[0] == "PAUSED  window 2026-11-01T10:0");  // cut at 30 columns
  CHECK(lines[3].substr(0, 5) == "route");
  CHECK(lines[4].substr(0, 2) == "/a");
  CHECK(lines[5].substr(0, 2) == "/b");  // two rows fit between the header and the key help
  CHECK(lines[6].substr(0, 6) == "q quit");
  lines = ss::render_screen(f.model, f.view, state, 200, 12);
  CHECK(lines[0].find("PAUSED") != std::string::npos);
  CHECK(lines[1] == "rows 8  windows 3  late 0  bad 0  watermark -");
}

TEST_CASE("render_screen and render_plain say no rows for an empty stream", "[top]") {
  ss::TopModel model(20, 60000000);
  ss::TopView view;
  ss::ScreenState state;
  state.ended = true;
  const auto lines = ss::render_screen(model, view, state, 80, 5);
  CHECK(lines[0] == "end of input  no rows");
  CHECK(ss::render_plain_empty(model) == "no rows\nrows 0  windows 0  late 0  bad 0  watermark -\n");
}
