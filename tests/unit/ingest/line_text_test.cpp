#include "ss/ingest/line_text.hpp"

#include <catch2/catch.hpp>

TEST_CASE("append_field_value writes numbers only when typed", "[ingest]") {
  std::string out;
  ss::append_field_value(out, "42", false);
  out += ' ';
  ss::append_field_value(out, "42", true);
  out += ' ';
  ss::append_field_value(out, "4 2", true);
  CHECK(out == R"("42" 42 "4 2")");
}

TEST_CASE("as_valid_utf8 replaces each bad byte and keeps good text untouched", "[ingest]") {
  std::string scratch;
  const std::string_view good = "caf\xC3\xA9 \xF0\x9F\x98\x80";
  CHECK(ss::as_valid_utf8(good, scratch).data() == good.data());
  CHECK(ss::as_valid_utf8("a\xFF"
                          "b",
                          scratch) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(ss::as_valid_utf8("\xC3", scratch) == "\xEF\xBF\xBD");                                  // cut short
  CHECK(ss::as_valid_utf8("\xC0\xAF", scratch) == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  CHECK(ss::as_valid_utf8("\xED\xA0\x80", scratch) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(ss::as_valid_utf8("\xF4\x90\x80\x80", scratch) ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // past U+10FFFF
}

TEST_CASE("strip_cr and is_blank", "[ingest]") {
  CHECK(ss::strip_cr("a\r") == "a");
  CHECK(ss::strip_cr("a\r\r") == "a\r");
  CHECK(ss::strip_cr("a") == "a");
  CHECK(ss::is_blank(""));
  CHECK(ss::is_blank(" \t "));
  CHECK_FALSE(ss::is_blank(" x "));
}

TEST_CASE("shown_line quotes a line for a message and escapes what could disturb a terminal", "[ingest]") {
  CHECK(ss::shown_line("hello world") == "\"hello world\"");
  CHECK(ss::shown_line("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(ss::shown_line(std::string_view("\x1b[31mred\x00\xff", 10)) == "\"\\x1b[31mred\\x00\\xff\"");
  CHECK(ss::shown_line("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(ss::shown_line("abcdef", 3) == "\"abc\"…");
}
