#include "ss/base/table_hash.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ss/base/flat_index.hpp"

// XXH3 takes a different path for each length class (0, 1-3, 4-8, 9-16, 17-128,
// 129-240, then blocks of vector code): keys of every length up to past the last.

TEST_CASE("table_hash depends on the bytes only, at any address", "[base]") {
  std::string buffer(2048, '\0');
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<char>(i * 131 + 7);
  for (size_t length = 0; length <= 600; ++length) {
    const std::string key = buffer.substr(3, length);
    const uint64_t expected = ss::table_hash(key);
    // The same bytes copied to each alignment give the same hash.
    for (size_t offset = 0; offset < 16; ++offset) {
      std::string shifted(offset, 'x');
      shifted += key;
      CHECK(ss::table_hash(std::string_view(shifted).substr(offset)) == expected);
    }
  }
}

TEST_CASE("table_hash tells apart keys one byte or one length apart", "[base]") {
  // No two of these keys collide in 64 bits (a collision among ~2400 keys would come
  // once in 10^12 tries); a mistake in a length class would show up as many.
  std::set<std::string> keys;
  for (size_t length = 0; length <= 600; ++length) {
    const std::string key(length, 'a');
    keys.insert(key);
    for (const size_t at : {size_t{0}, length / 2, length - 1}) {
      if (length == 0) break;
      std::string changed = key;
      changed[at] = 'b';
      keys.insert(changed);
    }
  }
  std::set<uint64_t> hashes;
  for (const std::string& key : keys) hashes.insert(ss::table_hash(key));
  CHECK(hashes.size() == keys.size());
}

TEST_CASE("a flat index finds keys of every length XXH3 tells apart", "[base]") {
  std::vector<std::string> key_of_value;
  ss::FlatIndex index;
  auto key_of = [&](uint32_t value) -> std::string_view { return key_of_value[value]; };
  for (size_t length = 0; length <= 600; ++length) {
    for (const char fill : {'p', 'q'}) {
      const std::string key = "/" + std::string(length + 1, fill);
      const uint32_t value = static_cast<uint32_t>(key_of_value.size());
      key_of_value.push_back(key);
      REQUIRE(index.find(key, ss::FlatIndex::hash(key), key_of) == ss::FlatIndex::kNone);
      index.insert(ss::FlatIndex::hash(key), value);
    }
  }
  for (uint32_t value = 0; value < key_of_value.size(); ++value) {
    const std::string& key = key_of_value[value];
    CHECK(index.find(key, ss::FlatIndex::hash(key), key_of) == value);
  }
  CHECK(index.size() == key_of_value.size());
}
