#include <CLI/CLI.hpp>

#include "ss/window/window_operator.hpp"

#include <stdlib.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/time/timestamp.hpp"
#include "ss/window/run_window.hpp"
#include "ss/window/window_options.hpp"
#include "support/replay.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::TimeUs;

namespace {

constexpr TimeUs kS = 1000000;

using ss::test::TempDir;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

ss::WindowOptions parse_options(std::vector<std::string> args) {
  CLI::App app;
  ss::WindowOptions options;
  ss::WindowFlagText text;
  ss::add_window_flags(app, options, text);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  ss::finish_window_options(text, options);
  return options;
}

// Runs ss-window with `args` over `input` (written to a file in `dir`), returning stdout.
std::string run_window(const TempDir& dir, std::vector<std::string> args, const std::string& input,
                       ss::RunStats* stats = nullptr) {
  static int n = 0;
  const fs::path in = dir.path() / ("in" + std::to_string(++n));
  const fs::path out_path = dir.path() / ("out" + std::to_string(n));
  write_file(in, input);
  args.push_back(in.string());
  args.push_back("--no-progress");
  ss::WindowOptions options = parse_options(args);
  {
    ss::OutputBuffer out = ss::OutputBuffer::open_file(out_path.string(), false);
    const int status = ss::run_window(options, out, stats);  // lets ss::Error through to the caller
    REQUIRE(status == 0);
  }
  return read_file(out_path);
}

/// run_window() with `args` as the harness runs it: --state and --flush as the piece says.
ss::test::RunOnce window_runner(const TempDir& dir, std::vector<std::string> args) {
  return [&dir, args](const ss::test::ReplayPiece& piece) {
    std::vector<std::string> piece_args = args;
    if (!piece.state_dir.empty()) piece_args.insert(piece_args.end(), {"--state", piece.state_dir});
    if (piece.last && !piece.state_dir.empty()) piece_args.push_back("--flush");
    return run_window(dir, piece_args, piece.input);
  };
}

// The first line where `got` and `want` differ, for failure messages.
std::string first_difference(const std::string& got, const std::string& want) {
  std::istringstream a(got);
  std::istringstream b(want);
  std::string la;
  std::string lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "none";
    if (!more_a || !more_b || la != lb)
      return "line " + std::to_string(line) + ": got " + (more_a ? la : "<end>") + "\n want " + (more_b ? lb : "<end>");
  }
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

struct TestEvent {
  TimeUs time;
  std::string key;
  std::optional<int64_t> value;
};

std::string to_ndjson(const std::vector<TestEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    ss::JsonObjectWriter w(out);
    w.key("ts");
    out.push_back('"');
    ss::append_rfc3339(out, e.time);
    out.push_back('"');
    w.string("k", e.key);
    if (e.value) w.number("v", static_cast<int64_t>(*e.value));
    w.finish();
    out.push_back('\n');
  }
  return out;
}

struct OracleAgg {
  int64_t n = 0;
  int64_t sum = 0;
  int64_t values = 0;
  int64_t lo = 0;
  int64_t hi = 0;
};

struct Scenario {
  TimeUs size;
  TimeUs slide;
  TimeUs offset;
  TimeUs lateness;
  bool fill;
};

// The watermark as the oracles see it: the newest event time minus the lateness.
struct OracleWatermark {
  TimeUs lateness;
  TimeUs watermark = ss::kMinTime;
  TimeUs max_time = ss::kMinTime;

  void observe(TimeUs time) {
    if (time > max_time) {
      max_time = time;
      watermark = std::max(watermark, time - lateness);
    }
  }
};

// What ss-window must write for `events`, computed the slow way: each event is added
// to each window that holds it and was open (its end after the watermark) when the
// event came, found by walking window starts. An event with no open window is late,
// one between windows (a slide longer than the size) when older than the watermark.
std::string oracle(const std::vector<TestEvent>& events, const Scenario& s) {
  const TimeUs off = ((s.offset % s.slide) + s.slide) % s.slide;
  std::map<std::pair<int64_t, std::string>, OracleAgg> groups;
  // --fill: a key gets zero rows from the first window after one of its events that
  // was open when the event came.
  std::map<std::string, int64_t> fill_from;
  OracleWatermark clock{s.lateness};
  for (const auto& e : events) {
    std::vector<int64_t> open;
    bool any = false;
    for (int64_t k = floor_div(e.time - off, s.slide); k * s.slide + off + s.size > e.time; --k) {
      if (k * s.slide + off > e.time) continue;
      any = true;
      if (k * s.slide + off + s.size > clock.watermark) open.push_back(k);
    }
    if (any ? open.empty() : e.time < clock.watermark) continue;  // late
    clock.observe(e.time);
    std::string key;
    ss::append_json_string(key, e.key);
    for (const int64_t k : open) {
      OracleAgg& a = groups[{k, key}];
      ++a.n;
      if (e.value) {
        a.lo = a.values == 0 ? *e.value : std::min(a.lo, *e.value);
        a.hi = a.values == 0 ? *e.value : std::max(a.hi, *e.value);
        a.sum += *e.value;
        ++a.values;
      }
    }
    int64_t from = floor_div(e.time - off, s.slide) + 1;  // the first window starting after it
    for (int64_t k = from; k * s.slide + off + s.size <= clock.watermark; ++k) from = k + 1;  // closed
    auto [it, inserted] = fill_from.try_emplace(key, from);
    if (!inserted) it->second = std::min(it->second, from);
  }
  const TimeUs max_time = clock.max_time;
  if (s.fill) {
    const int64_t last = floor_div(max_time - off, s.slide);
    for (const auto& [key, from] : fill_from)
      for (int64_t k = from; k <= last; ++k) groups.try_emplace({k, key});
  }
  std::string out;
  for (const auto& [group, a] : groups) {
    const auto& [k, key] = group;
    ss::JsonObjectWriter w(out);
    w.key("window_start");
    out.push_back('"');
    ss::append_rfc3339(out, k * s.slide + off);
    out.push_back('"');
    w.key("window_end");
    out.push_back('"');
    ss::append_rfc3339(out, k * s.slide + off + s.size);
    out.push_back('"');
    w.raw("k", key);
    w.number("n", static_cast<int64_t>(a.n));
    if (a.values == 0) {
      w.null("s").null("lo").null("hi");
    } else {
      w.number("s", static_cast<int64_t>(a.sum)).number("lo", static_cast<int64_t>(a.lo));
      w.number("hi", static_cast<int64_t>(a.hi));
    }
    w.finish();
    out.push_back('\n');
  }
  return out;
}

std::vector<TestEvent> random_events(std::mt19937_64& rng, size_t n) {
  const char* const keys[] = {"a", "b", "c", "d", "e"};
  std::uniform_int_distribution<int> key_pick(0, 4);
  std::uniform_int_distribution<int64_t> step(0, 1500);    // ms between events
  std::uniform_int_distribution<int64_t> jitter(0, 4000);  // ms out of order
  std::uniform_int_distribution<int64_t> value(-50, 50);
  std::uniform_int_distribution<int> percent(0, 99);
  // Around the epoch, so that some windows lie before 1970.
  TimeUs t = -static_cast<TimeUs>(n) * 400 * 1000;
  std::vector<TestEvent> events;
  for (size_t i = 0; i < n; ++i) {
    t += step(rng) * 1000;
    TimeUs time = t;
    if (percent(rng) < 20) time -= jitter(rng) * 1000;
    if (percent(rng) < 3) time -= 30 * kS;  // sometimes far behind: late
    std::optional<int64_t> v;
    if (percent(rng) < 90) v = value(rng);
    events.push_back(TestEvent{time, keys[key_pick(rng)], v});
  }
  return events;
}

std::string seconds(TimeUs us) { return std::to_string(us / kS) + "s"; }

std::vector<std::string> scenario_args(const Scenario& s) {
  std::vector<std::string> args = {
      "--key", "k", "--agg", "n=count,s=sum(v),lo=min(v),hi=max(v)", "--lateness", seconds(s.lateness)};
  if (s.size == s.slide) {
    args.insert(args.end(), {"--tumble", seconds(s.size)});
  } else {
    args.insert(args.end(), {"--size", seconds(s.size), "--slide", seconds(s.slide)});
  }
  args.push_back("--offset=" + seconds(s.offset));
  if (s.fill) args.push_back("--fill");
  return args;
}

Scenario random_scenario(std::mt19937_64& rng) {
  const TimeUs lengths[] = {1, 2, 3, 5, 6, 10};
  std::uniform_int_distribution<int> pick(0, 5);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_int_distribution<int64_t> offset(-12, 12);
  std::uniform_int_distribution<int64_t> lateness(0, 3);
  Scenario s;
  s.size = lengths[pick(rng)] * kS;
  s.slide = coin(rng) ? s.size : lengths[pick(rng)] * kS;
  s.offset = offset(rng) * kS;
  s.lateness = lateness(rng) * kS;
  s.fill = coin(rng) == 1;
  return s;
}

}  // namespace

TEST_CASE("Window results equal a brute-force oracle on random streams", "[window]") {
  TempDir dir;
  std::mt19937_64 rng(20261124);
  for (int round = 0; round < 60; ++round) {
    const Scenario s = random_scenario(rng);
    const auto events = random_events(rng, 250);
    const std::string input = to_ndjson(events);
    INFO("round " << round << " size " << s.size << " slide " << s.slide << " offset " << s.offset << " lateness "
                  << s.lateness << " fill " << s.fill);
    const std::string expected = oracle(events, s);
    const std::string got = run_window(dir, scenario_args(s), input);
    INFO(first_difference(got, expected));
    REQUIRE(got == expected);
  }
}

TEST_CASE("A window is written as soon as the watermark passes its end and no later", "[window]") {
  // A barrier after every event (forwarded at once without --state) marks where each
  // event's output ends: a window's row, --fill's zero rows included, must come before
  // the barrier of the first event whose watermark reaches the window's end.
  TempDir dir;
  std::mt19937_64 rng(20261205);
  for (int round = 0; round < 40; ++round) {
    const Scenario s = random_scenario(rng);
    const auto events = random_events(rng, 200);
    std::string input;
    for (size_t i = 0; i < events.size(); ++i) {
      input += to_ndjson({events[i]});
      input += R"({"_ss":"checkpoint","id":)" + std::to_string(i + 1) + "}\n";
    }
    // The oracle's rows, each put after the event that closes its window.
    std::istringstream rows(oracle(events, s));
    std::map<TimeUs, std::vector<std::string>> rows_by_end;  // window end -> rows, in oracle order
    for (std::string row; std::getline(rows, row);) {
      const size_t at = row.find("\"window_end\":\"") + 14;
      TimeUs end = 0;
      REQUIRE(ss::parse_rfc3339(row.substr(at, row.find('"', at) - at), end));
      rows_by_end[end].push_back(row);
    }
    std::string expected;
    OracleWatermark clock{s.lateness};
    for (size_t i = 0; i < events.size(); ++i) {
      clock.observe(events[i].time);
      while (!rows_by_end.empty() && rows_by_end.begin()->first <= clock.watermark) {
        for (const auto& row : rows_by_end.begin()->second) expected += row + "\n";
        rows_by_end.erase(rows_by_end.begin());
      }
      expected += R"({"_ss":"checkpoint","id":)" + std::to_string(i + 1) + "}\n";
    }
    for (const auto& [end, closing] : rows_by_end)
      for (const auto& row : closing) expected += row + "\n";  // closed by the end of input
    INFO("round " << round << " size " << s.size << " slide " << s.slide << " offset " << s.offset << " lateness "
                  << s.lateness << " fill " << s.fill);
    const std::string got = run_window(dir, scenario_args(s), input);
    INFO(first_difference(got, expected));
    REQUIRE(got == expected);
  }
}

TEST_CASE("Windows run in pieces with --state equal one run over the whole input", "[window]") {
  TempDir dir;
  std::mt19937_64 rng(7);
  for (int round = 0; round < 12; ++round) {
    const Scenario s = random_scenario(rng);
    const auto events = random_events(rng, 200);
    const ss::test::RunOnce run = window_runner(dir, scenario_args(s));
    const std::vector<std::string> lines = ss::test::lines_of(to_ndjson(events));
    const std::string whole = ss::test::run_whole(run, lines);
    // Cut at two random lines; the last piece flushes.
    std::uniform_int_distribution<size_t> cut(0, events.size());
    size_t a = cut(rng);
    size_t b = cut(rng);
    if (a > b) std::swap(a, b);
    const fs::path state = dir.path() / ("state" + std::to_string(round));
    const std::string pieces = ss::test::run_in_pieces(run, lines, {a, b}, state.string());
    INFO("round " << round << " cuts " << a << " " << b);
    REQUIRE(ss::test::without_control_records(pieces) == whole);
  }
}

TEST_CASE("Shards' partial aggregates merge into the single-process result", "[window]") {
  TempDir dir;
  std::mt19937_64 rng(99);
  for (int round = 0; round < 10; ++round) {
    const Scenario s = random_scenario(rng);
    const std::string input = to_ndjson(random_events(rng, 250));
    const std::string whole = run_window(dir, scenario_args(s), input);
    for (int shards : {1, 2, 3}) {
      std::string partials;
      for (int i = 0; i < shards; ++i) {
        auto args = scenario_args(s);
        args.insert(args.end(), {"--partial", "--shard", std::to_string(i) + "/" + std::to_string(shards)});
        partials += run_window(dir, args, input);
      }
      const std::string merged =
          run_window(dir, {"--merge", "--key", "k", "--agg", "n=count,s=sum(v),lo=min(v),hi=max(v)"}, partials);
      INFO("round " << round << " shards " << shards << " size " << s.size << " slide " << s.slide << " fill "
                    << s.fill);
      INFO(first_difference(merged, whole));
      REQUIRE(merged == whole);
    }
  }
}

TEST_CASE("Sliding windows combine their panes when they close", "[window]") {
  TempDir dir;
  // 10s windows every 4s: panes of 2s; the event at 5s lies in windows starting 0 and 4.
  const std::string input = R"({"ts":"2026-11-01T00:00:01Z","v":1}
{"ts":"2026-11-01T00:00:05Z","v":10}
{"ts":"2026-11-01T00:00:09Z","v":100}
)";
  const std::string out = run_window(dir, {"--size", "10s", "--slide", "4s", "--agg", "s=sum(v)"}, input);
  CHECK(out ==
        R"({"window_start":"2026-10-31T23:59:52.000Z","window_end":"2026-11-01T00:00:02.000Z","s":1}
{"window_start":"2026-10-31T23:59:56.000Z","window_end":"2026-11-01T00:00:06.000Z","s":11}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:00:10.000Z","s":111}
{"window_start":"2026-11-01T00:00:04.000Z","window_end":"2026-11-01T00:00:14.000Z","s":110}
{"window_start":"2026-11-01T00:00:08.000Z","window_end":"2026-11-01T00:00:18.000Z","s":100}
)");
}

TEST_CASE("Update mode writes changed windows early and the final row at close", "[window]") {
  TempDir dir;
  const std::string input = R"({"ts":"2026-11-01T00:00:01Z","k":"a"}
{"ts":"2026-11-01T00:00:02Z","k":"b"}
{"ts":"2026-11-01T00:00:03Z","k":"a"}
{"ts":"2026-11-01T00:01:01Z","k":"a"}
)";
  SECTION("on every event") {
    // The event at 1:01 first closes the window its watermark ends, then updates its own.
    const std::string out =
        run_window(dir, {"--tumble", "1m", "--key", "k", "--emit", "update", "--lateness", "0"}, input);
    CHECK(
        out ==
        R"({"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","count":1,"final":false}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"b","count":1,"final":false}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","count":2,"final":false}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","count":2,"final":true}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"b","count":1,"final":true}
{"window_start":"2026-11-01T00:01:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"a","count":1,"final":false}
{"window_start":"2026-11-01T00:01:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"a","count":1,"final":true}
)");
  }
  SECTION("at most once per --every of event time") {
    const std::string out = run_window(
        dir, {"--tumble", "1m", "--key", "k", "--emit", "update", "--every", "10s", "--lateness", "0"}, input);
    // The first event opens an interval; the next two fall in it and wait; the event at
    // 1:01 moves the watermark into a new interval after the first window closed.
    CHECK(
        out ==
        R"({"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","count":1,"final":false}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","count":2,"final":true}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"b","count":1,"final":true}
{"window_start":"2026-11-01T00:01:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"a","count":1,"final":false}
{"window_start":"2026-11-01T00:01:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"a","count":1,"final":true}
)");
  }
}

TEST_CASE("Global aggregates close keys idle for --ttl and evict past --max-keys", "[window]") {
  TempDir dir;
  const std::string input = R"({"ts":"2026-11-01T00:00:00Z","k":"a","v":1}
{"ts":"2026-11-01T00:00:10Z","k":"b","v":2}
{"ts":"2026-11-01T00:00:20Z","k":"a","v":3}
{"ts":"2026-11-01T00:01:30Z","k":"c","v":4}
)";
  SECTION("ttl") {
    const std::string out = run_window(
        dir, {"--global", "--key", "k", "--agg", "s=sum(v)", "--emit", "final", "--ttl", "1m", "--lateness", "0"},
        input);
    // At 1:30, b (last 0:10) and a (last 0:20) are idle for a minute: closed in key order.
    CHECK(out == R"({"first_seen":"2026-11-01T00:00:00.000Z","last_seen":"2026-11-01T00:00:20.000Z","k":"a","s":4}
{"first_seen":"2026-11-01T00:00:10.000Z","last_seen":"2026-11-01T00:00:10.000Z","k":"b","s":2}
{"first_seen":"2026-11-01T00:01:30.000Z","last_seen":"2026-11-01T00:01:30.000Z","k":"c","s":4}
)");
  }
  SECTION("max keys") {
    const std::string out =
        run_window(dir, {"--global", "--key", "k", "--agg", "s=sum(v)", "--max-keys", "2", "--lateness", "0"}, input);
    CHECK(
        out ==
        R"({"first_seen":"2026-11-01T00:00:00.000Z","last_seen":"2026-11-01T00:00:00.000Z","k":"a","s":1,"final":false}
{"first_seen":"2026-11-01T00:00:10.000Z","last_seen":"2026-11-01T00:00:10.000Z","k":"b","s":2,"final":false}
{"first_seen":"2026-11-01T00:00:00.000Z","last_seen":"2026-11-01T00:00:20.000Z","k":"a","s":4,"final":false}
{"first_seen":"2026-11-01T00:01:30.000Z","last_seen":"2026-11-01T00:01:30.000Z","k":"c","s":4,"final":false}
{"first_seen":"2026-11-01T00:00:10.000Z","last_seen":"2026-11-01T00:00:10.000Z","k":"b","s":2,"final":true,"evicted":true}
{"first_seen":"2026-11-01T00:00:00.000Z","last_seen":"2026-11-01T00:00:20.000Z","k":"a","s":4,"final":true}
{"first_seen":"2026-11-01T00:01:30.000Z","last_seen":"2026-11-01T00:01:30.000Z","k":"c","s":4,"final":true}
)");
  }
}

TEST_CASE("Global state run in pieces with --state equals one run", "[window]") {
  TempDir dir;
  std::mt19937_64 rng(5);
  const auto events = random_events(rng, 300);
  const std::vector<std::string> args = {"--global",   "--key", "k",       "--agg", "n=count,s=sum(v)", "--ttl", "5s",
                                         "--max-keys", "4",     "--every", "3s",    "--lateness",       "1s"};
  const ss::test::RunOnce run = window_runner(dir, args);
  const std::vector<std::string> lines = ss::test::lines_of(to_ndjson(events));
  const std::string whole = ss::test::run_whole(run, lines);
  std::vector<size_t> cuts;  // pieces of 70 events
  for (size_t at = 70; at < events.size(); at += 70) cuts.push_back(at);
  const std::string pieces = ss::test::run_in_pieces(run, lines, cuts, (dir.path() / "state").string());
  CHECK(ss::test::without_control_records(pieces) == whole);
}

TEST_CASE("Window flags are checked together", "[window]") {
  using Catch::Matchers::Contains;
  auto fails = [](std::vector<std::string> args) {
    try {
      parse_options(std::move(args));
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::usage);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(fails({}), Contains("choose the windows"));
  CHECK_THAT(fails({"--tumble", "1m", "--global"}), Contains("exclude each other"));
  CHECK_THAT(fails({"--size", "10m"}), Contains("--size needs --slide"));
  CHECK_THAT(fails({"--tumble", "0s"}), Contains("--tumble"));
  CHECK_THAT(fails({"--tumble", "1m", "--every", "10s"}), Contains("--every applies to --emit update"));
  CHECK_THAT(fails({"--tumble", "1m", "--ttl", "1h"}), Contains("--ttl applies"));
  CHECK_THAT(fails({"--tumble", "1m", "--max-keys", "5"}), Contains("--max-keys applies to --global"));
  CHECK_THAT(fails({"--global", "--partial"}), Contains("--partial applies to windows"));
  CHECK_THAT(fails({"--tumble", "1m", "--partial", "--emit", "update"}), Contains("--emit update"));
  CHECK_THAT(fails({"--merge", "--state", "st"}), Contains("--state does not apply"));
  CHECK_THAT(fails({"--tumble", "1m", "--emit", "sometimes"}), Contains("expected final or update"));
  CHECK(fails({"--merge"}) == "accepted");
  const auto global = parse_options({"--global", "--key", "user"});
  CHECK(global.emit == ss::EmitMode::update);
  const auto offset = parse_options({"--tumble", "1h", "--offset=-15m"});
  CHECK(offset.offset == -15 * 60 * kS);
}

TEST_CASE("A snapshot with a malformed window record is refused as a state error", "[window]") {
  TempDir dir;
  const fs::path state = dir.path() / "state";
  run_window(dir, {"--tumble", "1m", "--key", "k", "--lateness", "0", "--state", state.string()},
             R"({"ts":"2026-11-01T00:00:10Z","k":"a"})"
             "\n");
  // Rewrite the snapshot with the same header and a broken pane record.
  const ss::WindowOptions options = parse_options({"--tumble", "1m", "--key", "k", "--lateness", "0"});
  ss::WindowOperator op(options);
  const fs::path snapshot = state / "window.1.snap.zst";
  REQUIRE(fs::exists(snapshot));
  {
    ss::SnapshotWriter writer(snapshot.string(), "window", "window", 1, op.semantic_params());
    writer.record(R"({"watermark":0,"max_time":0,"next_seq":1})");
    writer.record(R"({"closed_through":null,"watermark":0,"last_interval":0})");
    writer.record(R"({"pane":5,"key":"\"a\"","dirty":false,"aggs":"not an array"})");
    writer.commit();
  }
  try {
    run_window(dir, {"--tumble", "1m", "--key", "k", "--lateness", "0", "--state", state.string()}, "");
    FAIL("the snapshot was accepted");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
  }
}

TEST_CASE("Restored open windows close as if the run had not stopped", "[window]") {
  TempDir dir;
  const fs::path state = dir.path() / "state";
  const std::vector<std::string> args = {"--size",     "3m", "--slide", "1m",      "--key",   "k",
                                         "--lateness", "0",  "--agg",   "n=count", "--state", state.string()};
  const std::string first = run_window(dir, args,
                                       R"({"ts":"2026-11-01T00:00:10Z","k":"a"}
{"ts":"2026-11-01T00:01:10Z","k":"b"}
)");
  // Only the window ending at 0:01 has closed; the rest waits in the snapshot.
  CHECK(first == R"({"window_start":"2026-10-31T23:58:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","n":1}
{"_ss":"checkpoint","id":1}
)");
  auto last_args = args;
  last_args.push_back("--flush");
  const std::string second = run_window(dir, last_args, "");
  CHECK(second == R"({"window_start":"2026-10-31T23:59:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"a","n":1}
{"window_start":"2026-10-31T23:59:00.000Z","window_end":"2026-11-01T00:02:00.000Z","k":"b","n":1}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:03:00.000Z","k":"a","n":1}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:03:00.000Z","k":"b","n":1}
{"window_start":"2026-11-01T00:01:00.000Z","window_end":"2026-11-01T00:04:00.000Z","k":"b","n":1}
{"_ss":"checkpoint","id":2}
)");
}
