#include "ss/top/top_model.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "row_feed.hpp"

namespace {

ss::TimeUs at(const char* text) { return *ss::parse_rfc3339(text); }

}  // namespace

TEST_CASE("read_top_row takes the key of window rows from the first row and the numbers as values", "[top]") {
  ss::test::RowFeed rows;
  ss::TopInputRow row;
  REQUIRE(rows.read(R"({"window_start":"2026-11-01T10:00:00.000Z","window_end":"2026-11-01T10:01:00.000Z",)"
                    R"("route":"/a","n":2,"p95":12.5,"final":true})",
                    row) == "");
  CHECK(rows.reader().key_fields() == std::vector<std::string>{"route"});
  CHECK(row.shape == ss::RowShape::windows);
  CHECK(row.key == std::vector<std::string>{"/a"});
  REQUIRE(row.values.size() == 2);
  CHECK(row.values[0].first == "n");
  CHECK(row.values[0].second == 2);
  CHECK(row.values[1].second == 12.5);
  CHECK(row.final == true);
  CHECK(row.end - row.start == 60000000);
}

TEST_CASE("read_top_row takes every field before session_id as the key of session rows", "[top]") {
  ss::test::RowFeed rows;
  ss::TopInputRow row;
  REQUIRE(rows.read(R"({"site":"shop","status":200,"session_id":"be03","start":"2026-11-01T00:00:00.000Z",)"
                    R"("end":"2026-11-01T00:02:00.000Z","duration":120,"events":2})",
                    row) == "");
  CHECK(rows.reader().key_fields() == std::vector<std::string>{"site", "status"});
  CHECK(row.key == std::vector<std::string>{"shop", "200"});
  CHECK(row.shape == ss::RowShape::sessions);
  REQUIRE(row.values.size() == 2);
  CHECK(row.values[1].first == "events");
}

TEST_CASE("ss-top's rows refuse other shapes, totals, rows without an end, and the other kind", "[top]") {
  ss::test::RowFeed rows({"user"});
  ss::TopModel model(5, 60000000);
  CHECK(rows.feed(model, R"({"user":"a","n":1})") ==
        "<test>:1: expected a session (session_id, start) or window (window_start) row");
  CHECK(rows.feed(model, R"({"first_seen":"2026-11-01T10:00:00Z","last_seen":"2026-11-01T10:01:00Z","n":1})") ==
        "<test>:2: expected a session (session_id, start) or window (window_start) row");
  CHECK(rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"yesterday","n":1})") ==
        "<test>:3: window_end: expected an RFC 3339 time or epoch number");
  CHECK(
      rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":1})").empty());
  CHECK(rows.feed(model, R"({"window_start":"2026-11-01T10:01:00Z","n":1})") ==
        "<test>:5: no window_end: not a windows row");
  CHECK(rows.feed(model,
                  R"({"user":"a","session_id":"1","start":"2026-11-01T10:00:00Z","end":"2026-11-01T10:01:00Z"})") ==
        "<test>:6: no window_start: not a windows row");
  CHECK(model.rows() == 1);
}

TEST_CASE("TopModel closes a window when a row of a later window arrives", "[top]") {
  ss::test::RowFeed rows;
  ss::TopModel model(5, 60000000);
  std::vector<ss::TimeUs> closed;
  model.on_close([&](const ss::TopWindow& w) { closed.push_back(w.start()); });
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","k":"a","n":2})");
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","k":"b","n":1})");
  CHECK(closed.empty());
  REQUIRE(model.shown_window() != nullptr);
  CHECK_FALSE(model.shown_window()->closed());
  rows.feed(model, R"({"window_start":"2026-11-01T10:01:00Z","window_end":"2026-11-01T10:02:00Z","k":"a","n":5})");
  CHECK(closed == std::vector<ss::TimeUs>{at("2026-11-01T10:00:00Z")});
  // The screen shows the complete window, not the one still filling.
  CHECK(model.shown_window()->start() == at("2026-11-01T10:00:00Z"));
  CHECK(model.shown_window()->rows().size() == 2);
  model.finish();
  CHECK(closed.size() == 2);
  CHECK(model.windows_closed() == 2);
}

TEST_CASE("TopModel closes windows at a watermark and counts rows of closed windows as late", "[top]") {
  ss::test::RowFeed rows;
  ss::TopModel model(5, 60000000);
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","k":"a","n":2})");
  model.watermark(at("2026-11-01T10:01:00Z"));
  CHECK(model.windows_closed() == 1);
  CHECK(model.last_watermark() == at("2026-11-01T10:01:00Z"));
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","k":"b","n":1})");
  CHECK(model.late() == 1);
  // Kept while the window is: merged into it.
  CHECK(model.windows().front().rows().size() == 2);
}

TEST_CASE("TopModel keeps --windows closed windows and drops late rows of older ones", "[top]") {
  ss::test::RowFeed rows;
  ss::TopModel model(2, 60000000);
  for (int m = 0; m < 4; ++m)
    rows.feed(
        model,
        fmt::format(R"({{"window_start":"2026-11-01T10:0{}:00Z","window_end":"2026-11-01T10:0{}:00Z","k":"a","n":1}})",
                    m, m + 1));
  model.finish();
  REQUIRE(model.windows().size() == 2);
  CHECK(model.windows().front().start() == at("2026-11-01T10:02:00Z"));
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","k":"a","n":1})");
  CHECK(model.late() == 1);
  CHECK(model.windows().size() == 2);
  CHECK(model.windows().front().start() == at("2026-11-01T10:02:00Z"));
}

TEST_CASE("TopModel leaves windows open for updates that are not final", "[top]") {
  ss::test::RowFeed rows;
  ss::TopModel model(5, 60000000);
  rows.feed(model,
            R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":1,"final":false})");
  rows.feed(model,
            R"({"window_start":"2026-11-01T10:01:00Z","window_end":"2026-11-01T10:02:00Z","n":1,"final":false})");
  CHECK(model.windows_closed() == 0);
  // A stream of updates shows its newest window as it fills.
  CHECK(model.shown_window()->start() == at("2026-11-01T10:01:00Z"));
  rows.feed(model, R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","n":3,"final":true})");
  CHECK(model.windows_closed() == 0);
  CHECK(model.windows().front().rows().front().values[0] == 3);
  rows.feed(model, R"({"window_start":"2026-11-01T10:01:00Z","window_end":"2026-11-01T10:02:00Z","n":2,"final":true})");
  CHECK(model.windows_closed() == 1);
}

TEST_CASE("TopModel counts sessions in buckets by their end and sums their numbers", "[top]") {
  ss::test::RowFeed rows;
  ss::TopModel model(5, 60000000);
  rows.feed(model,
            R"({"user":"a","session_id":"1","start":"2026-11-01T10:00:00Z","end":"2026-11-01T10:00:20Z","events":3})");
  rows.feed(model,
            R"({"user":"a","session_id":"2","start":"2026-11-01T10:00:30Z","end":"2026-11-01T10:00:50Z","events":4})");
  rows.feed(model,
            R"({"user":"b","session_id":"3","start":"2026-11-01T10:00:30Z","end":"2026-11-01T10:01:10Z","events":1})");
  CHECK(model.columns() == std::vector<std::string>{"sessions", "events"});
  REQUIRE(model.windows_closed() == 1);
  const ss::TopWindow& first = model.windows().front();
  CHECK(first.start() == at("2026-11-01T10:00:00Z"));
  CHECK(first.end() == at("2026-11-01T10:01:00Z"));
  REQUIRE(first.rows().size() == 1);
  CHECK(first.rows()[0].values == std::vector<double>{2, 7});
}
