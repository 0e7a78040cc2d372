#include "ss/base/find_byte.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
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

TEST_CASE("byte_mask64 marks each of 64 bytes that equals, or is at most, a byte", "[core][base]") {
  std::mt19937 random(64);
  std::uniform_int_distribution<int> byte(0, 255);
  const char needles[] = {'"', '\\', ':', ' ', '\0', static_cast<char>(0x80), static_cast<char>(0xff)};
  for (int round = 0; round < 2000; ++round) {
    char block[64];
    // Bytes from a small set half the time, so that equal bytes are common.
    for (char& c : block)
      c = round % 2 == 0 ? static_cast<char>(byte(random))
                         : "\" :\\\t\x80"
                           "a"[byte(random) % 7];
    for (const char needle : needles) {
      uint64_t equal = 0;
      uint64_t at_most = 0;
      for (int k = 0; k < 64; ++k) {
        equal |= uint64_t{block[k] == needle} << k;
        at_most |= uint64_t{static_cast<unsigned char>(block[k]) <= static_cast<unsigned char>(needle)} << k;
      }
      CHECK(ss::byte_mask64(block, needle) == equal);
      CHECK(ss::byte_mask64(block, needle, true) == at_most);
    }
  }
}
