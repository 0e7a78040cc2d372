#include "ss/op/watermark.hpp"

#include <catch2/catch.hpp>

using ss::TimeUs;
using ss::Watermark;

TEST_CASE("A new watermark is at the beginning of time and nothing is late", "[core][op]") {
  const Watermark w(5);
  CHECK(w.current() == ss::kMinTime);
  CHECK(w.max_event_time() == ss::kMinTime);
  CHECK(w.lateness() == 5);
  CHECK_FALSE(w.is_late(ss::kMinTime));
  CHECK_FALSE(w.is_late(-1000000));
}

TEST_CASE("The watermark trails the newest event time by the lateness", "[core][op]") {
  Watermark w(30);
  CHECK(w.observe(100));
  CHECK(w.current() == 70);
  CHECK(w.max_event_time() == 100);
  CHECK_FALSE(w.observe(90));  // older events do not move it
  CHECK(w.current() == 70);
  CHECK(w.max_event_time() == 100);
  CHECK_FALSE(w.observe(100));
  CHECK(w.observe(131));
  CHECK(w.current() == 101);
}

TEST_CASE("An event exactly at the watermark is not late, one microsecond older is", "[core][op]") {
  Watermark w(30);
  w.observe(100);
  CHECK_FALSE(w.is_late(70));
  CHECK(w.is_late(69));
  CHECK_FALSE(w.is_late(100));
  CHECK_FALSE(w.is_late(1000));
}

TEST_CASE("With zero lateness only events older than the newest are late", "[core][op]") {
  Watermark w;
  w.observe(100);
  CHECK(w.current() == 100);
  CHECK_FALSE(w.is_late(100));
  CHECK(w.is_late(99));
}

TEST_CASE("advance_to moves the watermark forward and never back", "[core][op]") {
  Watermark w(10);
  CHECK(w.advance_to(500));
  CHECK(w.current() == 500);
  CHECK_FALSE(w.advance_to(400));
  CHECK(w.current() == 500);
  CHECK_FALSE(w.advance_to(500));
  // An event does not pull an upstream watermark back either.
  CHECK_FALSE(w.observe(200));
  CHECK(w.current() == 500);
  CHECK(w.max_event_time() == 200);
  CHECK(w.is_late(499));
  CHECK(w.observe(600));
  CHECK(w.current() == 590);
}

TEST_CASE("Watermark restore sets both clocks", "[core][op]") {
  Watermark w(10);
  w.restore(1000, 1010);
  CHECK(w.current() == 1000);
  CHECK(w.max_event_time() == 1010);
  CHECK(w.is_late(999));
  CHECK_FALSE(w.observe(1005));
  CHECK(w.observe(1020));
  CHECK(w.current() == 1010);
}
