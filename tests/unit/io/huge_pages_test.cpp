#include "ss/io/huge_pages.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

TEST_CASE("huge_pages_within keeps the whole 2 MiB pages inside a buffer", "[io]") {
  constexpr uintptr_t kPage = uintptr_t{2} << 20;
  const auto within = [](uintptr_t begin, size_t bytes) {
    const ss::HugePageRange r = ss::huge_pages_within(begin, bytes);
    return std::pair{r.first, r.last};
  };
  CHECK(within(kPage, 2 * kPage) == std::pair{kPage, 3 * kPage});          // aligned both ends
  CHECK(within(kPage + 1, 3 * kPage) == std::pair{2 * kPage, 4 * kPage});  // start rounded up, end down
  CHECK(within(kPage - 1, kPage + 1) == std::pair{kPage, 2 * kPage});      // exactly one page inside
  const auto none = within(kPage + 1, kPage);                              // no whole page inside
  CHECK(none.first == none.second);
  const auto empty = within(0, 0);
  CHECK(empty.first == empty.second);
}

TEST_CASE("prefer_huge_pages is advice: buffers keep their contents whatever their size", "[io]") {
  ss::prefer_huge_pages(nullptr, 0);
  for (const size_t count : {size_t{1}, size_t{4096}, size_t{3} << 20}) {
    std::vector<uint32_t> buffer(count);
    std::iota(buffer.begin(), buffer.end(), 7u);
    ss::prefer_huge_pages(buffer.data(), buffer.size() * sizeof(uint32_t));
    ss::prefer_huge_pages(buffer.data() + 1, buffer.size() * sizeof(uint32_t) - sizeof(uint32_t));  // unaligned
    for (size_t i = 0; i < count; i += 997) REQUIRE(buffer[i] == 7u + i);
    REQUIRE(buffer.back() == 7u + (count - 1));
  }
}
