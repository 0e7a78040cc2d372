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
  REQUIRE(r);
  CHECK(r->kind == ControlKind::watermark);
  CHECK(r->watermark == ss::parse_rfc3339("2026-11-23T10:00:01.500Z"));
}

TEST_CASE("parse_control_record reads a checkpoint barrier", "[core][control]") {
  const auto r = ss::parse_control_record(R"({"_ss":"checkpoint","id":17})");
  REQUIRE(r);
  CHECK(r->kind == ControlKind::checkpoint);
  CHECK(r->checkpoint == 17);
  const auto big = ss::parse_control_record(R"({"_ss":"checkpoint","id":18446744073709551615})");
  REQUIRE(big);
  CHECK(big->checkpoint == UINT64_MAX);
}

TEST_CASE("parse_control_record reads members in any order and with spaces", "[core][control]") {
  const auto r = ss::parse_control_record(R"(  {"_ss" : "checkpoint" , "extra":[1], "id" : 9 })");
  REQUIRE(r);
  CHECK(r->kind == ControlKind::checkpoint);
  CHECK(r->checkpoint == 9);
}

TEST_CASE("parse_control_record reads unknown kinds as other", "[core][control]") {
  const auto r = ss::parse_control_record(R"({"_ss":"heartbeat","n":1})");
  REQUIRE(r);
  CHECK(r->kind == ControlKind::other);
}

TEST_CASE("parse_control_record returns nothing for malformed records", "[core][control]") {
  for (const char* line : {
           R"({"_ss":"checkpoint"})",
           R"({"_ss":"checkpoint","id":-1})",
           R"({"_ss":"checkpoint","id":"3"})",
           R"({"_ss":"checkpoint","id":1.5})",
           R"({"_ss":"watermark"})",
           R"({"_ss":"watermark","ts":"yesterday"})",
           R"({"_ss":"watermark","ts":1700000000})",
           R"({"_ss":5})",
           R"({"_ss":"checkpoint","id":)",
           R"({"_ss":)",
           R"(not json)",
       }) {
    INFO(line);
    CHECK_FALSE(ss::parse_control_record(line));
  }
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
    REQUIRE(r);
    REQUIRE(r->kind == ControlKind::watermark);
    REQUIRE(r->watermark == ts);
  }
}

TEST_CASE("make_checkpoint_record writes a barrier that parses back", "[core][control]") {
  CHECK(ss::make_checkpoint_record(7) == R"({"_ss":"checkpoint","id":7})");
  for (uint64_t id : {uint64_t{0}, uint64_t{1}, uint64_t{123456789}, UINT64_MAX}) {
    const std::string text = ss::make_checkpoint_record(id);
    CHECK(ss::is_control_record(text));
    const auto r = ss::parse_control_record(text);
    REQUIRE(r);
    CHECK(r->kind == ControlKind::checkpoint);
    CHECK(r->checkpoint == id);
  }
}
