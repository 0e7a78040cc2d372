#include "window/pane_groups.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/agg/agg_spec.hpp"

TEST_CASE("PaneGroups finds every key it was given and no other, across growth", "[window]") {
  const ss::AggPlan plan(ss::parse_agg_specs("n=count"));
  ss::PaneGroups groups;
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("\"user" + std::to_string(i) + "\"");
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint32_t index = groups.find_or_add(keys[i], ss::PaneGroups::hash_key(keys[i]), plan);
    REQUIRE(index == i);  // entries keep insertion order
  }
  REQUIRE(groups.size() == keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    REQUIRE(groups.find(keys[i], ss::PaneGroups::hash_key(keys[i])) == i);
    REQUIRE(groups.find_or_add(keys[i], ss::PaneGroups::hash_key(keys[i]), plan) == i);
    REQUIRE(groups.at(static_cast<uint32_t>(i)).key == keys[i]);
  }
  REQUIRE(groups.size() == keys.size());
  CHECK(groups.find("\"nobody\"", ss::PaneGroups::hash_key("\"nobody\"")) == ss::PaneGroups::kNotFound);
  CHECK(groups.find("", ss::PaneGroups::hash_key("")) == ss::PaneGroups::kNotFound);
}

TEST_CASE("PaneGroups tells apart keys whose hashes collide", "[window]") {
  const ss::AggPlan plan(ss::parse_agg_specs("n=count"));
  ss::PaneGroups groups;
  // The same hash for different keys: the key bytes decide.
  const uint32_t a = groups.find_or_add("\"a\"", 42, plan);
  const uint32_t b = groups.find_or_add("\"b\"", 42, plan);
  CHECK(a != b);
  CHECK(groups.find("\"a\"", 42) == a);
  CHECK(groups.find("\"b\"", 42) == b);
  CHECK(groups.find("\"c\"", 42) == ss::PaneGroups::kNotFound);
  const uint32_t empty = groups.find_or_add("", 42, plan);
  CHECK(groups.find("", 42) == empty);
}

TEST_CASE("PaneGroups cleared and filled again holds only the new keys, with fresh aggregates", "[window]") {
  const ss::AggPlan plan(ss::parse_agg_specs("n=count, q=quantile(x, 0.5)"));
  ss::PaneGroups groups;
  const auto add = [&](const std::string& key, double x) {
    ss::FieldValue value;
    value.type = ss::ValueType::number;
    value.number = x;
    const ss::FieldValue values[] = {value};
    groups.at(groups.find_or_add(key, ss::PaneGroups::hash_key(key), plan)).aggs.add(values, 0, 0);
  };
  for (int i = 0; i < 100; ++i) add("\"old" + std::to_string(i % 40) + "\"", 1.5 * i + 1);
  REQUIRE(groups.size() == 40);
  groups.at(3).dirty = true;
  groups.clear();
  CHECK(groups.size() == 0);
  CHECK(groups.entries().empty());
  CHECK(groups.find("\"old3\"", ss::PaneGroups::hash_key("\"old3\"")) == ss::PaneGroups::kNotFound);

  for (int i = 0; i < 10; ++i) add("\"new" + std::to_string(i % 5) + "\"", 2.0);
  REQUIRE(groups.size() == 5);
  for (const auto& entry : groups.entries()) {
    INFO(entry.key);
    CHECK(entry.key.rfind("\"new", 0) == 0);
    CHECK_FALSE(entry.dirty);
    std::string out;
    ss::JsonObjectWriter w(out);
    entry.aggs.append_results(w);
    w.finish();
    CHECK(out == R"({"n":2,"q":2})");
  }
  CHECK(groups.find("\"old3\"", ss::PaneGroups::hash_key("\"old3\"")) == ss::PaneGroups::kNotFound);
}
