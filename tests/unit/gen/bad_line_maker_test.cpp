#include "ss/gen/bad_line_maker.hpp"

#include <simdjson.h>

#include <catch2/catch.hpp>

#include <string>

#include "gen_test_support.hpp"

namespace {

const std::string kGoodJson =
    R"({"ts":"2026-11-01T00:00:00.000Z","user":"u00042","client":"81.2.69.160","method":"GET",)"
    R"("path":"/","status":200,"bytes":1234,"latency_ms":12.5,"ua":"curl/8.5.0"})";
const std::string kGoodCombined =
    R"(81.2.69.160 - u00042 [01/Nov/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1234 "-" "curl/8.5.0")";

std::string damage(ss::GenFormat format, ss::BadLineKind kind, ss::Rng& rng) {
  std::string out;
  ss::BadLineMaker(format).damage(kind, rng, format == ss::GenFormat::json ? kGoodJson : kGoodCombined, out);
  return out;
}

}  // namespace

TEST_CASE("every kind of damaged JSON line is bad input", "[gen]") {
  ss::Rng rng(1, 0);
  simdjson::dom::parser parser;
  REQUIRE(ss::gen_test::event_time(parser, kGoodJson));
  for (int round = 0; round < 200; ++round) {
    for (int k = 0; k < ss::kBadLineKinds; ++k) {
      const auto kind = static_cast<ss::BadLineKind>(k);
      const std::string bad = damage(ss::GenFormat::json, kind, rng);
      INFO(bad);
      CHECK(bad.find('\n') == std::string::npos);
      CHECK_FALSE(ss::gen_test::event_time(parser, bad));
    }
  }
}

TEST_CASE("damaged JSON lines look like the real failures they stand for", "[gen]") {
  ss::Rng rng(1, 0);
  const std::string missing = damage(ss::GenFormat::json, ss::BadLineKind::missing_time, rng);
  CHECK(missing == kGoodJson.substr(0, 1) + kGoodJson.substr(kGoodJson.find("\"user\"")));
  const std::string bad_time = damage(ss::GenFormat::json, ss::BadLineKind::bad_time, rng);
  CHECK(bad_time.rfind("{\"ts\":\"", 0) == 0);
  CHECK(bad_time.substr(bad_time.find("\",\"user\"")) == kGoodJson.substr(kGoodJson.find("\",\"user\"")));
  const std::string truncated = damage(ss::GenFormat::json, ss::BadLineKind::truncated, rng);
  CHECK(truncated.size() < kGoodJson.size());
  CHECK(kGoodJson.rfind(truncated, 0) == 0);
  simdjson::dom::parser parser;
  for (int i = 0; i < 50; ++i) {
    // Not an object, but still JSON: an array, a string, null or a number.
    const std::string not_object = damage(ss::GenFormat::json, ss::BadLineKind::not_object, rng);
    simdjson::dom::element e;
    REQUIRE(parser.parse(not_object).get(e) == simdjson::SUCCESS);
    CHECK_FALSE(e.is_object());
  }
}

TEST_CASE("damaged combined lines lose their shape or their time", "[gen]") {
  ss::Rng rng(2, 0);
  CHECK(damage(ss::GenFormat::combined, ss::BadLineKind::missing_time, rng) ==
        R"(81.2.69.160 - u00042 "GET / HTTP/1.1" 200 1234 "-" "curl/8.5.0")");
  const std::string bad_time = damage(ss::GenFormat::combined, ss::BadLineKind::bad_time, rng);
  CHECK(bad_time.rfind("81.2.69.160 - u00042 [", 0) == 0);
  CHECK(bad_time.find("[01/Nov/2026:00:00:00 +0000]") == std::string::npos);
  CHECK(bad_time.find(R"(] "GET / HTTP/1.1")") != std::string::npos);
  for (int i = 0; i < 100; ++i) {
    for (auto kind : {ss::BadLineKind::truncated, ss::BadLineKind::not_object, ss::BadLineKind::garbage}) {
      const std::string bad = damage(ss::GenFormat::combined, kind, rng);
      CHECK(bad != kGoodCombined);
      CHECK(bad.find('\n') == std::string::npos);
      CHECK_FALSE(bad.empty());
    }
  }
}

TEST_CASE("BadLineMaker draws every kind", "[gen]") {
  ss::Rng rng(3, 0);
  int counts[ss::kBadLineKinds] = {};
  for (int i = 0; i < 5000; ++i) {
    std::string out;
    ++counts[static_cast<int>(ss::BadLineMaker(ss::GenFormat::json).damage(rng, kGoodJson, out))];
  }
  for (int c : counts) CHECK(c == Approx(1000).margin(150));
}
