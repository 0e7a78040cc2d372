#include "ss/json/json_writer.hpp"

#include <simdjson.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  ss::append_json_string(out, s);
  return out;
}

std::string json_number(double v) {
  std::string out;
  ss::append_json_number(out, v);
  return out;
}

std::string splice(std::string_view line, std::string_view members, bool* ok = nullptr) {
  std::string out;
  const bool result = ss::splice_members(out, line, members);
  if (ok) *ok = result;
  return out;
}

// Reads a JSON string literal back with simdjson, the parser the tools use.
std::string unescape_with_simdjson(const std::string& literal) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(literal);
  simdjson::ondemand::document doc;
  std::string_view s;
  REQUIRE(parser.iterate(padded).get(doc) == simdjson::SUCCESS);
  REQUIRE(doc.get_string().get(s) == simdjson::SUCCESS);
  return std::string(s);
}

}  // namespace

TEST_CASE("json_plain_run stops at the first byte a JSON string must escape, wherever it falls", "[core][json]") {
  // Every length around the 16-byte blocks, and every position of the one special byte.
  for (size_t n = 0; n <= 40; ++n) {
    const std::string plain(n, '\xe9');  // bytes >= 0x80 pass, as UTF-8 does
    CHECK(ss::json_plain_run(plain.data(), n) == n);
    for (size_t at = 0; at < n; ++at)
      for (const char special : {'"', '\\', '\0', '\n', '\x1f'}) {
        std::string s = plain;
        s[at] = special;
        INFO("n " << n << ", at " << at << ", byte " << int(special));
        CHECK(ss::json_plain_run(s.data(), n) == at);
      }
  }
  // Two of them: the first counts, also when the second falls in the last, overlapping
  // block and the first before it.
  for (size_t n = 2; n <= 40; ++n)
    for (size_t first = 0; first + 1 < n; ++first)
      for (size_t second = first + 1; second < n; ++second) {
        std::string s(n, 'a');
        s[first] = '"';
        s[second] = '\n';
        INFO("n " << n << ", first " << first << ", second " << second);
        CHECK(ss::json_plain_run(s.data(), n) == first);
      }
  const std::string edge = std::string(17, ' ') + "\x7f!~";  // the bytes next to the limits pass
  CHECK(ss::json_plain_run(edge.data(), edge.size()) == edge.size());
}

TEST_CASE("append_json_string quotes plain text unchanged", "[core][json]") {
  CHECK(json_string("hello") == "\"hello\"");
  CHECK(json_string("") == "\"\"");
}

TEST_CASE("append_json_string escapes quotes and backslashes", "[core][json]") {
  CHECK(json_string("say \"hi\"") == R"("say \"hi\"")");
  CHECK(json_string("C:\\path\\") == R"("C:\\path\\")");
  CHECK(json_string("\\\"") == R"("\\\"")");
}

TEST_CASE("append_json_string escapes control characters", "[core][json]") {
  CHECK(json_string("a\nb") == R"("a\nb")");
  CHECK(json_string("\r\t\b\f") == R"("\r\t\b\f")");
  CHECK(json_string(std::string_view("\x01", 1)) == R"("\u0001")");
  CHECK(json_string(std::string_view("\x1f", 1)) == R"("\u001f")");
  CHECK(json_string(std::string_view("a\0b", 3)) == R"("a\u0000b")");
  CHECK(json_string("\x7f") == "\"\x7f\"");  // DEL is not a JSON control character
  CHECK(json_string("/") == "\"/\"");
}

TEST_CASE("append_json_string passes UTF-8 through unescaped", "[core][json]") {
  CHECK(json_string("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80") == "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST_CASE("append_json_string output reads back as the original bytes for every byte below 0x80", "[core][json]") {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "\xc3\xa9";
  CHECK(unescape_with_simdjson(json_string(all)) == all);
}

TEST_CASE("write_json_string stays within json_string_bound, every byte escaped", "[core][json]") {
  // The worst case: a control byte becomes \u00XX, six bytes for one.
  for (int c = 0; c < 0x20; ++c) {
    // Short text reserves for every byte; long text counts its escapes.
    for (const size_t n : {size_t{1000}, size_t{5000}}) {
      const std::string text(n, static_cast<char>(c));
      const size_t bound = ss::json_string_bound(n, ss::json_escapable(text));
      std::string buffer(bound + 16, '#');
      const char* end = ss::write_json_string(buffer.data(), text);
      CHECK(end <= buffer.data() + bound);
      CHECK(buffer.substr(buffer.size() - 16) == std::string(16, '#'));
    }
  }
  CHECK(ss::json_escape_count(std::string(3000, 'a') + "\"\\\n\x01") == 4);
  CHECK(ss::json_escapable(std::string(3000, 'a')) == 0);
  CHECK(ss::json_escapable(std::string(1000, 'a')) == 1000);  // short: not counted
  std::string out = "x";
  ss::append_json_string(out, std::string(1000, '\x01'));
  std::string expected = "x\"";
  for (int i = 0; i < 1000; ++i) expected += "\\u0001";
  CHECK(out == expected + "\"");
}

TEST_CASE("append_json_time writes the earliest and latest times within its bound", "[core][json]") {
  for (const ss::TimeUs t : {std::numeric_limits<ss::TimeUs>::min(), std::numeric_limits<ss::TimeUs>::max()}) {
    std::string out;
    ss::append_json_time(out, t);
    CHECK(out.size() <= ss::kJsonTimeBound);
    CHECK(out.find('\0') == std::string::npos);
  }
  std::string out;
  ss::append_json_time(out, std::numeric_limits<ss::TimeUs>::min());
  CHECK(out == "\"-290308-12-21T19:59:05.224192Z\"");
}

TEST_CASE("append_json_number writes integers exactly", "[core][json]") {
  auto int_text = [](int64_t v) {
    std::string out;
    ss::append_json_number(out, v);
    return out;
  };
  auto uint_text = [](uint64_t v) {
    std::string out;
    ss::append_json_number(out, v);
    return out;
  };
  CHECK(int_text(0) == "0");
  CHECK(int_text(-42) == "-42");
  CHECK(int_text(INT64_MIN) == "-9223372036854775808");
  CHECK(int_text(INT64_MAX) == "9223372036854775807");
  CHECK(uint_text(UINT64_MAX) == "18446744073709551615");
}

TEST_CASE("append_json_number writes integral doubles without fraction or exponent", "[core][json]") {
  CHECK(json_number(0.0) == "0");
  CHECK(json_number(3.0) == "3");
  CHECK(json_number(-17.0) == "-17");
  CHECK(json_number(1e15) == "1000000000000000");
  CHECK(json_number(9007199254740991.0) == "9007199254740991");
}

TEST_CASE("append_json_number writes the shortest decimal form", "[core][json]") {
  CHECK(json_number(0.1) == "0.1");
  CHECK(json_number(-2.5) == "-2.5");
  CHECK(json_number(1.0 / 3) == "0.3333333333333333");
  CHECK(std::strtod(json_number(1e300).c_str(), nullptr) == 1e300);
  CHECK(json_number(1e300).size() <= 6);  // 1e+300, not 300 digits
  CHECK(std::strtod(json_number(5e-324).c_str(), nullptr) == 5e-324);
}

TEST_CASE("append_json_number writes negative zero as a JSON number equal to zero", "[core][json]") {
  const std::string text = json_number(-0.0);
  CHECK((text == "0" || text == "-0"));
  CHECK(std::strtod(text.c_str(), nullptr) == 0.0);
}

TEST_CASE("append_json_number writes null for NaN and infinities", "[core][json]") {
  CHECK(json_number(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(json_number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(json_number(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("append_json_number round trips random doubles exactly through strtod and simdjson", "[core][json]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-300, 300);
  simdjson::ondemand::parser parser;
  for (int i = 0; i < 10000; ++i) {
    double v;
    if (i % 2 == 0) {
      v = unit(rng) * std::pow(10.0, exponent(rng));
    } else {
      // Any finite bit pattern, subnormals included.
      uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof v);
      if (!std::isfinite(v)) continue;
    }
    const std::string text = json_number(v);
    INFO(text);
    REQUIRE(std::strtod(text.c_str(), nullptr) == v);
    // And it must be JSON that simdjson reads as the same number.
    simdjson::padded_string padded(text);
    simdjson::ondemand::document doc;
    double back = 0;
    REQUIRE(parser.iterate(padded).get(doc) == simdjson::SUCCESS);
    REQUIRE(doc.get_double().get(back) == simdjson::SUCCESS);
    REQUIRE(back == v);
  }
}

TEST_CASE("JsonObjectWriter places commas and escapes names", "[core][json]") {
  std::string out;
  ss::JsonObjectWriter w(out);
  w.string("name", "a\"b")
      .number("n", int64_t{-3})
      .number("u", uint64_t{7})
      .number("x", 0.5)
      .boolean("ok", true)
      .boolean("no", false)
      .null("nothing")
      .raw("obj", R"({"k":[1,2]})");
  w.key("we\"ird");
  out += "1";
  w.finish();
  CHECK(out ==
        R"({"name":"a\"b","n":-3,"u":7,"x":0.5,"ok":true,"no":false,"nothing":null,"obj":{"k":[1,2]},"we\"ird":1})");
}

TEST_CASE("JsonObjectWriter takes keys written ahead and members written already", "[core][json]") {
  CHECK(ss::json_member_key("p99") == R"("p99":)");
  CHECK(ss::json_member_key("a\"b") == R"("a\"b":)");
  std::string out;
  ss::JsonObjectWriter first(out);
  first.member(ss::json_member_key("k")) += "1";  // first member: no comma
  first.members("").members(R"("a":2,"b":3)").number("c", int64_t{4});
  first.member(ss::json_member_key("we\"ird")) += "[5]";
  first.finish();
  CHECK(out == R"({"k":1,"a":2,"b":3,"c":4,"we\"ird":[5]})");
  out.clear();
  ss::JsonObjectWriter second(out);
  second.members(R"("a":2)").members(R"("b":3)");
  second.finish();
  CHECK(out == R"({"a":2,"b":3})");
}

TEST_CASE("JsonObjectWriter writes an empty object", "[core][json]") {
  std::string out = "prefix ";
  ss::JsonObjectWriter w(out);
  w.finish();
  CHECK(out == "prefix {}");
}

TEST_CASE("splice_members inserts members before the closing brace", "[core][json]") {
  bool ok = false;
  CHECK(splice(R"({"a":1})", R"("b":2)", &ok) == R"({"a":1,"b":2})");
  CHECK(ok);
  CHECK(splice(R"({"a":{"x":1}})", R"("b":2,"c":"z")") == R"({"a":{"x":1},"b":2,"c":"z"})");
}

TEST_CASE("splice_members puts no comma into an empty object", "[core][json]") {
  CHECK(splice("{}", R"("b":2)") == R"({"b":2})");
  CHECK(splice("{ }", R"("b":2)") == R"({ "b":2})");
  CHECK(splice("{\t }", R"("b":2)") == "{\t \"b\":2}");
}

TEST_CASE("splice_members drops trailing spaces, tabs and a carriage return", "[core][json]") {
  CHECK(splice("{\"a\":1}  ", R"("b":2)") == R"({"a":1,"b":2})");
  CHECK(splice("{\"a\":1}\r", R"("b":2)") == R"({"a":1,"b":2})");
  CHECK(splice("{\"a\":1} \t\r", R"("b":2)") == R"({"a":1,"b":2})");
  CHECK(splice("{}\r", R"("b":2)") == R"({"b":2})");
}

TEST_CASE("splice_members with no members copies the object", "[core][json]") {
  CHECK(splice(R"({"a":1} )", "") == R"({"a":1})");
  CHECK(splice("{}", "") == "{}");
}

TEST_CASE("splice_members keeps a string holding braces intact", "[core][json]") {
  CHECK(splice(R"({"a":"{"})", R"("b":2)") == R"({"a":"{","b":2})");
  CHECK(splice(R"({"a":"}"})", R"("b":2)") == R"({"a":"}","b":2})");
}

TEST_CASE("splice_members appends to the output buffer without clearing it", "[core][json]") {
  std::string out = "[";
  REQUIRE(ss::splice_members(out, "{}", R"("b":2)"));
  CHECK(out == R"([{"b":2})");
}

TEST_CASE("splice_members returns false for a line that is not an object", "[core][json]") {
  for (const char* line : {"", "   ", "[1,2]", "42", "\"}x\"", "{\"a\":1", "{\"a\":1} x", "null"}) {
    INFO("\"" << line << "\"");
    std::string out;
    CHECK_FALSE(ss::splice_members(out, line, "\"b\":2"));
  }
}

TEST_CASE("is_json_number follows the JSON grammar", "[json]") {
  for (const std::string_view yes : {"0", "-0", "42", "-1.5", "1e9", "1E+2", "2.5e-3", "123456789012345678901234"}) {
    INFO(yes);
    CHECK(ss::is_json_number(yes));
  }
  for (const std::string_view no :
       {"", "-", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "Infinity", "1 ", " 1", "1,5"}) {
    INFO(no);
    CHECK_FALSE(ss::is_json_number(no));
  }
}

TEST_CASE("JsonObjectWriter writes a time as an RFC 3339 UTC string", "[core][json]") {
  constexpr ss::TimeUs kRef = 1795428001LL * 1000000;  // 2026-11-23T10:00:01Z
  std::string out;
  ss::JsonObjectWriter w(out);
  w.time("ts", kRef).time("at", kRef + 250000).time("we\"ird", kRef + 123456);
  w.finish();
  CHECK(out ==
        R"({"ts":"2026-11-23T10:00:01.000Z","at":"2026-11-23T10:00:01.250Z","we\"ird":"2026-11-23T10:00:01.123456Z"})");
}

TEST_CASE("append_json_time quotes the RFC 3339 form with the digits asked for", "[core][json]") {
  constexpr ss::TimeUs kRef = 1795428001LL * 1000000 + 123456;
  std::string out = "x";
  ss::append_json_time(out, kRef);
  CHECK(out == R"(x"2026-11-23T10:00:01.123456Z")");
  out.clear();
  ss::append_json_time(out, kRef, 3);
  CHECK(out == R"("2026-11-23T10:00:01.123Z")");
  out.clear();
  ss::append_json_time(out, kRef, 0);
  CHECK(out == R"("2026-11-23T10:00:01Z")");
}
