#include "ss/json/raw_json.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("skip_json_space and trim_json_space_end stop at the four JSON white-space bytes", "[core][json]") {
  CHECK(ss::skip_json_space(" \t\r\n1 ", 0) == 4);
  CHECK(ss::skip_json_space("   ", 1) == 3);
  CHECK(ss::trim_json_space_end("12 \t\r\n") == "12");
  CHECK(ss::trim_json_space_end("\"a \" ") == "\"a \"");
  CHECK(ss::trim_json_space_end(" \n").empty());
  CHECK(ss::trim_json_space_end("x\v") == "x\v");  // not JSON white space
}

TEST_CASE("json_child_value finds members and elements by position, nested values skipped whole", "[core][json]") {
  const std::string doc = R"({"a":"x,}","b" : [1, {"c":2}] ,"d":-0.5e3 })";
  auto value = [&](size_t i) {
    const auto [begin, end] = ss::json_child_value(doc, 0, i);
    return doc.substr(begin, end - begin);
  };
  CHECK(value(0) == R"("x,}")");
  CHECK(value(1) == R"([1, {"c":2}])");
  CHECK(value(2) == "-0.5e3");
  const size_t array = doc.find('[');
  const auto [begin, end] = ss::json_child_value(doc, array, 1);
  CHECK(doc.substr(begin, end - begin) == R"({"c":2})");
}
