#include "ss/op/field_presence.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/json/event_parser.hpp"

namespace {

void observe(ss::FieldPresence& presence, const std::string& line) {
  ss::EventParser parser;
  REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
  presence.observe(parser);
}

}  // namespace

TEST_CASE("A field missing in every event is named with the flag and the event count", "[op]") {
  ss::FieldPresence presence;
  presence.watch(ss::FieldPath("usr"), "--key");
  presence.watch(ss::FieldPath("user"), "--key");
  observe(presence, R"({"ts":1,"user":"a"})");
  observe(presence, R"({"ts":2,"user":"b"})");
  const auto warnings = presence.warnings();
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == R"(field "usr" (--key) was missing in all 2 events)");
}

TEST_CASE("A field present in one event only, or present with a null value, does not warn", "[op]") {
  ss::FieldPresence presence;
  presence.watch(ss::FieldPath("retry"), "--where");
  presence.watch(ss::FieldPath("http.status"), "--agg");
  observe(presence, R"({"ts":1})");
  observe(presence, R"({"ts":2,"retry":true,"http":{"status":null}})");
  observe(presence, R"({"ts":3})");
  CHECK(presence.warnings().empty());
}

TEST_CASE("No event observed gives no warning and a field watched twice is named once", "[op]") {
  ss::FieldPresence presence;
  presence.watch(ss::FieldPath("a"), "--where");
  presence.watch(ss::FieldPath("a"), "--where");
  CHECK(presence.warnings().empty());
  observe(presence, R"({"ts":1})");
  CHECK(presence.warnings().size() == 1);
}
