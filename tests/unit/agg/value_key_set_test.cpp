#include "ss/agg/value_key_set.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

TEST_CASE("a value key set keeps each key once, inline and hashed alike", "[agg]") {
  ss::ValueKeySet set;
  std::set<std::string> expected;
  CHECK(set.size() == 0);
  CHECK_FALSE(set.contains("a"));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 1000; ++i) {
      // Short and long keys (past 127 bytes the length takes two bytes).
      const std::string key = i % 7 == 0 ? std::string(100 + i % 300, 'x') + std::to_string(i) : "k" + std::to_string(i);
      CHECK(set.insert(key) == (round == 0 && expected.insert(key).second));
      CHECK(set.contains(key));
      CHECK(set.size() == expected.size());
    }
  }
  CHECK_FALSE(set.contains("k1000"));
  const auto sorted = set.sorted();
  CHECK(std::vector<std::string>(sorted.begin(), sorted.end()) == std::vector<std::string>(expected.begin(), expected.end()));
}

TEST_CASE("a few short keys stay inline and move to the table when they outgrow it", "[agg]") {
  ss::ValueKeySet set;
  CHECK(set.insert("b"));
  CHECK(set.insert("a"));
  CHECK_FALSE(set.insert("b"));
  CHECK(set.insert("c"));
  CHECK(set.sorted() == std::vector<std::string_view>{"a", "b", "c"});
  const std::string long_key(ss::ValueKeySet::kInlineBytes, 'z');
  CHECK(set.insert(long_key));
  CHECK_FALSE(set.insert("a"));
  CHECK_FALSE(set.insert(long_key));
  CHECK(set.size() == 4);
  CHECK(set.sorted() == std::vector<std::string_view>{"a", "b", "c", long_key});
}

TEST_CASE("merging value key sets of either form gives the union", "[agg]") {
  for (const int n : {2, 50}) {
    for (const int m : {2, 50}) {
      INFO(n << " and " << m);
      ss::ValueKeySet a;
      ss::ValueKeySet b;
      std::set<std::string> expected;
      for (int i = 0; i < n; ++i) {
        a.insert("a" + std::to_string(i));
        expected.insert("a" + std::to_string(i));
      }
      for (int i = 0; i < m; ++i) {
        b.insert("a" + std::to_string(i * 2));
        expected.insert("a" + std::to_string(i * 2));
      }
      a.merge(b);
      CHECK(a.size() == expected.size());
      const auto sorted = a.sorted();
      CHECK(std::vector<std::string>(sorted.begin(), sorted.end()) ==
            std::vector<std::string>(expected.begin(), expected.end()));
      a.clear();
      CHECK(a.size() == 0);
      CHECK(a.sorted().empty());
    }
  }
}
