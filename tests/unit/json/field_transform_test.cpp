#include "ss/json/field_transform.hpp"

#include <catch2/catch.hpp>

#include <string>

using ss::FieldTransform;

namespace {

std::string apply(FieldTransform& t, std::string_view object) {
  std::string out;
  REQUIRE(t.apply(object, out));
  return out;
}

}  // namespace

TEST_CASE("no transform is empty", "[ingest][transform]") {
  CHECK(FieldTransform({}, {}, {}).empty());
  CHECK_FALSE(FieldTransform({}, {}, {"a"}).empty());
}

TEST_CASE("ss-ingest --fields keeps the named fields in the event's order, and ts always", "[ingest][transform]") {
  FieldTransform t({}, {"c", "a"}, {});
  CHECK(apply(t, R"({"ts":"2026-01-01T00:00:00.000Z","a":1,"b":{"x":[1,2]},"c":"s"})") ==
        R"({"ts":"2026-01-01T00:00:00.000Z","a":1,"c":"s"})");
}

TEST_CASE("ss-ingest --drop removes fields and copies the rest byte for byte", "[ingest][transform]") {
  FieldTransform t({}, {}, {"b"});
  CHECK(apply(t, R"({"ts":"t", "a": 1.50 , "b":{"x":"}\"{"},"c":[{"d":"]"}]})") ==
        R"({"ts":"t","a":1.50,"c":[{"d":"]"}]})");
}

TEST_CASE("ss-ingest --rename renames in place and replaces a field of the new name", "[ingest][transform]") {
  FieldTransform t({{"client", "ip"}}, {}, {});
  CHECK(apply(t, R"({"ip":"old","ts":"t","client":"::1"})") == R"({"ts":"t","ip":"::1"})");
  CHECK(apply(t, R"({"ts":"t","other":1})") == R"({"ts":"t","other":1})");
}

TEST_CASE("ss-ingest --fields and --drop name fields after renaming", "[ingest][transform]") {
  FieldTransform t({{"status", "code"}}, {"code", "path"}, {"path"});
  CHECK(apply(t, R"({"ts":"t","status":200,"path":"/","bytes":5})") == R"({"ts":"t","code":200})");
}

TEST_CASE("names with characters JSON escapes are matched as written", "[ingest][transform]") {
  FieldTransform t({{"a\"b", "c d"}}, {}, {});
  CHECK(apply(t, R"({"ts":"t","a\"b":1})") == R"({"ts":"t","c d":1})");
}

TEST_CASE("an event that is not an object is refused", "[ingest][transform]") {
  FieldTransform t({}, {}, {"a"});
  std::string out;
  CHECK_FALSE(t.apply("[1,2]", out));
  CHECK(out.empty());
}
