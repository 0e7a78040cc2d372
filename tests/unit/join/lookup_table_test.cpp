// LookupTable: the last row of a key wins, versioned rows answer for the time asked,
// exactly at their valid-from boundaries.
#include <catch2/catch.hpp>

#include <string>

#include "ss/join/lookup_table.hpp"

namespace {

std::string find(const ss::LookupTable& t, std::string_view key, ss::TimeUs time = 0) {
  size_t size = 0;
  const char* p = t.find(key, time, size);
  return p ? std::string(p, size) : std::string("<none>");
}

}  // namespace

TEST_CASE("A plain table keeps the last row of a key and counts the duplicates", "[join]") {
  ss::LookupTable t(false);
  t.add("a", "\"v\":1");
  t.add("b", "\"v\":2");
  t.add("a", "\"v\":3");
  t.finish();
  CHECK(find(t, "a") == "\"v\":3");
  CHECK(find(t, "b") == "\"v\":2");
  CHECK(find(t, "c") == "<none>");
  CHECK(t.rows() == 3);
  CHECK(t.keys() == 2);
  CHECK(t.duplicates() == 1);
}

TEST_CASE("A plain table finds every one of many keys after it grew", "[join]") {
  ss::LookupTable t(false);
  for (int i = 0; i < 100000; ++i) t.add(std::to_string(i), std::to_string(i * 2));
  t.finish();
  for (int i = 0; i < 100000; i += 7) CHECK(find(t, std::to_string(i)) == std::to_string(i * 2));
  CHECK(find(t, "100000") == "<none>");
  CHECK(t.keys() == 100000);
}

TEST_CASE("A versioned table answers with the row valid at the time, boundaries included", "[join]") {
  ss::LookupTable t(true);
  // Added out of order: versions are ordered by time, not by row.
  t.add("k", "\"p\":\"b\"", 200);
  t.add("k", "\"p\":\"a\"", 100);
  t.add("k", "\"p\":\"c\"", 300);
  t.add("j", "\"p\":\"x\"", 150);
  t.finish();
  CHECK(find(t, "k", 99) == "<none>");
  CHECK(find(t, "k", 100) == "\"p\":\"a\"");
  CHECK(find(t, "k", 199) == "\"p\":\"a\"");
  CHECK(find(t, "k", 200) == "\"p\":\"b\"");
  CHECK(find(t, "k", 299) == "\"p\":\"b\"");
  CHECK(find(t, "k", 300) == "\"p\":\"c\"");
  CHECK(find(t, "k", ss::kMaxTime) == "\"p\":\"c\"");
  CHECK(find(t, "j", 149) == "<none>");
  CHECK(find(t, "j", 150) == "\"p\":\"x\"");
  CHECK(t.duplicates() == 0);
}

TEST_CASE("A versioned table keeps the last of two rows with the same key and time", "[join]") {
  ss::LookupTable t(true);
  t.add("k", "\"p\":1", 100);
  t.add("k", "\"p\":2", 100);
  t.add("k", "\"p\":3", 50);
  t.finish();
  CHECK(find(t, "k", 100) == "\"p\":2");
  CHECK(find(t, "k", 60) == "\"p\":3");
  CHECK(t.duplicates() == 1);
}
