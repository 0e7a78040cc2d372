#include "ss/control/control_record.hpp"

#include <catch2/catch.hpp>

#include <random>

using ss::ControlKind;

TEST_CASE("is_control_record detects the _ss prefix", "[core][control]") {
  CHECK(ss::is_control_record(R"({"_ss":"watermark","ts":"2026-11-23T10:00:00Z"})"));
  CHECK(ss::is_control_record(R"({"_ss":"checkpoint","id":3})"));
  CHECK(ss::is_control_record(R"({"_ss":"anything"})"));
  CHECK(ss::is_control_record(R"({"_ss":)"));
}

TEST_CASE("is_control_record allows leading spaces", "[core][control]") {
  CHECK(ss::is_control_record(R"(   {"_ss":"checkpoint","id":3})"));
  CHECK(ss::is_control_record(R"( {"_ss":"watermark","ts":"2026-11-23T10:00:00Z"})"));
}

TEST_CASE("is_control_record ignores events that merely mention _ss", "[core][control]") {
  CHECK_FALSE(ss::is_control_record(R"({"ts":1,"_ss":"checkpoint","id":3})"));
  CHECK_FALSE(ss::is_control_record(R"({ "_ss":"checkpoint","id":3})"));  // not the exact prefix
  CHECK_FALSE(ss::is_control_record(R"({"_ss" :"checkpoint"})"));
  CHECK_FALSE(ss::is_control_record(R"({"_ssx":1})"));
  CHECK_FALSE(ss::is_control_record(R"({"_s)"));
  CHECK_FALSE(ss::is_control_record(""));
  CHECK_FALSE(ss::is_control_record("\t{\"_ss\":\"checkpoint\",\"id\":3}"));
}

TEST_CASE("parse_control_record reads a watermark", "[core][control]") {
  const auto r = ss::parse_control_record(R"({"_ss":"watermark","ts":"2026-11-23T10:00:01.5Z"})");
  CHECK(r.kind == ControlKind::watermark);
  CHECK(r.watermark == ss::parse_rfc3339("2026-11-23T10:00:01.500Z"));
}

TEST_CASE("parse_control_record reads a checkpoint barrier", "[core][control]") {
  const auto r = ss::parse_control_record(R"({"_ss":"checkpoint","id":17})");
  CHECK(r.kind == ControlKind::checkpoint);
  CHECK(r.checkpoint == 17);
  const auto big = ss::parse_control_record(R"({"_ss":"checkpoint","id":18446744073709551615})");
  CHECK(big.kind == ControlKind::checkpoint);
  CHECK(big.checkpoint == UINT64_MAX);
}

TEST_CASE("parse_control_record reads members in any order and with spaces", "[core][control]") {
  const auto r = ss::parse_control_record(R"(  {"_ss" : "checkpoint" , "extra":[1], "id" : 9 })");
  CHECK(r.kind == ControlKind::checkpoint);
  CHECK(r.checkpoint == 9);
}

TEST_CASE("parse_control_record reads unknown kinds as other", "[core][control]") {
  const auto r = ss::parse_control_record(R"({"_ss":"heartbeat","n":1})");
  CHECK(r.kind == ControlKind::other);
  CHECK(r.error.empty());
}

TEST_CASE("parse_control_record calls malformed records malformed and says why", "[core][control]") {
  for (const char* line : {
           R"({"_ss":"checkpoint"})",
           R"({"_ss":"checkpoint","id":-1})",
           R"({"_ss":"checkpoint","id":"3"})",
           R"({"_ss":"checkpoint","id":1.5})",
           R"({"_ss":"watermark"})",
           R"({"_ss":"watermark","ts":"yesterday"})",
           R"({"_ss":"watermark","ts":1700000000})",
           R"({"_ss":5})",
           R"({"_ss":null,"ts":"2026-01-01T00:00:00Z"})",
           R"({"_ss":"checkpoint","id":)",
           R"({"_ss":)",
           R"(not json)",
       }) {
    INFO(line);
    const auto r = ss::parse_control_record(line);
    CHECK(r.kind == ControlKind::malformed);
    CHECK_FALSE(r.error.empty());
  }
}

TEST_CASE("parse_control_record validates the whole line, not only what it reads", "[core][control]") {
  for (const char* line : {
           R"({"_ss":"checkpoint","id":5}}})",
           R"({"_ss":"checkpoint","id":5} x)",
           R"({"_ss":"watermark","ts":"2099-01-01T00:00:00Z","x":NaN})",
           R"({"_ss":"heartbeat","x":[1,,2]})",
           R"({"_ss":"heartbeat"}{"_ss":"heartbeat"})",
       }) {
    INFO(line);
    CHECK(ss::parse_control_record(line).kind == ControlKind::malformed);
  }
  const char with_nul[] = "{\"_ss\":\"checkpoint\",\"id\":5}\0{\"ts\":1}";
  const std::string nul(with_nul, sizeof with_nul - 1);
  CHECK(ss::parse_control_record(nul).kind == ControlKind::malformed);
}

TEST_CASE("parse_control_record names the reason of each malformed kind", "[core][control]") {
  CHECK(ss::parse_control_record(R"({"_ss":"checkpoint","id":)").error == "not valid JSON");
  CHECK(ss::parse_control_record(R"({"_ss":null})").error ==
        "member \"_ss\" is reserved for control records, and its value is not a string");
  CHECK(ss::parse_control_record(R"({"_ss":"watermark","ts":"x"})").error ==
        "watermark record without an RFC 3339 \"ts\"");
  CHECK(ss::parse_control_record(R"({"_ss":"checkpoint","id":-3})").error ==
        "checkpoint record without a non-negative integer \"id\"");
}

TEST_CASE("has_control_member finds a top-level _ss member anywhere", "[core][control]") {
  CHECK(ss::has_control_member(R"({"_ss":"checkpoint","id":1})"));
  CHECK(ss::has_control_member(R"({"ts":"2026-01-01T00:00:00.000Z","_ss":"watermark"})"));
  CHECK(ss::has_control_member(R"( { "a" : [1,{"b":"}"}] , "_ss" : null } )"));
  CHECK(ss::has_control_member(R"({"ts":1,"\u005fss":1})"));
  CHECK(ss::has_control_member(R"({"ts":1,"\u005F\u0073\u0073":1})"));
  CHECK(ss::has_control_member(R"({"ts":1,"_\u0073s":1})"));
}

TEST_CASE("has_control_member ignores nested members, values and other names", "[core][control]") {
  CHECK_FALSE(ss::has_control_member(R"({"ts":1,"a":{"_ss":"checkpoint"}})"));
  CHECK_FALSE(ss::has_control_member(R"({"ts":1,"a":"_ss\"","b":["_ss"]})"));
  CHECK_FALSE(ss::has_control_member(R"({"ts":1,"_ssx":1,"x_ss":2,"_s":3})"));
  CHECK_FALSE(ss::has_control_member(R"({"ts":1,"\u005fsx":1,"\u00e9":2,"a\"_ss":3})"));
  CHECK_FALSE(ss::has_control_member(R"({"ts":1,"\\_ss":1})"));
  CHECK_FALSE(ss::has_control_member(R"({})"));
  CHECK_FALSE(ss::has_control_member(R"({"ts":"2026-01-01T00:00:00.000Z","user":"a"})"));
}

TEST_CASE("make_watermark_record writes RFC 3339 that parses back", "[core][control]") {
  const auto t = *ss::parse_rfc3339("2026-11-23T10:00:01.123Z");
  const std::string text = ss::make_watermark_record(t);
  CHECK(text == R"({"_ss":"watermark","ts":"2026-11-23T10:00:01.123Z"})");
  CHECK(ss::is_control_record(text));
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<ss::TimeUs> any(-2000000000000000LL, 4000000000000000LL);
  for (int i = 0; i < 1000; ++i) {
    const ss::TimeUs ts = any(rng);
    const auto r = ss::parse_control_record(ss::make_watermark_record(ts));
    REQUIRE(r.kind == ControlKind::watermark);
    REQUIRE(r.watermark == ts);
  }
}

TEST_CASE("make_checkpoint_record writes a barrier that parses back", "[core][control]") {
  CHECK(ss::make_checkpoint_record(7) == R"({"_ss":"checkpoint","id":7})");
  for (uint64_t id : {uint64_t{0}, uint64_t{1}, uint64_t{123456789}, UINT64_MAX}) {
    const std::string text = ss::make_checkpoint_record(id);
    CHECK(ss::is_control_record(text));
    const auto r = ss::parse_control_record(text);
    CHECK(r.kind == ControlKind::checkpoint);
    CHECK(r.checkpoint == id);
  }
}
