#include "ss/op/closed_keys.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "support/temp_dir.hpp"

namespace {

std::vector<std::string> snapshot_records(const ss::ClosedKeys& keys) {
  ss::test::TempDir dir;
  const auto path = dir.file("closed.snap.zst");
  ss::SnapshotWriter writer(path, "sessionize", "sessionize", 1, "{}");
  keys.snapshot(writer, "closed", "end");
  writer.commit();
  ss::SnapshotReader reader(path, "sessionize");
  std::vector<std::string> records;
  std::string_view record;
  while (reader.next(record)) records.emplace_back(record);
  return records;
}

}  // namespace

TEST_CASE("ClosedKeys keeps the latest time a key closed with", "[op]") {
  ss::ClosedKeys keys;
  CHECK(keys.find("u1") == nullptr);
  keys.add("u1", 50);
  keys.add("u1", 20);  // an earlier session of the key closed after the later one
  keys.add("u2", ss::FlatIndex::hash("u2"), 7);
  REQUIRE(keys.find("u1") != nullptr);
  CHECK(*keys.find("u1") == 50);
  CHECK(*keys.find("u2", ss::FlatIndex::hash("u2")) == 7);
  CHECK(keys.find("u3") == nullptr);
  CHECK(keys.size() == 2);
}

TEST_CASE("ClosedKeys forgets unreachable keys only once it has grown past twice what it kept", "[op]") {
  ss::ClosedKeys keys;
  for (int i = 0; i < 1024; ++i) keys.add("k" + std::to_string(i), i);
  keys.prune_if_due([](ss::TimeUs t) { return t < 1000; });
  CHECK(keys.size() == 1024);  // not due: at most the slack is kept unpruned
  keys.add("k1024", 1024);
  keys.prune_if_due([](ss::TimeUs t) { return t < 1000; });
  CHECK(keys.size() == 25);  // k1000 .. k1024
  CHECK(keys.find("k999") == nullptr);
  REQUIRE(keys.find("k1000") != nullptr);
  // A forgotten entry is reused for the next key; every key is still found.
  for (int i = 0; i < 100; ++i) keys.add("n" + std::to_string(i), 2000 + i);
  CHECK(keys.size() == 125);
  for (int i = 0; i < 100; ++i) {
    const ss::TimeUs* t = keys.find("n" + std::to_string(i));
    REQUIRE(t != nullptr);
    CHECK(*t == 2000 + i);
  }
  CHECK(*keys.find("k1024") == 1024);
}

TEST_CASE("ClosedKeys writes one record per key, sorted by key", "[op]") {
  ss::ClosedKeys keys;
  keys.add("b", 2);
  keys.add("a\"x", 1);
  keys.add("c", 3);
  CHECK(snapshot_records(keys) == std::vector<std::string>{R"({"closed":"a\"x","end":1})", R"({"closed":"b","end":2})",
                                                           R"({"closed":"c","end":3})"});
  CHECK(snapshot_records(ss::ClosedKeys{}).empty());
}
