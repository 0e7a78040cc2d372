#include "ss/base/murmur2.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("kafka_murmur2 matches the values of Kafka's UtilsTest.testMurmur2", "[core][key]") {
  CHECK(ss::kafka_murmur2("21") == -973932308);
  CHECK(ss::kafka_murmur2("foobar") == -790332482);
  CHECK(ss::kafka_murmur2("a-little-bit-long-string") == -985981536);
  CHECK(ss::kafka_murmur2("a-little-bit-longer-string") == -1486304829);
  CHECK(ss::kafka_murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8") == -58897971);
  CHECK(ss::kafka_murmur2("abc") == 479470107);
}

TEST_CASE("kafka_murmur2 covers every tail length and bytes above 0x7f", "[core][key]") {
  // Reference values from an independent implementation of Kafka's Utils.murmur2.
  CHECK(ss::kafka_murmur2("") == 275646681);
  CHECK(ss::kafka_murmur2("a") == -1563381124);
  CHECK(ss::kafka_murmur2("ab") == 316155434);
  CHECK(ss::kafka_murmur2("user-42") == 1459644460);
  CHECK(ss::kafka_murmur2("h\xc3\xa9llo") == 614509002);
}

TEST_CASE("kafka_murmur2 hashes embedded NUL bytes", "[core][key]") {
  const std::string with_nul("a\0b", 3);
  CHECK(ss::kafka_murmur2(with_nul) != ss::kafka_murmur2("a"));
  CHECK(ss::kafka_murmur2(with_nul) != ss::kafka_murmur2(std::string("a\0c", 3)));
}

TEST_CASE("kafka_partition masks the sign bit before taking the modulus", "[core][key]") {
  // toPositive(-973932308) = 1173551340; 1173551340 % 4 = 0, % 7 = 3.
  CHECK(ss::kafka_partition("21", 4) == 0);
  CHECK(ss::kafka_partition("21", 7) == 3);
  CHECK(ss::kafka_partition("foobar", 4) == 2);
  CHECK(ss::kafka_partition("abc", 4) == 3);
  CHECK(ss::kafka_partition("abc", 7) == 4);
  CHECK(ss::kafka_partition("a-little-bit-longer-string", 4) == 3);
}

TEST_CASE("kafka_partition is always below the partition count and spreads keys", "[core][key]") {
  for (uint32_t n : {1u, 2u, 3u, 16u, 1000u}) {
    std::vector<int> seen(n, 0);
    for (int i = 0; i < 5000; ++i) {
      const uint32_t p = ss::kafka_partition("key-" + std::to_string(i), n);
      REQUIRE(p < n);
      ++seen[p];
    }
    if (n <= 16) {
      for (uint32_t p = 0; p < n; ++p) CHECK(seen[p] > 5000 / static_cast<int>(n) / 2);
    }
  }
  CHECK(ss::kafka_partition("anything", 1) == 0);
}
