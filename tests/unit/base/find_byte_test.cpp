#include "ss/base/find_byte.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

TEST_CASE("find_byte agrees with string_view::find at every length, start and position", "[core][base]") {
  // Around the 16-byte blocks and the last, overlapping one; one or two hits.
  for (size_t n = 0; n <= 40; ++n) {
    for (size_t first = 0; first <= n; ++first) {
      for (size_t second = first; second <= n; ++second) {
        std::string s(n, 'a');
        if (first < n) s[first] = ' ';
        if (second < n) s[second] = ' ';
        const std::string_view v = s;
        for (size_t from = 0; from <= n + 1; ++from) {
          INFO("n " << n << ", hits " << first << " " << second << ", from " << from);
          CHECK(ss::find_byte(v, ' ', from) == v.find(' ', from));
        }
      }
    }
  }
}

TEST_CASE("find_byte reads only the bytes of its view", "[core][base]") {
  // Hits just outside the view, before and after it, are not found.
  const std::string s = " " + std::string(37, 'x') + " ";
  for (size_t n = 0; n <= 37; ++n)
    CHECK(ss::find_byte(std::string_view(s).substr(1, n), ' ') == std::string_view::npos);
  CHECK(ss::find_byte("\xff\x80", '\x80') == 1);  // bytes above 0x7f compare as bytes
}
