#include "ss/agg/value_dictionary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ss/agg/id_set.hpp"

namespace {

using HeldKeys = std::vector<std::pair<std::string, uint32_t>>;

// Each held key is found under its id, and its id gives the key back.
void require_held(const ss::ValueDictionary& dictionary, const HeldKeys& held) {
  for (const auto& [key, id] : held) {
    REQUIRE(dictionary.find(key) == id);
    REQUIRE(dictionary.key(id) == key);
  }
}

}  // namespace

TEST_CASE("a value dictionary gives each live key one id and frees it with the last reference", "[agg]") {
  ss::ValueDictionary dictionary;
  CHECK(dictionary.find("a") == ss::ValueDictionary::kNoId);
  const uint32_t a = dictionary.intern("a");
  const uint32_t b = dictionary.intern("b");
  CHECK(a != b);
  CHECK(dictionary.intern("a") == a);
  CHECK(dictionary.find("b") == b);
  CHECK(dictionary.key(b) == "b");
  dictionary.retain(a);
  dictionary.retain(a);
  dictionary.retain(b);
  dictionary.release(a);
  CHECK(dictionary.find("a") == a);
  dictionary.release(a);
  CHECK(dictionary.size() == 1);
  // An unreferenced value is kept (a window reopening over it finds it again) ...
  CHECK(dictionary.find("a") == a);
  CHECK(dictionary.intern("a") == a);
  CHECK(dictionary.stored() == 2);
}

TEST_CASE("a value dictionary finds a key interned as its tag and body", "[agg]") {
  // A string's key is interned without being built (DistinctAggregator::add); find()
  // and key() take the whole key, so each checks the other form. (intern(key) is a
  // wrapper over intern(tag, body).)
  ss::ValueDictionary dictionary;
  const uint32_t text = dictionary.intern('s', "/index.html");
  CHECK(dictionary.find("s/index.html") == text);
  CHECK(dictionary.key(text) == "s/index.html");
  CHECK(dictionary.find("n/index.html") == ss::ValueDictionary::kNoId);
  CHECK(dictionary.find("s/index.htm") == ss::ValueDictionary::kNoId);
  // The same body under two tags: two values.
  const uint32_t one_text = dictionary.intern('s', "1");
  const uint32_t one_number = dictionary.intern('n', "1");
  CHECK(one_text != one_number);
  CHECK(dictionary.find("s1") == one_text);
  CHECK(dictionary.find("n1") == one_number);
  CHECK(dictionary.find("j1") == ss::ValueDictionary::kNoId);
  CHECK(dictionary.find("") == ss::ValueDictionary::kNoId);
  CHECK(dictionary.stored() == 3);
}

TEST_CASE("a value dictionary keeps the empty string, from a view with no data too", "[agg]") {
  // An empty string's key is the tag alone; a default string_view has no data at all
  // (the sanitizer build checks nothing copies or compares from it).
  ss::ValueDictionary dictionary;
  const uint32_t empty = dictionary.intern('s', std::string_view());
  CHECK(dictionary.key(empty) == "s");
  CHECK(dictionary.find("s") == empty);
  CHECK(dictionary.intern('s', "") == empty);
  CHECK(dictionary.intern('s', std::string_view()) == empty);
  CHECK(dictionary.stored() == 1);
}

TEST_CASE("a value dictionary drops unreferenced values once they outnumber the referenced", "[agg]") {
  ss::ValueDictionary dictionary;
  const uint32_t held = dictionary.intern("held");
  dictionary.retain(held);
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < 3 * ss::ValueDictionary::kKeptUnreferenced; ++i) {
    const uint32_t id = dictionary.intern("v" + std::to_string(i));
    dictionary.retain(id);
    dictionary.release(id);
    ids.push_back(id);
    REQUIRE(dictionary.stored() <= ss::ValueDictionary::kKeptUnreferenced + 2);
    // The dropped values' bytes go with them: a header (8 bytes) and a key of at most
    // 6 bytes ("v" and five digits) each.
    REQUIRE(dictionary.key_bytes() <= (ss::ValueDictionary::kKeptUnreferenced + 2) * 14);
  }
  CHECK(dictionary.size() == 1);
  CHECK(dictionary.find("held") == held);
  CHECK(dictionary.key(held) == "held");
  // Freed ids are handed out again lowest first: the ids stay dense.
  CHECK(*std::max_element(ids.begin(), ids.end()) <= ss::ValueDictionary::kKeptUnreferenced + 2);
}

TEST_CASE("a value dictionary keeps the keys it moves when it drops others", "[agg]") {
  // Dropping unreferenced values moves the keys after theirs down: every held key must
  // still be found, and read back, by its id.
  ss::ValueDictionary dictionary;
  HeldKeys held;
  for (int i = 0; i < 30000; ++i) {
    // Keys of several lengths, so that moves do not keep records aligned.
    const std::string key = std::string(1 + i % 7, 'k') + std::to_string(i);
    const uint32_t id = dictionary.intern(key);
    if (i % 3 == 0) {
      dictionary.retain(id);
      held.emplace_back(key, id);
    }
    if (i % 4999 == 0) require_held(dictionary, held);
  }
  // Some sweeps took place: far fewer values are stored than were interned.
  CHECK(dictionary.stored() < 20000);
  require_held(dictionary, held);
  CHECK(dictionary.size() == held.size());
}

TEST_CASE("a value dictionary places a new key after a sweep that did not grow it", "[agg]") {
  // A sweep rebuilds the table: the empty slot found for the new key before it may
  // now lie past an emptied one, where a lookup stops before reaching it.
  ss::ValueDictionary dictionary;
  HeldKeys held;
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "held" + std::to_string(i);
    held.emplace_back(key, dictionary.intern(key));
    dictionary.retain(held.back().second);
  }
  size_t sweeps = 0;
  size_t stored = dictionary.stored();
  for (int i = 0; sweeps < 50; ++i) {
    const std::string key = "passing" + std::to_string(i);
    const uint32_t id = dictionary.intern(key);
    REQUIRE(dictionary.key(id) == key);
    REQUIRE(dictionary.find(key) == id);
    if (dictionary.stored() < stored) {
      ++sweeps;
      require_held(dictionary, held);
    }
    stored = dictionary.stored();
  }
}

TEST_CASE("a value dictionary reuses the arena of values it dropped", "[agg]") {
  // Memory follows the values alive at once, not all the values ever seen: a second
  // burst as large as the first fits in the bytes the first one left.
  ss::ValueDictionary dictionary;
  const auto burst = [&](const std::string& prefix) {
    std::vector<uint32_t> ids;
    for (int i = 0; i < 200000; ++i) {
      ids.push_back(dictionary.intern(prefix + std::to_string(1000000 + i)));
      dictionary.retain(ids.back());
    }
    for (const uint32_t id : ids) dictionary.release(id);
  };
  burst("a value of the first burst, ");
  const size_t capacity = dictionary.key_capacity();
  CHECK(capacity >= 200000 * 30);
  burst("a value of the other burst, ");
  CHECK(dictionary.key_capacity() == capacity);
  const uint32_t one = dictionary.intern("one");
  CHECK(dictionary.key(one) == "one");
  CHECK(dictionary.find("a value of the other burst, 1000000") == ss::ValueDictionary::kNoId);
}

TEST_CASE("a value dictionary keeps keys of any bytes and length", "[agg]") {
  ss::ValueDictionary dictionary;
  HeldKeys keys;
  for (int i = 0; i < 300; ++i) {
    // NUL and 0xff bytes, and bodies up to 1.2 KB: the arena's records hold any bytes.
    std::string body(static_cast<size_t>(i) * 4, static_cast<char>(i % 2 == 0 ? '\0' : '\xff'));
    body += std::to_string(i);
    const uint32_t id = dictionary.intern('s', body);
    keys.emplace_back("s" + body, id);
  }
  require_held(dictionary, keys);
}

TEST_CASE("a value dictionary under churn matches a map of live keys", "[agg]") {
  // Random interns and releases over a small key space exercise the table's growth
  // and its deletion by backward shift (which a tombstone-free probe relies on).
  ss::ValueDictionary dictionary;
  std::map<std::string, uint32_t> references;
  std::map<std::string, uint32_t> ids;
  std::mt19937 rng(7);
  for (int step = 0; step < 400000; ++step) {
    const std::string key = "k" + std::to_string(rng() % 20000);
    if (rng() % 2 == 0) {
      const bool is_new = dictionary.find(key) == ss::ValueDictionary::kNoId;
      const uint32_t id = dictionary.intern(key);
      if (is_new) {
        // Unreferenced values never outnumber the referenced (or the floor) by more
        // than the one just added.
        const size_t held = dictionary.size();
        REQUIRE(dictionary.stored() <= held + std::max(held, ss::ValueDictionary::kKeptUnreferenced) + 1);
      }
      if (references[key] > 0) REQUIRE(ids[key] == id);
      ids[key] = id;
      dictionary.retain(id);
      ++references[key];
    } else if (references[key] > 0) {
      dictionary.release(ids[key]);
      if (--references[key] == 0) ids.erase(key);
    }
    if (step % 997 == 0) {
      size_t live = 0;
      for (const auto& [k, n] : references) {
        if (n == 0) {
          // Unreferenced: kept or dropped, but never under another key's id.
          const uint32_t id = dictionary.find(k);
          if (id != ss::ValueDictionary::kNoId) REQUIRE(dictionary.key(id) == k);
          continue;
        }
        ++live;
        REQUIRE(dictionary.find(k) == ids[k]);
        REQUIRE(dictionary.key(ids[k]) == k);
        REQUIRE(dictionary.references(ids[k]) == n);
      }
      REQUIRE(dictionary.size() == live);
    }
  }
}

TEST_CASE("an id set keeps each id once, inline and in its table alike", "[agg]") {
  ss::IdSet set;
  std::set<uint32_t> expected;
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    // Mostly low ids (the inline bits), some far past them (the table).
    const uint32_t id = i % 3 == 0 ? rng() % 100000 : rng() % 400;
    CHECK(set.insert(id) == expected.insert(id).second);
    CHECK(set.contains(id));
    REQUIRE(set.size() == expected.size());
  }
  CHECK_FALSE(set.contains(100001));
  std::set<uint32_t> seen;
  set.for_each([&](uint32_t id) { CHECK(seen.insert(id).second); });
  CHECK(seen == expected);
  ss::IdSet moved(std::move(set));
  CHECK(moved.size() == expected.size());
  CHECK(moved.contains(*expected.rbegin()));
  moved.clear();
  CHECK(moved.size() == 0);
  CHECK_FALSE(moved.contains(*expected.begin()));
  size_t visits = 0;
  moved.for_each([&](uint32_t) { ++visits; });
  CHECK(visits == 0);
}
