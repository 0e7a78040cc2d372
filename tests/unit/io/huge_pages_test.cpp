#include "ss/io/huge_pages.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

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
