#include "ss/sink/copy_text.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("COPY text escapes backslash, tab, newline and carriage return", "[sink]") {
  std::string out = "x\t";
  ss::append_copy_text(out, "a\\b\tc\nd\re");
  CHECK(out == "x\ta\\\\b\\tc\\nd\\re");
}

TEST_CASE("COPY text leaves other bytes as they are", "[sink]") {
  std::string out;
  ss::append_copy_text(out, "plain \"quoted\" \xc3\xa9 \\N");
  CHECK(out == "plain \"quoted\" \xc3\xa9 \\\\N");
  out.clear();
  ss::append_copy_text(out, "");
  CHECK(out.empty());
  ss::append_copy_text(out, "\n\n");
  CHECK(out == "\\n\\n");
}
