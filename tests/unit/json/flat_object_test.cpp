#include "ss/json/flat_object.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>

using ss::FlatObject;

namespace {

// The scan reads up to 63 bytes past a line; the tools' lines are followed by padding.
// Here the padding is bytes that would look like the end of an object or of a string,
// so that a read past the line that counted would show.
bool scans(const std::string& line) {
  bool verdicts[2];
  for (const char pad : {'}', '"'}) {
    std::string padded = line + std::string(64, pad);
    FlatObject flat;
    verdicts[pad == '"'] = flat.scan(std::string_view(padded.data(), line.size()));
  }
  REQUIRE(verdicts[0] == verdicts[1]);
  return verdicts[0];
}

// Scans `line` in a heap buffer of exactly its size and 64 bytes: a quote, then spaces
// to the buffer's end. A scan that took that quote as the end of an unclosed string
// would skip the spaces and read past the buffer, which the sanitizer build reports;
// the verdict alone cannot show it, as the scan must still end at the line's last `}`.
bool scan_before_quote_and_spaces(FlatObject& flat, const std::string& line) {
  const auto buffer = std::make_unique<char[]>(line.size() + 64);
  std::memcpy(buffer.get(), line.data(), line.size());
  buffer[line.size()] = '"';
  std::memset(buffer.get() + line.size() + 1, ' ', 63);
  return flat.scan(std::string_view(buffer.get(), line.size()));
}

}  // namespace

TEST_CASE("FlatObject reads the members of a flat object in order", "[core][json]") {
  const std::string line =
      R"( {"ts":"2026-11-23T10:00:01Z", "n" : -42,"x":1.5e3,"ok":true,"no":false,"nil":null,"":"empty","ts":"second"})"
      "\t\r";
  std::string padded = line + std::string(64, ' ');
  FlatObject flat;
  REQUIRE(flat.scan(std::string_view(padded.data(), line.size())));
  REQUIRE(flat.size() == 8);
  CHECK(flat[0].name == "ts");
  CHECK(flat[0].value == "2026-11-23T10:00:01Z");
  CHECK(flat[0].kind == FlatObject::Kind::string);
  CHECK(flat[1].value == "-42");
  CHECK(flat[1].kind == FlatObject::Kind::integer);
  CHECK(flat[2].value == "1.5e3");
  CHECK(flat[2].kind == FlatObject::Kind::number);
  CHECK(flat[3].kind == FlatObject::Kind::true_value);
  CHECK(flat[4].kind == FlatObject::Kind::false_value);
  CHECK(flat[5].kind == FlatObject::Kind::null);
  CHECK(flat[6].name.empty());
  // A repeated name: the last member, as jq reads it.
  REQUIRE(flat.find("ts") != nullptr);
  CHECK(flat.find("ts")->value == "second");
  CHECK(flat.find("t") == nullptr);
  CHECK(flat.find("tss") == nullptr);
  CHECK(flat.find("")->value == "empty");
}

TEST_CASE("FlatObject tells integers that int64 holds from other numbers", "[core][json]") {
  const auto kind_of = [](const std::string& number) {
    const std::string line = "{\"v\":" + number + "}";
    std::string padded = line + std::string(64, ' ');
    FlatObject flat;
    REQUIRE(flat.scan(std::string_view(padded.data(), line.size())));
    return flat[0].kind;
  };
  CHECK(kind_of("0") == FlatObject::Kind::integer);
  CHECK(kind_of("-7") == FlatObject::Kind::integer);
  CHECK(kind_of("123456789012345678") == FlatObject::Kind::integer);         // 18 digits
  CHECK(kind_of("1234567890123456789") == FlatObject::Kind::other_integer);  // 19: left to simdjson
  CHECK(kind_of("-0") == FlatObject::Kind::other_integer);
  CHECK(kind_of("-0.0") == FlatObject::Kind::number);
  CHECK(kind_of("0.0") == FlatObject::Kind::number);
  CHECK(kind_of("1E5") == FlatObject::Kind::number);
  CHECK(kind_of("1e-5") == FlatObject::Kind::number);
}

TEST_CASE("FlatObject accepts only what is valid JSON", "[core][json]") {
  for (const char* line : {"{}", " { } ", R"({"a":1})", "{\"a\":\"\x7f\"}"}) {
    INFO(line);
    CHECK(scans(line));
  }
  // Valid JSON outside the subset: simdjson reads these.
  for (const char* line : {R"({"a":"\u0020x"})", R"({"a":[1]})", R"({"a":{"b":1}})", "{\"a\":\"caf\xc3\xa9\"}"}) {
    INFO(line);
    CHECK_FALSE(scans(line));
  }
  for (const char* line : {
           "",
           "{",
           "}",
           "{{}",
           "{}}",
           "{} x",
           "[]",
           R"("a")",
           R"({"a"})",
           R"({"a":})",
           R"({"a" 1})",
           R"({"a":1,})",
           R"({"a":1 "b":2})",
           R"({,"a":1})",
           R"({a:1})",
           R"({'a':1})",
           R"({"a":01})",
           R"({"a":1.})",
           R"({"a":.5})",
           R"({"a":+1})",
           R"({"a":1e})",
           R"({"a":1e+})",
           R"({"a":-})",
           R"({"a":--1})",
           R"({"a":0x1})",
           R"({"a":1a})",
           R"({"a":NaN})",
           R"({"a":Infinity})",
           R"({"a":tru})",
           R"({"a":truex})",
           R"({"a":nul})",
           R"({"a":fals})",
           R"({"a":True})",
           R"({"a":"x)",
           R"({"a":"x"}"})",
           "{\"a\":\"tab\tinside\"}",
           "{\"a\":\"control\x01inside\"}",
           "{\"a\":1}\x01",
           "\xef\xbb\xbf{\"a\":1}",
       }) {
    INFO(line);
    CHECK_FALSE(scans(line));
  }
}

TEST_CASE("FlatObject does not read past the line", "[core][json]") {
  // Each line is a valid object's first bytes; the padding completes it.
  for (const char* line : {R"({"a":1)", R"({"a":"x)", R"({"a":tr)", R"({"a")", R"({"a":1.5)", "{"}) {
    INFO(line);
    std::string padded = std::string(line) + "\"}ue}" + std::string(64, ' ');
    FlatObject flat;
    CHECK_FALSE(flat.scan(std::string_view(padded.data(), std::string_view(line).size())));
  }
  // A string whose end is only in the bytes past the line, which ends in `}`: through
  // the quote mask, and (a tab between tokens) through the 16-byte search.
  for (const std::string line : {R"({"a":"0123456789})", R"({"a":"x",	"b":"0123456789})"}) {
    INFO(line);
    FlatObject flat;
    CHECK_FALSE(scan_before_quote_and_spaces(flat, line));
  }
}

TEST_CASE("FlatObject takes no quote from the bytes past the line", "[core][json]") {
  // An unclosed string at every length, across the 64-byte blocks of the quote mask.
  FlatObject flat;
  for (size_t len = 0; len < 140; ++len) {
    INFO("length " << len);
    CHECK_FALSE(scan_before_quote_and_spaces(flat, "{\"a\":\"" + std::string(len, 'v') + "}"));
  }
}

TEST_CASE("FlatObject finds string ends at every position of a block", "[core][json]") {
  // Quotes are marked 64 bytes at a time in a line of plain bytes; a tab between tokens
  // sends the line through the 16-byte string scan instead. Both read alike.
  FlatObject flat;
  for (size_t len = 0; len < 200; ++len) {
    const std::string value(len, 'v');
    for (const std::string separator : {",", ",\t"}) {
      const std::string line = "{\"k\":\"" + value + "\"" + separator + "\"z\":\"" + value + "\",\"n\":1}";
      std::string padded = line + std::string(64, '"');
      INFO("length " << len << " separator [" << separator << "]");
      REQUIRE(flat.scan(std::string_view(padded.data(), line.size())));
      CHECK(flat.find("k")->value == value);
      CHECK(flat.find("z")->value == value);
      CHECK(flat.find("n")->value == "1");
      // A line cut inside the second value, at every length, ends in `}` but is not an
      // object: the quote that would close it is past the line.
      const std::string cut = line.substr(0, line.size() - 8 - value.size() / 2) + "}";
      CHECK_FALSE(scan_before_quote_and_spaces(flat, cut));
    }
    // A byte the scan leaves to simdjson, at each position of the value.
    for (const char odd : {'\\', '\x1f', '\x80', '\xff'}) {
      for (size_t at = 0; at < len; at += 7) {
        std::string bad = value;
        bad[at] = odd;
        const std::string bad_line = "{\"k\":\"" + bad + "\"}";
        std::string bad_padded = bad_line + std::string(64, ' ');
        CHECK_FALSE(flat.scan(std::string_view(bad_padded.data(), bad_line.size())));
      }
    }
  }
}

TEST_CASE("FlatObject leaves an object of more than kMaxMembers members to simdjson", "[core][json]") {
  const auto object_of = [](size_t members) {
    std::string line = "{";
    for (size_t i = 0; i < members; ++i) line += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":1";
    return line + "}";
  };
  CHECK(scans(object_of(FlatObject::kMaxMembers)));
  CHECK_FALSE(scans(object_of(FlatObject::kMaxMembers + 1)));
}
