#include "ss/window/window_assigner.hpp"

#include <catch2/catch.hpp>

#include "ss/time/timestamp.hpp"

using ss::TimeUs;
using ss::WindowAssigner;

namespace {

constexpr TimeUs kS = 1000000;
constexpr TimeUs kM = 60 * kS;
constexpr TimeUs kH = 60 * kM;

TimeUs at(const char* rfc3339) { return *ss::parse_rfc3339(rfc3339); }

// The window of a tumbling assigner that holds `t`.
int64_t window_of(const WindowAssigner& w, TimeUs t) {
  const int64_t pane = w.pane_of(t);
  REQUIRE(w.first_window_of_pane(pane) == w.last_window_of_pane(pane));
  return w.first_window_of_pane(pane);
}

}  // namespace

TEST_CASE("Tumbling windows are aligned to the Unix epoch", "[window]") {
  const WindowAssigner w(kM, kM, 0);
  CHECK(w.pane() == kM);
  CHECK(w.panes_per_window() == 1);
  const int64_t k = window_of(w, at("2026-11-01T10:20:30.5Z"));
  CHECK(w.window_start(k) == at("2026-11-01T10:20:00Z"));
  CHECK(w.window_end(k) == at("2026-11-01T10:21:00Z"));
}

TEST_CASE("An event at exactly a window's end belongs to the next window", "[window]") {
  const WindowAssigner w(kM, kM, 0);
  const int64_t k = window_of(w, at("2026-11-01T10:21:00Z"));
  CHECK(w.window_start(k) == at("2026-11-01T10:21:00Z"));
  const int64_t before = window_of(w, at("2026-11-01T10:20:59.999999Z"));
  CHECK(before == k - 1);
  CHECK(w.window_end(before) == at("2026-11-01T10:21:00Z"));
}

TEST_CASE("Windows before 1970 round toward the past, not toward zero", "[window]") {
  const WindowAssigner w(kM, kM, 0);
  CHECK(w.pane_of(-1) == -1);
  CHECK(w.window_start(window_of(w, -1)) == -kM);
  CHECK(w.window_end(window_of(w, -1)) == 0);
  CHECK(w.window_start(window_of(w, -kM)) == -kM);
  CHECK(w.window_start(window_of(w, -kM - 1)) == -2 * kM);
  const int64_t k = window_of(w, at("1969-12-31T23:58:30Z"));
  CHECK(w.window_start(k) == at("1969-12-31T23:58:00Z"));
  CHECK(w.window_end(k) == at("1969-12-31T23:59:00Z"));
  const WindowAssigner day(24 * kH, 24 * kH, 0);
  const int64_t d = window_of(day, at("1969-07-20T20:17:40Z"));
  CHECK(day.window_start(d) == at("1969-07-20T00:00:00Z"));
}

TEST_CASE("The offset shifts the alignment and is taken modulo the slide", "[window]") {
  const WindowAssigner plus(kH, kH, 15 * kM);
  CHECK(plus.offset() == 15 * kM);
  CHECK(plus.window_start(window_of(plus, at("2026-11-01T10:20:00Z"))) == at("2026-11-01T10:15:00Z"));
  CHECK(plus.window_start(window_of(plus, at("2026-11-01T10:10:00Z"))) == at("2026-11-01T09:15:00Z"));

  const WindowAssigner minus(kH, kH, -15 * kM);
  CHECK(minus.offset() == 45 * kM);
  CHECK(minus.window_start(window_of(minus, at("2026-11-01T10:20:00Z"))) == at("2026-11-01T09:45:00Z"));
  CHECK(minus.window_end(window_of(minus, at("2026-11-01T10:45:00Z"))) == at("2026-11-01T11:45:00Z"));

  const WindowAssigner big(kH, kH, 25 * kH + 5 * kM);
  CHECK(big.offset() == 5 * kM);
  const WindowAssigner big_negative(kH, kH, -25 * kH - 5 * kM);
  CHECK(big_negative.offset() == 55 * kM);
  // Before 1970 with a negative offset.
  CHECK(minus.window_start(window_of(minus, at("1969-12-31T23:50:00Z"))) == at("1969-12-31T23:45:00Z"));
  CHECK(minus.window_start(window_of(minus, at("1969-12-31T23:40:00Z"))) == at("1969-12-31T22:45:00Z"));
}

TEST_CASE("Sliding windows use panes of gcd(size, slide)", "[window]") {
  const WindowAssigner w(10 * kM, 4 * kM, 0);
  CHECK(w.pane() == 2 * kM);
  CHECK(w.panes_per_window() == 5);
  CHECK(w.panes_per_slide() == 2);
  const WindowAssigner multiple(10 * kM, kM, 0);
  CHECK(multiple.pane() == kM);
  CHECK(multiple.panes_per_window() == 10);
  const WindowAssigner coprime(7 * kS, 3 * kS, 0);
  CHECK(coprime.pane() == kS);
}

TEST_CASE("A pane belongs to exactly the windows whose span holds it", "[window]") {
  // Brute force over small sizes, slides, offsets and negative panes.
  for (TimeUs size = 1; size <= 9; ++size) {
    for (TimeUs slide = 1; slide <= 9; ++slide) {
      for (TimeUs offset = -10; offset <= 10; offset += 3) {
        const WindowAssigner w(size * kS, slide * kS, offset * kS);
        for (TimeUs t = -40 * kS; t <= 40 * kS; t += kS / 2) {
          const int64_t pane = w.pane_of(t);
          const TimeUs pane_start = pane * w.pane() + w.offset();
          REQUIRE(pane_start <= t);
          REQUIRE(t < pane_start + w.pane());
          const int64_t first = w.first_window_of_pane(pane);
          const int64_t last = w.last_window_of_pane(pane);
          // Every window k near t: holds t exactly when first <= k <= last.
          for (int64_t k = first - 12; k <= last + 12; ++k) {
            const bool holds = w.window_start(k) <= t && t < w.window_end(k);
            INFO("size " << size << " slide " << slide << " offset " << offset << " t " << t << " k " << k);
            REQUIRE(holds == (k >= first && k <= last));
            if (holds) {
              REQUIRE(pane >= w.first_pane_of_window(k));
              REQUIRE(pane < w.first_pane_of_window(k) + w.panes_per_window());
            }
          }
        }
      }
    }
  }
}

TEST_CASE("A slide longer than the size leaves panes in no window", "[window]") {
  const WindowAssigner w(kM, 5 * kM, 0);
  CHECK(w.pane() == kM);
  const int64_t inside = w.pane_of(30 * kS);
  CHECK(w.first_window_of_pane(inside) == 0);
  CHECK(w.last_window_of_pane(inside) == 0);
  const int64_t between = w.pane_of(2 * kM);
  CHECK(w.first_window_of_pane(between) > w.last_window_of_pane(between));
}

TEST_CASE("The watermark closes every window that ends at or before it", "[window]") {
  const WindowAssigner w(10 * kM, kM, 0);
  const TimeUs wm = at("2026-11-01T10:20:00Z");
  const int64_t k = w.last_window_ending_by(wm);
  CHECK(w.window_end(k) == wm);
  CHECK(w.window_end(k + 1) > wm);
  CHECK(w.window_end(w.last_window_ending_by(wm - 1)) == wm - kM);
  CHECK(w.window_end(w.last_window_ending_by(-1)) <= -1);
  CHECK(w.window_end(w.last_window_ending_by(-1) + 1) > -1);
  const int64_t s = w.last_window_starting_by(wm);
  CHECK(w.window_start(s) == wm);
  CHECK(w.window_start(w.last_window_starting_by(-kS)) == -kM);
}

TEST_CASE("Times at the ends of the range saturate instead of overflowing", "[window]") {
  const WindowAssigner w(kH, kM, 7 * kS);
  const int64_t low = w.pane_of(ss::kMinTime);
  const int64_t high = w.pane_of(ss::kMaxTime);
  CHECK(low < 0);
  CHECK(high > 0);
  CHECK(w.window_end(w.last_window_of_pane(high)) == ss::kMaxTime);
  CHECK(w.window_start(w.first_window_of_pane(low)) == ss::kMinTime);
  CHECK(w.last_window_ending_by(ss::kMinTime) < w.last_window_ending_by(ss::kMaxTime));
}
