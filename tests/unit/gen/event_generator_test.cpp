#include "ss/gen/event_generator.hpp"

#include <simdjson.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "gen_test_support.hpp"
#include "ss/base/error.hpp"
#include "ss/time/timestamp.hpp"

using ss::gen_test::event_time;
using ss::gen_test::generate;
using ss::gen_test::split_lines;

namespace {

constexpr ss::TimeUs kMinute = 60'000'000;

ss::GenOptions with_events(uint64_t n) {
  ss::GenOptions o;
  o.events = n;
  return o;
}

}  // namespace

TEST_CASE("the same flags give the same bytes", "[gen]") {
  ss::GenOptions o = with_events(5000);
  o.bad_lines = 0.05;
  CHECK(generate(o) == generate(o));
  o.format = ss::GenFormat::combined;
  CHECK(generate(o) == generate(o));
}

TEST_CASE("a different seed gives different events", "[gen]") {
  ss::GenOptions a = with_events(200);
  ss::GenOptions b = a;
  b.seed = 2;
  const std::string a_text = generate(a);
  const std::string b_text = generate(b);
  const auto la = split_lines(a_text);
  const auto lb = split_lines(b_text);
  REQUIRE(la.size() == lb.size());
  int equal = 0;
  for (size_t i = 0; i < la.size(); ++i) equal += la[i] == lb[i];
  CHECK(equal == 0);
}

TEST_CASE("exactly --events lines come out, whatever else is asked", "[gen]") {
  for (uint64_t n : {0, 1, 2, 12345}) {
    ss::GenOptions o = with_events(n);
    CHECK(split_lines(generate(o)).size() == n);
    o.out_of_order = 0.3;
    o.bad_lines = 0.3;
    CHECK(split_lines(generate(o)).size() == n);
    o.format = ss::GenFormat::combined;
    const std::string text = generate(o);
    CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<long>(n));
  }
}

TEST_CASE("every line is a JSON object with the documented fields in order", "[gen]") {
  ss::GenOptions o = with_events(20000);
  o.keys = 200'000;  // six-digit names, many IPv6 clients
  const std::string text = generate(o);
  simdjson::dom::parser parser;
  const std::vector<std::string_view> expected_keys{"ts",     "user",  "client",     "method", "path",
                                                    "status", "bytes", "latency_ms", "ua"};
  const std::regex name_re("u[0-9]{6}");
  const std::regex latency_re("[0-9]+(\\.[0-9]{1,3})?");
  const std::regex method_re("GET|HEAD|POST|PUT|DELETE");
  int ipv6 = 0;
  int lines = 0;
  for (std::string_view line : split_lines(text)) {
    ++lines;
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.data(), line.size()).get(doc) == simdjson::SUCCESS);
    simdjson::dom::object object;
    REQUIRE(doc.get_object().get(object) == simdjson::SUCCESS);
    std::vector<std::string_view> keys;
    for (auto field : object) keys.push_back(field.key);
    REQUIRE(keys == expected_keys);
    REQUIRE(ss::parse_rfc3339(std::string_view(object["ts"])).has_value());
    REQUIRE(std::string_view(object["ts"]).size() == 24);  // milliseconds, UTC
    REQUIRE(std::regex_match(std::string(std::string_view(object["user"])), name_re));
    REQUIRE(std::regex_match(std::string(std::string_view(object["method"])), method_re));
    REQUIRE(std::string_view(object["path"]).substr(0, 1) == "/");
    const int64_t status = object["status"];
    REQUIRE((status >= 200 && status < 600));
    REQUIRE(int64_t(object["bytes"]) >= 0);
    // latency_ms: a number written with up to three decimals
    const std::string_view latency_text = line.substr(line.find("\"latency_ms\":") + 13);
    REQUIRE(std::regex_search(std::string(latency_text), std::regex("^[0-9]+(\\.[0-9]{1,3})?,")));
    REQUIRE(double(object["latency_ms"]) > 0);
    REQUIRE(!std::string_view(object["ua"]).empty());
    ipv6 += std::string_view(object["client"]).find(':') != std::string_view::npos;
  }
  CHECK(lines == 20000);
  CHECK(ipv6 > 0);
}

TEST_CASE("the first event is at --start and times never go backwards without disorder", "[gen]") {
  ss::GenOptions o = with_events(20000);
  o.out_of_order = 0;
  o.start = *ss::parse_rfc3339("2030-05-06T07:08:09.010Z");
  simdjson::dom::parser parser;
  ss::TimeUs previous = ss::kMinTime;
  bool first = true;
  const std::string text = generate(o);
  for (std::string_view line : split_lines(text)) {
    const auto t = event_time(parser, line);
    REQUIRE(t);
    if (first) CHECK(*t == o.start);
    first = false;
    REQUIRE(*t >= previous);
    previous = *t;
  }
}

TEST_CASE("late events are never more than --max-delay behind the newest before them", "[gen]") {
  for (ss::TimeUs max_delay : {2 * kMinute, ss::TimeUs{5'000'000}}) {
    ss::GenOptions o = with_events(100000);
    o.out_of_order = 0.05;
    o.max_delay = max_delay;
    simdjson::dom::parser parser;
    ss::TimeUs newest = ss::kMinTime;
    ss::TimeUs worst = 0;
    const std::string text = generate(o);
    for (std::string_view line : split_lines(text)) {
      const auto t = event_time(parser, line);
      REQUIRE(t);
      if (*t < newest) worst = std::max(worst, newest - *t);
      newest = std::max(newest, *t);
    }
    CHECK(worst <= max_delay);
    CHECK(worst > max_delay / 2);  // the bound is approached, not avoided
  }
}

TEST_CASE("the share of late events is close to --out-of-order", "[gen]") {
  for (double f : {0.01, 0.1}) {
    ss::GenOptions o = with_events(100000);
    o.out_of_order = f;
    simdjson::dom::parser parser;
    ss::TimeUs newest = ss::kMinTime;
    int late = 0;
    const std::string text = generate(o);
    for (std::string_view line : split_lines(text)) {
      const auto t = *event_time(parser, line);
      late += t < newest;
      newest = std::max(newest, t);
    }
    // A delayed event with nothing newer in its delay does not show as late: a little under.
    CHECK(late / 100000.0 == Approx(f).epsilon(0.12));
  }
}

TEST_CASE("ss-gen --out-of-order only reorders lines", "[gen]") {
  ss::GenOptions ordered = with_events(10000);
  ordered.out_of_order = 0;
  ss::GenOptions shuffled = ordered;
  shuffled.out_of_order = 0.2;
  const std::string a_text = generate(ordered);
  const std::string b_text = generate(shuffled);
  auto a = split_lines(a_text);
  auto b = split_lines(b_text);
  CHECK(a != b);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  CHECK(a == b);
}

TEST_CASE("the most popular user has the most events, about its Zipf share", "[gen]") {
  ss::GenOptions o = with_events(100000);
  ss::EventGenerator generator(o);
  std::map<uint32_t, int> counts;
  while (const auto event = generator.next_event()) ++counts[event->user];
  const uint32_t top = generator.users().id_of_rank(0);
  const auto most =
      std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  CHECK(most->first == top);
  const double share = counts[top] / 100000.0;
  CHECK(share == Approx(generator.users().share_of_rank(0)).epsilon(0.15));
  CHECK(counts[top] > 2 * counts[generator.users().id_of_rank(1)] * 0.8);
}

TEST_CASE("users have sessions separated by breaks a 30m sessionizer finds", "[gen]") {
  ss::GenOptions o = with_events(100000);
  ss::EventGenerator generator(o);
  std::map<uint32_t, std::vector<ss::TimeUs>> times;
  while (const auto event = generator.next_event()) times[event->user].push_back(event->ts);
  int sessions = 0;
  int events = 0;
  std::vector<ss::TimeUs> in_session_gaps;
  for (auto& [user, ts] : times) {
    std::sort(ts.begin(), ts.end());
    ++sessions;
    for (size_t i = 1; i < ts.size(); ++i) {
      const ss::TimeUs gap = ts[i] - ts[i - 1];
      if (gap > 30 * kMinute) {
        ++sessions;
      } else {
        in_session_gaps.push_back(gap);
      }
    }
    events += static_cast<int>(ts.size());
  }
  // Mean 10 events a session for most users; popular users' sessions merge into long ones.
  CHECK(sessions > events / 60);
  CHECK(sessions < events / 5);
  CHECK(sessions > static_cast<int>(times.size()));
  // Gaps within sessions are exponential of mean 30s (median 21s), shorter where a
  // popular user's sessions overlap; short breaks push a few longer ones in.
  std::nth_element(in_session_gaps.begin(), in_session_gaps.begin() + in_session_gaps.size() / 2,
                   in_session_gaps.end());
  const ss::TimeUs median_gap = in_session_gaps[in_session_gaps.size() / 2];
  CHECK(median_gap < 21'000'000);
  CHECK(median_gap > 2'000'000);
}

TEST_CASE("ss-gen --mean-break sets how long an average user stays away", "[gen]") {
  // With equal popularity every user is average: breaks are --mean-break on average.
  ss::GenOptions o = with_events(200000);
  o.keys = 100;
  o.zipf = 0;
  o.mean_gap = 1'000'000;
  o.mean_break = 60 * kMinute;
  o.out_of_order = 0;
  ss::EventGenerator generator(o);
  std::map<uint32_t, std::vector<ss::TimeUs>> times;
  while (const auto event = generator.next_event()) times[event->user].push_back(event->ts);
  double total = 0;
  int breaks = 0;
  for (auto& [user, ts] : times) {
    for (size_t i = 1; i < ts.size(); ++i) {
      // gaps within sessions are seconds; breaks are minutes to hours
      if (ts[i] - ts[i - 1] > 2 * kMinute) {
        total += static_cast<double>(ts[i] - ts[i - 1]);
        ++breaks;
      }
    }
  }
  REQUIRE(breaks > 1000);
  // Breaks shorter than the 2m cut are missed, which lifts the mean by about 2m.
  CHECK(total / breaks == Approx(62.0 * kMinute).epsilon(0.1));
}

TEST_CASE("the share of bad lines is close to --bad-lines and every one is bad", "[gen]") {
  ss::GenOptions clean = with_events(50000);
  ss::GenOptions damaged = clean;
  damaged.bad_lines = 0.1;
  const std::string clean_text = generate(clean);
  const std::string damaged_text = generate(damaged);
  const auto good = split_lines(clean_text);
  const auto lines = split_lines(damaged_text);
  REQUIRE(lines.size() == good.size());
  simdjson::dom::parser parser;
  int bad = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == good[i]) {
      REQUIRE(event_time(parser, lines[i]));
    } else {
      // Damage only replaces lines; what replaced one is never a readable event.
      REQUIRE_FALSE(event_time(parser, lines[i]));
      ++bad;
    }
  }
  CHECK(bad / 50000.0 == Approx(0.1).epsilon(0.05));
}

TEST_CASE("combined format writes the same events as access-log lines", "[gen]") {
  ss::GenOptions json = with_events(3000);
  ss::GenOptions combined = json;
  combined.format = ss::GenFormat::combined;
  const std::string json_text = generate(json);
  const std::string combined_text = generate(combined);
  const auto json_lines = split_lines(json_text);
  const auto combined_lines = split_lines(combined_text);
  REQUIRE(json_lines.size() == combined_lines.size());
  const std::regex line_re(
      R"re(([0-9a-f.:]+) - (u[0-9]{5}) \[([0-9]{2})/([A-Z][a-z]{2})/([0-9]{4}):([0-9]{2}):([0-9]{2}):([0-9]{2}) \+0000\] )re"
      R"re("(GET|HEAD|POST|PUT|DELETE) (/[^ ]*) HTTP/1\.1" ([0-9]{3}) ([0-9]+|-) "-" "([^"]+)")re");
  const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  simdjson::dom::parser parser;
  for (size_t i = 0; i < json_lines.size(); ++i) {
    std::smatch m;
    const std::string line(combined_lines[i]);
    INFO(line);
    REQUIRE(std::regex_match(line, m, line_re));
    simdjson::dom::element e;
    REQUIRE(parser.parse(json_lines[i].data(), json_lines[i].size()).get(e) == simdjson::SUCCESS);
    CHECK(m[1].str() == std::string_view(e["client"]));
    CHECK(m[2].str() == std::string_view(e["user"]));
    const std::string_view ts = e["ts"];  // 2026-11-01T00:00:11.028Z
    const int month = std::stoi(std::string(ts.substr(5, 2)));
    const std::string expected_time = std::string(ts.substr(8, 2)) + "/" + months[month - 1] + "/" +
                                      std::string(ts.substr(0, 4)) + ":" + std::string(ts.substr(11, 8));
    CHECK(m[3].str() + "/" + m[4].str() + "/" + m[5].str() + ":" + m[6].str() + ":" + m[7].str() + ":" + m[8].str() ==
          expected_time);
    CHECK(m[9].str() == std::string_view(e["method"]));
    CHECK(m[10].str() == std::string_view(e["path"]));
    CHECK(std::stoll(m[11].str()) == int64_t(e["status"]));
    const int64_t bytes = e["bytes"];
    CHECK(m[12].str() == (bytes == 0 ? std::string("-") : std::to_string(bytes)));
    CHECK(m[13].str() == std::string_view(e["ua"]));
  }
}

TEST_CASE("a user keeps its client address and agent", "[gen]") {
  ss::GenOptions o = with_events(5000);
  const std::string text = generate(o);
  simdjson::dom::parser parser;
  std::map<std::string, std::pair<std::string, std::string>> seen;
  for (std::string_view line : split_lines(text)) {
    simdjson::dom::element e;
    REQUIRE(parser.parse(line.data(), line.size()).get(e) == simdjson::SUCCESS);
    const std::string user{std::string_view(e["user"])};
    const std::pair<std::string, std::string> attrs{std::string(std::string_view(e["client"])),
                                                    std::string(std::string_view(e["ua"]))};
    const auto [it, inserted] = seen.emplace(user, attrs);
    if (!inserted) REQUIRE(it->second == attrs);
  }
}

TEST_CASE("invalid options are refused when the generator is built", "[gen]") {
  ss::GenOptions o;
  o.keys = 0;
  CHECK_THROWS_AS(ss::EventGenerator(o), ss::Error);
  o = ss::GenOptions{};
  o.max_delay = 0;
  CHECK_THROWS_AS(ss::EventGenerator(o), ss::Error);
  o.out_of_order = 0;
  CHECK_NOTHROW(ss::EventGenerator(o));
}

TEST_CASE("a simulated span beyond 500 years is refused, not wrapped", "[gen]") {
  ss::GenOptions o = with_events(1000);
  o.keys = 1;
  o.mean_gap = 36'500LL * 86'400'000'000;  // a hundred years between clicks
  CHECK_THROWS_AS(generate(o), ss::Error);
}
