#include "ss/gen/event_formatter.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "gen/char_out.hpp"
#include "ss/time/timestamp.hpp"

namespace {

std::string millis(uint64_t micros) {
  char buf[32];
  return std::string(buf, ss::gen_detail::put_millis(buf, micros));
}

struct Fixture {
  ss::UserPopulation users{1000, 1.1, 1};
  ss::RequestModel requests;

  ss::GenEvent event() const {
    ss::GenEvent e;
    e.ts = *ss::parse_rfc3339("2026-11-01T13:55:36.042Z");
    e.user = 42;
    e.path = 0;  // "/"
    e.method = ss::HttpMethod::post;
    e.status = 302;
    e.bytes = 138;
    e.latency_us = 12'300;
    return e;
  }
};

}  // namespace

TEST_CASE("latency is written as milliseconds with up to three decimals", "[gen]") {
  CHECK(millis(12'345) == "12.345");
  CHECK(millis(12'300) == "12.3");
  CHECK(millis(12'030) == "12.03");
  CHECK(millis(12'000) == "12");
  CHECK(millis(1) == "0.001");
  CHECK(millis(0) == "0");
  CHECK(millis(120'000'000) == "120000");
}

TEST_CASE("EventFormatter writes JSON fields in order", "[gen]") {
  Fixture f;
  ss::EventFormatter formatter(ss::GenFormat::json, f.users, f.requests);
  std::string out = "prefix|";
  formatter.append(out, f.event());
  CHECK(out == "prefix|{\"ts\":\"2026-11-01T13:55:36.042Z\",\"user\":\"u00042\",\"client\":\"" + f.users.client(42) +
                   "\",\"method\":\"POST\",\"path\":\"/\",\"status\":302,\"bytes\":138,\"latency_ms\":12.3,\"ua\":\"" +
                   std::string(f.users.agent(42)) + "\"}");
}

TEST_CASE("EventFormatter writes combined log lines, bytes 0 as a dash", "[gen]") {
  Fixture f;
  ss::EventFormatter formatter(ss::GenFormat::combined, f.users, f.requests);
  ss::GenEvent e = f.event();
  std::string out;
  formatter.append(out, e);
  const std::string tail = " \"-\" \"" + std::string(f.users.agent(42)) + "\"";
  CHECK(out == f.users.client(42) + " - u00042 [01/Nov/2026:13:55:36 +0000] \"POST / HTTP/1.1\" 302 138" + tail);
  e.bytes = 0;
  e.status = 304;
  e.method = ss::HttpMethod::get;
  out.clear();
  formatter.append(out, e);
  CHECK(out == f.users.client(42) + " - u00042 [01/Nov/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 304 -" + tail);
}

TEST_CASE("user names grow past five digits only when the population needs it", "[gen]") {
  CHECK(ss::UserPopulation(99'999, 1, 1).name(7) == "u00007");
  CHECK(ss::UserPopulation(100'000, 1, 1).name(7) == "u000007");
  CHECK(ss::UserPopulation(1, 1, 1).name(1) == "u00001");
}

TEST_CASE("client addresses are public-looking IPv4, about 5% IPv6", "[gen]") {
  const ss::UserPopulation users(20000, 1.1, 5);
  int ipv6 = 0;
  for (uint32_t id = 1; id <= 20000; ++id) {
    const std::string c = users.client(id);
    REQUIRE(c.size() <= ss::UserPopulation::kMaxClientLength);
    if (c.find(':') != std::string::npos) {
      REQUIRE(c.rfind("2001:db8:", 0) == 0);
      ++ipv6;
      continue;
    }
    int octets[4];
    REQUIRE(std::sscanf(c.c_str(), "%d.%d.%d.%d", &octets[0], &octets[1], &octets[2], &octets[3]) == 4);
    REQUIRE(octets[0] != 10);
    REQUIRE(octets[0] != 127);
    REQUIRE(octets[0] < 224);
    REQUIRE(octets[3] >= 1);
    REQUIRE(octets[3] <= 254);
  }
  CHECK(ipv6 / 20000.0 == Approx(0.05).epsilon(0.15));
}

TEST_CASE("UserTextCache gives the population's text on hits and misses", "[gen]") {
  const ss::UserPopulation users(100'000, 1.1, 3);
  ss::UserTextCache cache(users);
  // Ids that share a slot evict each other; every answer must still be right.
  for (uint32_t id : {1U, 16385U, 1U, 99'999U, 16385U, 32769U, 1U}) {
    const auto text = cache.get(id);
    CHECK(text.name == users.name(id));
    CHECK(text.client == users.client(id));
    CHECK(text.agent == users.agent(id));
  }
}

TEST_CASE("popularity ranks are shuffled over user ids by the seed", "[gen]") {
  const ss::UserPopulation a(1000, 1.1, 1);
  const ss::UserPopulation b(1000, 1.1, 2);
  std::vector<bool> seen(1001);
  int differ = 0;
  for (uint32_t r = 0; r < 1000; ++r) {
    const uint32_t id = a.id_of_rank(r);
    REQUIRE(id >= 1);
    REQUIRE(id <= 1000);
    REQUIRE_FALSE(seen[id]);
    seen[id] = true;
    differ += id != b.id_of_rank(r);
  }
  CHECK(differ > 900);
}
