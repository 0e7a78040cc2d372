#include "ss/window/window_record.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("WindowBoundsText follows the window it is asked for", "[window]") {
  ss::WindowBoundsText bounds;
  const ss::TimeUs minute = 60'000'000;
  CHECK(bounds.members(0, minute) ==
        R"("window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:01:00.000Z")");
  CHECK(bounds.members(0, minute) ==
        R"("window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:01:00.000Z")");
  // Same start, other end (a sliding window's size), then a window before 1970.
  CHECK(bounds.members(0, 10 * minute) ==
        R"("window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:10:00.000Z")");
  CHECK(bounds.members(-minute, 0) ==
        R"("window_start":"1969-12-31T23:59:00.000Z","window_end":"1970-01-01T00:00:00.000Z")");
}
