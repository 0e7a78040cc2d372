#include "ss/key/key_extractor.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/base/murmur2.hpp"
#include "ss/json/event_parser.hpp"

using ss::EventParser;
using ss::FieldPath;
using ss::KeyExtractor;

namespace {

std::string key_of(const KeyExtractor& keys, std::string_view line) {
  EventParser parser;
  REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
  std::string out = "stale content";
  keys.extract(parser, out);
  return out;
}

KeyExtractor keys_for(std::string_view list) { return KeyExtractor(ss::parse_field_list(list)); }

}  // namespace

TEST_CASE("KeyExtractor writes a string key as a JSON string literal", "[core][key]") {
  CHECK(key_of(keys_for("user"), R"({"user":"alice"})") == R"("alice")");
}

TEST_CASE("KeyExtractor gives the same key for differently escaped equal strings", "[core][key]") {
  const auto keys = keys_for("user");
  CHECK(key_of(keys, R"({"user":"\u0061lice"})") == R"("alice")");
  CHECK(key_of(keys, R"({"user":"caf\u00e9"})") == key_of(keys, "{\"user\":\"caf\xc3\xa9\"}"));
  CHECK(key_of(keys, R"({"user":"a\/b"})") == R"("a/b")");
  CHECK(key_of(keys, R"({"user":"q\"t"})") == R"("q\"t")");
}

TEST_CASE("KeyExtractor writes numbers, booleans, objects and arrays as written", "[core][key]") {
  const auto keys = keys_for("k");
  CHECK(key_of(keys, R"({"k":42})") == "42");
  CHECK(key_of(keys, R"({"k":-1.50})") == "-1.50");
  CHECK(key_of(keys, R"({"k":true})") == "true");
  CHECK(key_of(keys, R"({"k":{"a":[1,2]}})") == R"({"a":[1,2]})");
  CHECK(key_of(keys, R"({"k":[1,"x"]})") == R"([1,"x"])");
  // A number and the string holding its digits are different keys.
  CHECK(key_of(keys, R"({"k":7})") != key_of(keys, R"({"k":"7"})"));
}

TEST_CASE("KeyExtractor writes a missing or null field as null", "[core][key]") {
  const auto keys = keys_for("k");
  CHECK(key_of(keys, R"({"other":1})") == "null");
  CHECK(key_of(keys, R"({"k":null})") == "null");
}

TEST_CASE("KeyExtractor joins composite keys with the unit separator", "[core][key]") {
  const auto keys = keys_for("user,http.status,missing");
  CHECK(key_of(keys, R"({"http":{"status":404},"user":"bo\tb"})") ==
        "\"bo\\tb\"\x1f"
        "404\x1fnull");
}

TEST_CASE("KeyExtractor keeps a separator byte inside a value apart from the joints", "[core][key]") {
  const auto keys = keys_for("a,b");
  // "x\u001fy" + "z" must not equal "x" + "y\u001fz".
  CHECK(key_of(keys, R"({"a":"x\u001fy","b":"z"})") != key_of(keys, R"({"a":"x","b":"y\u001fz"})"));
}

TEST_CASE("KeyExtractor write_members writes each key field under its last segment", "[core][key]") {
  const auto keys = keys_for("user,http.status,missing");
  const std::string key = key_of(keys, R"({"http":{"status":404},"user":"bo\"b"})");
  std::string out;
  ss::JsonObjectWriter w(out);
  keys.write_members(key, w);
  w.number("n", int64_t{3});
  w.finish();
  CHECK(out == R"({"user":"bo\"b","status":404,"missing":null,"n":3})");
}

TEST_CASE("KeyExtractor write_members writes object and array keys back as JSON", "[core][key]") {
  const auto keys = keys_for("k");
  const std::string key = key_of(keys, R"({"k":{"a":[1,2]}})");
  std::string out;
  ss::JsonObjectWriter w(out);
  keys.write_members(key, w);
  w.finish();
  CHECK(out == R"({"k":{"a":[1,2]}})");
}

TEST_CASE("KeyExtractor shard_bytes of a single string key are its unescaped bytes", "[core][key]") {
  const auto keys = keys_for("user");
  std::string scratch;
  CHECK(keys.shard_bytes(key_of(keys, R"({"user":"alice"})"), scratch) == "alice");
  CHECK(keys.shard_bytes(key_of(keys, R"({"user":"caf\u00e9 \"q\" \\ \n"})"), scratch) == "caf\xc3\xa9 \"q\" \\ \n");
  CHECK(keys.shard_bytes(key_of(keys, R"({"user":"a\u0000b"})"), scratch) == std::string_view("a\0b", 3));
  CHECK(keys.shard_bytes(key_of(keys, R"({"user":""})"), scratch) == "");
  // So the shard is Kafka's partition of the raw string.
  CHECK(ss::kafka_partition(keys.shard_bytes(key_of(keys, R"({"user":"foobar"})"), scratch), 4) ==
        ss::kafka_partition("foobar", 4));
}

TEST_CASE("KeyExtractor shard_bytes of other keys are the canonical key", "[core][key]") {
  std::string scratch;
  const auto number_key = keys_for("k");
  const std::string n = key_of(number_key, R"({"k":42})");
  CHECK(number_key.shard_bytes(n, scratch) == "42");
  const auto composite = keys_for("a,b");
  const std::string c = key_of(composite, R"({"a":"x","b":"y"})");
  CHECK(composite.shard_bytes(c, scratch) == c);
}

TEST_CASE("KeyExtractor describes its fields as the user wrote them", "[core][key]") {
  CHECK(keys_for(R"(user, http.status,"a.b")").describe() == R"(user,http.status,"a.b")");
  CHECK(KeyExtractor().empty());
  CHECK(KeyExtractor().describe().empty());
  CHECK_FALSE(keys_for("a").empty());
  CHECK(keys_for("a,b").fields().size() == 2);
}
