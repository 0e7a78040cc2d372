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

TEST_CASE("unescaped_quote skips quotes behind an odd run of backslashes, wherever they fall", "[core][json]") {
  using ss::unescaped_quote;
  constexpr size_t npos = std::string_view::npos;
  CHECK(unescaped_quote(R"(abc" x)", 0) == 3);
  CHECK(unescaped_quote(R"(a\"b" x)", 0) == 4);
  CHECK(unescaped_quote(R"(a\\" x)", 0) == 3);
  CHECK(unescaped_quote(R"(a\\\"b\\\\" x)", 0) == 10);
  CHECK(unescaped_quote(R"(a\")", 0) == npos);
  CHECK(unescaped_quote("", 0) == npos);
  // Backslashes are counted back to `from`, not before it: the text starts there.
  CHECK(unescaped_quote(R"(\"x)", 1) == 1);
  // Past the 16-byte blocks of the search, and in the last, overlapping one.
  for (size_t at = 0; at < 40; ++at) {
    std::string s(40, 'x');
    s[at] = '"';
    CHECK(unescaped_quote(s, 0) == at);
    if (at > 0) {
      s[at - 1] = '\\';
      CHECK(unescaped_quote(s, 0) == npos);
    }
  }
  CHECK(ss::json_string_end(R"("a\"b" ,)", 0) == 6);
  CHECK(ss::json_string_end(R"("a\")", 0) == 4);  // unclosed: the end of the text
}
