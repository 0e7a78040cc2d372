#include "ss/json/record_fields.hpp"

#include <catch2/catch.hpp>

using ss::ParseOutcome;
using ss::RecordFields;
using ss::ValueType;

TEST_CASE("RecordFields lists top-level members in order with their values", "[sink][record]") {
  RecordFields r;
  const std::string line =
      R"({"s":"a\"b","i":-42,"d":1.5e3,"t":true,"n":null,"o":{"x":[1,{"y":2}]} ,"a":[ "p" , 3 ],"big":18446744073709551616})";
  REQUIRE(r.parse(line) == ParseOutcome::ok);
  const auto& f = r.fields();
  REQUIRE(f.size() == 8);
  CHECK(f[0].name == "s");
  CHECK(f[0].value.type == ValueType::string);
  CHECK(f[0].value.text == "a\"b");
  CHECK(f[1].value.is_integer);
  CHECK(f[1].value.integer == -42);
  CHECK(f[1].value.text == "-42");
  CHECK(f[2].value.type == ValueType::number);
  CHECK_FALSE(f[2].value.is_integer);
  CHECK(f[2].value.number == 1500.0);
  CHECK(f[2].value.text == "1.5e3");
  CHECK(f[3].value.type == ValueType::boolean);
  CHECK(f[3].value.boolean);
  CHECK(f[4].value.type == ValueType::null);
  CHECK(f[5].value.type == ValueType::object);
  CHECK(f[5].value.text == R"({"x":[1,{"y":2}]})");
  CHECK(f[6].value.type == ValueType::array);
  CHECK(f[6].value.text == R"([ "p" , 3 ])");
  CHECK(f[7].value.type == ValueType::number);
  CHECK(f[7].value.text == "18446744073709551616");
  CHECK(f[7].value.number == Approx(1.8446744073709552e19));
}

TEST_CASE("RecordFields reads a line in place when it has padding", "[sink][record]") {
  std::string buffer = R"({"a":1,"b":"x"})";
  const size_t size = buffer.size();
  buffer.resize(size + 64, ' ');
  RecordFields r;
  REQUIRE(r.parse(std::string_view(buffer.data(), size), 64) == ParseOutcome::ok);
  REQUIRE(r.fields().size() == 2);
  CHECK(r.fields()[1].value.text == "x");
}

TEST_CASE("RecordFields refuses lines that are not one JSON object", "[sink][record]") {
  RecordFields r;
  CHECK(r.parse("not json") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":1} trailing)") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":1}{"b":2})") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":[1,,2]})") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":{"b" 1}})") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":tru})") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":1)") == ParseOutcome::not_json);
  CHECK(r.parse(R"({"a":"\x"})") == ParseOutcome::not_json);
  // Numbers simdjson cannot convert are kept only when they are JSON numbers.
  for (const char* bad : {R"({"a":1.})", R"({"a":01})", R"({"a":-})", R"({"a":.5})", R"({"a":1e})", R"({"a":+1})"}) {
    INFO(bad);
    CHECK(r.parse(bad) == ParseOutcome::not_json);
  }
  CHECK(r.parse(R"({"a":1e999})") == ParseOutcome::ok);  // valid JSON, beyond a double
  CHECK(r.parse(R"({"a":123456789012345678901234567890})") == ParseOutcome::ok);
  CHECK(r.parse("[1,2]") == ParseOutcome::not_object);
  CHECK(r.parse("42") == ParseOutcome::not_object);
  CHECK(r.parse(R"("text")") == ParseOutcome::not_object);
  CHECK(r.parse("{}") == ParseOutcome::ok);
  CHECK(r.fields().empty());
}

TEST_CASE("RecordFields looks up top-level and dotted fields, and the last duplicate wins", "[sink][record]") {
  RecordFields r;
  REQUIRE(r.parse(R"({"a":1,"http":{"status":404},"a":2})") == ParseOutcome::ok);
  CHECK(r.get(ss::FieldPath("a")).integer == 2);
  CHECK(r.get(ss::FieldPath("http.status")).integer == 404);
  CHECK(r.get(ss::FieldPath("http.method")).type == ValueType::missing);
  CHECK(r.get(ss::FieldPath("zzz")).type == ValueType::missing);
  // The members are still there after a dotted lookup.
  CHECK(r.fields().size() == 3);
  CHECK(r.fields()[0].value.integer == 1);
}

TEST_CASE("RecordFields reads numbers of 20 characters and more exactly", "[sink][record]") {
  // simdjson 3.0's On-Demand reads the first as 0 and the second as about 1e-14.
  RecordFields r;
  REQUIRE(r.parse(R"({"a":1.3903037877497003512,"b":0.1000000000000000055511151231257827,"c":-9223372036854775808})") ==
          ParseOutcome::ok);
  const auto& f = r.fields();
  REQUIRE(f.size() == 3);
  CHECK(f[0].value.number == 1.3903037877497003512);
  CHECK(f[1].value.number == 0.1);
  CHECK(f[2].value.is_integer);
  CHECK(f[2].value.integer == INT64_MIN);
}
