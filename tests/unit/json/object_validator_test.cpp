#include "ss/json/object_validator.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "ss/json/record_fields.hpp"

using ss::ObjectCheck;
using ss::ObjectValidator;
using ss::ParseOutcome;
using ss::RecordFields;

namespace {

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;

/// The line followed by padding bytes that are not spaces, as the next line in a
/// reader's buffer would be.
ObjectCheck check(ObjectValidator& validator, const std::string& line) {
  std::string padded = line + std::string(kPadding, '7');
  return validator.check(std::string_view(padded.data(), line.size()), kPadding);
}

const std::vector<std::string> kTrickyLines = {R"({"a":1})",
                                               R"(  {"a":1})",
                                               "{\"a\":1}  ",
                                               "{\"a\":1}\t",
                                               R"({})",
                                               R"({"a":1}{"b":2})",
                                               R"({"a":1} x)",
                                               R"({"a":1},)",
                                               R"({"a":1)",
                                               R"({"a":)",
                                               R"({"a"})",
                                               R"({a:1})",
                                               R"({'a':1})",
                                               R"([1,2])",
                                               R"("str")",
                                               "1",
                                               "null",
                                               "",
                                               "  ",
                                               R"({"a":[1,,2]})",
                                               R"({"a":[1,2,]})",
                                               R"({"a":1,})",
                                               R"({"n":01})",
                                               R"({"n":1.})",
                                               R"({"n":.5})",
                                               R"({"n":-})",
                                               R"({"n":1e})",
                                               R"({"n":+1})",
                                               R"({"n":-0.5e-3})",
                                               R"({"n":1e400})",
                                               R"({"n":-1e400})",
                                               R"({"big":123456789012345678901234567890})",
                                               R"({"big":-123456789012345678901234567890})",
                                               R"({"n":18446744073709551616})",
                                               R"({"n":0.000000000000000000000000000001})",
                                               R"({"t":tru})",
                                               R"({"t":true})",
                                               R"({"t":truex})",
                                               R"({"f":false,"n":null})",
                                               R"({"n":nul})",
                                               R"({"s":"\x"})",
                                               R"({"s":"\u00e9"})",
                                               R"({"s":"\u00g9"})",
                                               R"({"s":"\ud83d\ude00"})",
                                               R"({"s":"\ud800"})",
                                               R"({"s":"\udc00"})",
                                               R"({"s":"\ud800\u0041"})",
                                               "{\"s\":\"a\tb\"}",
                                               "{\"s\":\"a\x01b\"}",
                                               "{\"s\":\"\xc3\xa9\"}",
                                               "{\"s\":\"\xff\"}",
                                               "{\"s\":\"\xc3\"}",
                                               "{\"s\":\"\xed\xa0\x80\"}",
                                               "{\"s\":\"\xf4\x90\x80\x80\"}",
                                               R"({"s":"unterminated})",
                                               R"({"dup":1,"dup":2})",
                                               R"({"o":{"a":[1,{"b":null}],"c":true}})",
                                               R"({"e":[],"o":{}})",
                                               R"({"deep":[[[[[[[[[[[[[[[[{"x":[]}]]]]]]]]]]]]]]]]})",
                                               "{\"a\":1}\r",
                                               "{\"a\":\r1}",
                                               "{\"a\":\n1}",
                                               std::string("{\"a\":1}\0", 8),
                                               std::string("{\"s\":\"\0\"}", 8)};

}  // namespace

TEST_CASE("ObjectValidator accepts a JSON object with spaces around it and nothing else", "[sink][json]") {
  ObjectValidator validator;
  CHECK(check(validator, R"({"a":1,"s":"x\"y","o":{"l":[1,2.5,null,true]}})") == ObjectCheck::valid_object);
  CHECK(check(validator, "  {\"a\":1}  ") == ObjectCheck::valid_object);
  CHECK(check(validator, "{}") == ObjectCheck::valid_object);
  CHECK(check(validator, R"([1,2])") == ObjectCheck::needs_full_parse);
  CHECK(check(validator, R"({"a":1}{"b":2})") == ObjectCheck::needs_full_parse);
  CHECK(check(validator, R"({"a":1} x)") == ObjectCheck::needs_full_parse);
  CHECK(check(validator, R"({"a":[1,,2]})") == ObjectCheck::needs_full_parse);
  CHECK(check(validator, "{\"s\":\"\xff\"}") == ObjectCheck::needs_full_parse);
}

TEST_CASE("ObjectValidator leaves unpadded and very long lines to the full parse", "[sink][json]") {
  ObjectValidator validator;
  const std::string line = R"({"a":1})";
  std::string padded = line + std::string(kPadding, ' ');
  CHECK(validator.check(std::string_view(padded.data(), line.size()), kPadding - 1) == ObjectCheck::needs_full_parse);
  const std::string long_line = "{\"a\":\"" + std::string(ObjectValidator::kMaxCheckedBytes, 'x') + "\"}";
  CHECK(check(validator, long_line) == ObjectCheck::needs_full_parse);
  // It still answers for short lines after a long one.
  CHECK(check(validator, line) == ObjectCheck::valid_object);
}

TEST_CASE("ObjectValidator accepts no line that RecordFields refuses", "[sink][json]") {
  // The sink writes a line the validator accepts without parsing it: a line accepted
  // here and refused by RecordFields would be written instead of dead-lettered.
  ObjectValidator validator;
  RecordFields record;
  auto agrees = [&](const std::string& line) {
    if (check(validator, line) != ObjectCheck::valid_object) return true;
    return record.parse(line) == ParseOutcome::ok;
  };
  for (const std::string& line : kTrickyLines) {
    INFO(line);
    CHECK(agrees(line));
  }
  // Every single-byte change, insertion and cut of a few real lines.
  const std::vector<std::string> seeds = {
      R"({"ts":"2026-11-01T00:00:00.000Z","user":"u00296","status":200,"latency_ms":0.604,"ok":true,"x":null})",
      R"({"o":{"a":[1,-2.5e3,{"b":"\u00e9\n"}],"c":false},"e":[]})"};
  // sizeof, not a count: the closing NUL is one of the bytes tried.
  static constexpr char kAlphabet[] = "{}[]\":,.-+eE0123456789tfnul \\/x\t\r\x01\x7f\xc3\xa9\xff";
  const std::string alphabet(kAlphabet, sizeof kAlphabet);
  std::mt19937 random(7);
  size_t accepted = 0;
  size_t tried = 0;
  for (const std::string& seed : seeds) {
    for (size_t i = 0; i <= seed.size(); ++i) {
      for (const char c : alphabet) {
        std::string changed = seed;
        if (i < seed.size()) changed[i] = c;
        std::string inserted = seed;
        inserted.insert(inserted.begin() + static_cast<std::ptrdiff_t>(i), c);
        for (const std::string& line : {changed, inserted, seed.substr(0, i)}) {
          INFO(line);
          ++tried;
          if (check(validator, line) == ObjectCheck::valid_object) ++accepted;
          CHECK(agrees(line));
        }
      }
      // A few random multi-byte changes around this position.
      std::string mutated = seed;
      for (int k = 0; k < 3; ++k) mutated[random() % mutated.size()] = alphabet[random() % alphabet.size()];
      INFO(mutated);
      CHECK(agrees(mutated));
    }
  }
  // The mutations are not all refused: the check above compared accepted lines.
  CHECK(accepted > tried / 20);
}
