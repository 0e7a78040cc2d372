#include "ss/json/dom_fields.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/json/event_parser.hpp"
#include "ss/json/raw_json.hpp"

using ss::DomFields;
using ss::EventParser;
using ss::FieldPath;
using ss::FieldValue;

namespace {

// Every kind of value, escapes, nesting, white space between tokens, and numbers whose
// raw text is not what printing the number gives (`1.50`, `1e3`, `-0`, beyond int64).
const std::vector<std::string> kLines = {
    R"({"ts":"2026-11-24T10:30:15.250Z","status":503,"path":"/api/v1","ms":12.5,"ok":true,"none":null})",
    R"({ "a" : 1.50 , "b" : 1e3, "c": -0, "d": 18446744073709551615, "e": -42, "f": 0 })",
    R"({"s":"tab\there \"quoted\" \u00e9","o":{"x":[1, {"y":"z"}, [2,3]],"k":"v"},"arr":[10,20.0,"t"]})",
    R"({"a.b":1,"dup":1,"dup":2,"empty":{},"list":[],"deep":{"a":{"b":{"c":3.25}}}})",
    // Names written with escapes are the names they spell.
    R"({"st\u0061tus":7,"o":{"\u006b":"v2","x":[1,{"\u0079":"w"}]},"p\/ath":"x","a\u002eb":2})",
};

const std::vector<std::string> kPaths = {
    "ts",       "status",     "path",
    "ms",       "ok",         "none",
    "missing",  "a",          "b",
    "c",        "d",          "e",
    "f",        "s",          "o",
    "o.x",      "o.x.0",      "o.x.1",
    "o.x.2",    "o.x.1.y",    "o.k",
    "o.x.3",    "o.x.01",     "arr",
    "arr.1",    "arr.2",      "\"a.b\"",
    "dup",      "empty",      "list",
    "deep",     "deep.a.b.c", "deep.a.b.c.d",
    "status.x",
};

void require_same(const FieldValue& dom, const FieldValue& on_demand, const std::string& where) {
  INFO(where);
  REQUIRE(static_cast<int>(dom.type) == static_cast<int>(on_demand.type));
  CHECK(dom.text == on_demand.text);
  CHECK(dom.boolean == on_demand.boolean);
  CHECK(dom.is_integer == on_demand.is_integer);
  if (dom.is_integer) CHECK(dom.integer == on_demand.integer);
  if (dom.type == ss::ValueType::number) CHECK(dom.number == on_demand.number);
}

}  // namespace

namespace {

// Calls `check(dom_fields, event_parser, path, where)` for every line of kLines and
// path of kPaths, both sources reading the same line.
template <typename Check>
void for_every_value(Check check) {
  simdjson::dom::parser dom;
  EventParser parser;
  DomFields fields;
  for (const std::string& line : kLines) {
    simdjson::dom::element root;
    REQUIRE(dom.parse(line).get(root) == simdjson::SUCCESS);
    fields.reset(root, line);
    REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
    for (const std::string& path : kPaths) check(fields, parser, FieldPath(path), line + " / " + path);
  }
}

}  // namespace

TEST_CASE("DomFields reads every value as EventParser reads it", "[json]") {
  for_every_value([](DomFields& fields, EventParser& parser, const FieldPath& field, const std::string& where) {
    require_same(fields.get(field), parser.get(field), where);
  });
}

TEST_CASE("get_number gives a number's value and refuses every other value, from both sources", "[json]") {
  for_every_value([](DomFields& fields, EventParser& parser, const FieldPath& field, const std::string& where) {
    INFO(where);
    const FieldValue value = parser.get(field);
    double from_dom = -1;
    double from_parser = -1;
    const bool dom_number = fields.get_number(field, from_dom);
    const bool parser_number = parser.get_number(field, from_parser);
    CHECK(dom_number == (value.type == ss::ValueType::number));
    CHECK(parser_number == dom_number);
    if (dom_number) {
      CHECK(from_dom == value.number);
      CHECK(from_parser == value.number);
    }
  });
}

TEST_CASE("DomFields follows paths of any depth", "[json]") {
  std::string line = "7";
  std::string path = "k";
  for (int depth = 0; depth < 20; ++depth) line = R"({"k":)" + line + "}";
  for (int depth = 1; depth < 20; ++depth) path += ".k";
  simdjson::dom::parser dom;
  simdjson::dom::element root;
  REQUIRE(dom.parse(line).get(root) == simdjson::SUCCESS);
  DomFields fields;
  fields.reset(root, line);
  EventParser parser;
  REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
  require_same(fields.get(FieldPath(path)), parser.get(FieldPath(path)), path);
  CHECK(fields.get(FieldPath(path)).integer == 7);
}

TEST_CASE("DomFields values stay valid together until the next event", "[json]") {
  simdjson::dom::parser dom;
  const std::string line = R"({"a":123,"b":-456,"c":"x\ty"})";
  simdjson::dom::element root;
  REQUIRE(dom.parse(line).get(root) == simdjson::SUCCESS);
  DomFields fields;
  fields.reset(root, line);
  std::vector<FieldValue> values;
  for (int i = 0; i < 50; ++i) values.push_back(fields.get(FieldPath(i % 2 == 0 ? "a" : "b")));
  const FieldValue c = fields.get(FieldPath("c"));
  for (size_t i = 0; i < values.size(); ++i) CHECK(values[i].text == (i % 2 == 0 ? "123" : "-456"));
  CHECK(c.text == "x\ty");
}

TEST_CASE("DomFields reads ts as the text the parser wrote", "[json]") {
  simdjson::dom::parser dom;
  const std::string line = R"({"ts":1700000000,"ts2":{"ts":1}})";
  simdjson::dom::element root;
  REQUIRE(dom.parse(line).get(root) == simdjson::SUCCESS);
  DomFields fields;
  fields.reset(root, line, std::string_view("2023-11-14T22:13:20.000Z"));
  const FieldValue ts = fields.get(FieldPath("ts"));
  CHECK(ts.type == ss::ValueType::string);
  CHECK(ts.text == "2023-11-14T22:13:20.000Z");
  CHECK(fields.get(FieldPath("ts2.ts")).text == "1");  // only the top-level member
}

TEST_CASE("json_child_value finds members and elements by position", "[json]") {
  const std::string_view json = R"( { "a" : "x,}" , "b":[1, [2,3] ,{"c":"\"]"}], "d" : -1.5e3 } )";
  const auto text = [&](size_t container, size_t index) {
    const auto [begin, end] = ss::json_child_value(json, container, index);
    return json.substr(begin, end - begin);
  };
  CHECK(text(0, 0) == R"("x,}")");
  CHECK(text(0, 1) == R"([1, [2,3] ,{"c":"\"]"}])");
  CHECK(text(0, 2) == "-1.5e3");
  const size_t b = ss::json_child_value(json, 0, 1).first;
  CHECK(text(b, 0) == "1");
  CHECK(text(b, 1) == "[2,3]");
  CHECK(text(b, 2) == R"({"c":"\"]"})");
}
