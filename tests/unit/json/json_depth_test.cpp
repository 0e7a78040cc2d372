#include "ss/json/json_depth.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

/// An event whose member "a" holds `levels` nested arrays: levels + 1 deep in all.
std::string nested(size_t levels, char open = '[', char close = ']') {
  return R"({"ts":1,"a":)" + std::string(levels, open) + std::string(levels, close) + "}";
}

}  // namespace

TEST_CASE("exceeds_json_depth allows the limit and refuses one level more", "[core][json]") {
  CHECK_FALSE(ss::exceeds_json_depth(nested(ss::kMaxJsonDepth - 1)));
  CHECK(ss::exceeds_json_depth(nested(ss::kMaxJsonDepth)));
  CHECK(ss::exceeds_json_depth(nested(100000)));
}

TEST_CASE("exceeds_json_depth counts objects and arrays alike", "[core][json]") {
  std::string objects = "{";
  for (size_t i = 0; i < ss::kMaxJsonDepth; ++i) objects += R"("a":{)";
  objects += std::string(ss::kMaxJsonDepth + 1, '}');
  CHECK(ss::exceeds_json_depth(objects));
}

TEST_CASE("exceeds_json_depth ignores brackets inside strings", "[core][json]") {
  const std::string in_string = R"({"ts":1,"a":")" + std::string(5000, '[') + R"(\"[[["})";
  CHECK_FALSE(ss::exceeds_json_depth(in_string));
}

TEST_CASE("exceeds_json_depth allows many brackets side by side", "[core][json]") {
  std::string wide = R"({"ts":1,"a":[)";
  for (int i = 0; i < 3000; ++i) wide += "[],";
  wide += "[]]}";
  CHECK_FALSE(ss::exceeds_json_depth(wide));
}

TEST_CASE("exceeds_json_depth counts a line cut short while deep", "[core][json]") {
  CHECK(ss::exceeds_json_depth(std::string(ss::kMaxJsonDepth + 1, '[')));
  CHECK_FALSE(ss::exceeds_json_depth(std::string(ss::kMaxJsonDepth, '[')));
}
