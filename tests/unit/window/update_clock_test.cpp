#include "ss/window/update_clock.hpp"

#include <catch2/catch.hpp>

#include <thread>

using ss::TimeUs;
using ss::UpdateClock;

namespace {
constexpr TimeUs kS = 1000000;
}

TEST_CASE("Without --every updates are written per event and never by the clock", "[window]") {
  UpdateClock clock(0, false);
  CHECK(clock.per_event());
  CHECK_FALSE(clock.due_at_watermark(5 * kS));
  CHECK_FALSE(clock.due_now());
}

TEST_CASE("Event-time updates are due once per interval the watermark enters", "[window]") {
  UpdateClock clock(10 * kS, false);
  CHECK_FALSE(clock.per_event());
  CHECK(clock.due_at_watermark(3 * kS));  // the first watermark always is
  CHECK_FALSE(clock.due_at_watermark(9 * kS));
  CHECK(clock.due_at_watermark(10 * kS));  // the interval starts at 10s
  CHECK_FALSE(clock.due_at_watermark(19 * kS));
  CHECK(clock.due_at_watermark(45 * kS));  // skipping intervals: one update
  CHECK_FALSE(clock.due_now());
}

TEST_CASE("Event-time intervals before 1970 are aligned by floor division", "[window]") {
  UpdateClock clock(10 * kS, false);
  CHECK(clock.due_at_watermark(-15 * kS));  // interval [-20s, -10s)
  CHECK_FALSE(clock.due_at_watermark(-11 * kS));
  CHECK(clock.due_at_watermark(-10 * kS));
  CHECK_FALSE(clock.due_at_watermark(-1));
  CHECK(clock.due_at_watermark(0));
}

TEST_CASE("The event-time interval survives a restore", "[window]") {
  UpdateClock first(10 * kS, false);
  CHECK(first.due_at_watermark(12 * kS));
  UpdateClock second(10 * kS, false);
  second.restore(first.last_interval());
  CHECK_FALSE(second.due_at_watermark(15 * kS));
  CHECK(second.due_at_watermark(20 * kS));
}

TEST_CASE("Wall-clock updates are due once the interval has passed", "[window]") {
  UpdateClock clock(20000, true);  // 20ms
  CHECK(clock.processing_time());
  CHECK(clock.due_now());
  CHECK_FALSE(clock.due_now());
  CHECK_FALSE(clock.due_at_watermark(100 * kS));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  CHECK(clock.due_now());
  CHECK_FALSE(clock.due_now());
}
