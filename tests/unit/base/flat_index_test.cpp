#include "ss/base/flat_index.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

TEST_CASE("a flat index finds what a map holds through inserts, replaces and erases", "[key]") {
  // The keys live with the caller (here: by value number), as SessionOperator keeps
  // them in its sessions. Few distinct keys and many steps exercise growth and the
  // backward-shift deletion that keeps probe runs unbroken.
  std::vector<std::string> key_of_value;
  std::map<std::string, uint32_t> expected;
  ss::FlatIndex index;
  auto key_of = [&](uint32_t value) -> std::string_view { return key_of_value[value]; };
  std::mt19937 rng(3);
  for (int step = 0; step < 300000; ++step) {
    const std::string key = "key" + std::to_string(rng() % 5000);
    const uint32_t hash = ss::FlatIndex::hash(key);
    auto it = expected.find(key);
    REQUIRE(index.find(key, hash, key_of) == (it == expected.end() ? ss::FlatIndex::kNone : it->second));
    const uint32_t value = static_cast<uint32_t>(key_of_value.size());
    switch (rng() % 3) {
      case 0:
        if (it != expected.end()) break;
        key_of_value.push_back(key);
        index.insert(hash, value);
        expected.emplace(key, value);
        break;
      case 1:
        if (it == expected.end()) break;
        key_of_value.push_back(key);
        index.replace(hash, it->second, value);
        it->second = value;
        break;
      default:
        if (it == expected.end()) break;
        index.erase(hash, it->second);
        expected.erase(it);
        break;
    }
    REQUIRE(index.size() == expected.size());
  }
  for (const auto& [key, value] : expected) CHECK(index.find(key, ss::FlatIndex::hash(key), key_of) == value);
}
