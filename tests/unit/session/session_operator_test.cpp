// SessionOperator against an oracle (sort by key and time, then scan), and the replay
// property: any split of the input with --state between the pieces gives the output of
// one uninterrupted run, byte for byte.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include <simdjson.h>

#include "ss/agg/agg_spec.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/run_loop.hpp"
#include "ss/session/run_sessionize.hpp"
#include "ss/session/session_operator.hpp"
#include "ss/time/duration.hpp"
#include "support/replay.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

struct TestEvent {
  int64_t time_us;
  std::string user;
  int64_t bytes;
  std::string page = "/p";
};

std::string to_line(const TestEvent& e) {
  std::string line = "{\"ts\":\"";
  ss::append_rfc3339(line, e.time_us);
  line += "\",\"user\":\"" + e.user + "\",\"bytes\":" + std::to_string(e.bytes) + ",\"page\":\"" + e.page + "\"}";
  return line;
}

/// Random events of a few keys with bursts and breaks, in an arrival order that is out
/// of order by less than `jitter_us`: sorted by time plus a jitter below it.
std::vector<TestEvent> random_stream(std::mt19937_64& rng, int n, int64_t jitter_us) {
  std::vector<std::pair<int64_t, TestEvent>> keyed;
  std::uniform_int_distribution<int> key_dist(0, 7);
  std::uniform_int_distribution<int64_t> step(0, 20LL * 60 * 1000000);  // up to 20 minutes
  std::uniform_int_distribution<int64_t> jitter(0, std::max<int64_t>(jitter_us - 1, 0));
  std::uniform_int_distribution<int64_t> bytes(0, 5000);
  std::uniform_int_distribution<int> page(0, 9);
  std::vector<int64_t> clock(8, 1793491200LL * 1000000);
  for (int i = 0; i < n; ++i) {
    const int k = key_dist(rng);
    clock[k] += step(rng) / (k + 1);  // key 0 has long gaps, key 7 is busy
    const int p = page(rng);
    TestEvent e{clock[k], "u" + std::to_string(k), bytes(rng), p == 0 ? "/login" : p == 1 ? "/logout" : "/p"};
    keyed.emplace_back(e.time_us + jitter(rng), e);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TestEvent> out;
  for (auto& [_, e] : keyed) out.push_back(e);
  return out;
}

using SessionRow = std::tuple<std::string, int64_t, int64_t, uint64_t, int64_t>;  // user start end events sum

/// `cut_at_pages`: a /login event starts a session and a /logout event ends one
/// (--start-when and --end-when), as a scan of the sorted events sees them.
std::vector<SessionRow> oracle(std::vector<TestEvent> events, int64_t gap_us, bool cut_at_pages = false) {
  std::stable_sort(events.begin(), events.end(), [](const TestEvent& a, const TestEvent& b) {
    return std::tie(a.user, a.time_us) < std::tie(b.user, b.time_us);
  });
  std::vector<SessionRow> rows;
  for (size_t i = 0; i < events.size();) {
    size_t j = i;
    int64_t sum = events[i].bytes;
    while (j + 1 < events.size() && events[j + 1].user == events[i].user &&
           events[j + 1].time_us - events[j].time_us <= gap_us &&
           !(cut_at_pages && (events[j].page == "/logout" || events[j + 1].page == "/login"))) {
      ++j;
      sum += events[j].bytes;
    }
    rows.emplace_back(events[i].user, events[i].time_us, events[j].time_us, j - i + 1, sum);
    i = j + 1;
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// The sessions of `events` in arrival order, the slow way: before each event the
/// key's pending events are grouped into its open sessions from scratch. An event
/// that joins none of them is late when its own session would have closed already
/// (its time plus the gap behind the watermark) or when it is within the gap of a
/// session the watermark closed. After it, the sessions whose last event plus the gap
/// the watermark (newest time minus the lateness) passed are emitted.
std::vector<SessionRow> open_session_oracle(const std::vector<TestEvent>& events, int64_t gap_us, int64_t lateness_us,
                                            std::vector<TestEvent>* late = nullptr) {
  std::map<std::string, std::vector<TestEvent>> pending;  // key -> accepted events not emitted
  std::map<std::string, std::vector<int64_t>> closed_ends;
  std::vector<SessionRow> rows;
  int64_t watermark = INT64_MIN;
  auto sessions_of = [gap_us](std::vector<TestEvent> evs) {
    std::stable_sort(evs.begin(), evs.end(), [](const auto& a, const auto& b) { return a.time_us < b.time_us; });
    std::vector<std::vector<TestEvent>> out;
    for (const auto& e : evs) {
      if (out.empty() || e.time_us - out.back().back().time_us > gap_us) out.emplace_back();
      out.back().push_back(e);
    }
    return out;
  };
  auto row_of = [](const std::vector<TestEvent>& s) {
    int64_t sum = 0;
    for (const auto& e : s) sum += e.bytes;
    return SessionRow{s.front().user, s.front().time_us, s.back().time_us, s.size(), sum};
  };
  for (const auto& e : events) {
    bool joins = false;
    for (const auto& s : sessions_of(pending[e.user]))
      joins = joins || (e.time_us >= s.front().time_us - gap_us && e.time_us <= s.back().time_us + gap_us);
    bool is_late = !joins && e.time_us + gap_us < watermark;
    for (const int64_t end : closed_ends[e.user]) is_late = is_late || (!joins && e.time_us <= end + gap_us);
    if (is_late) {
      if (late) late->push_back(e);
      continue;
    }
    pending[e.user].push_back(e);
    watermark = std::max(watermark, e.time_us - lateness_us);
    for (auto& [user, evs] : pending) {
      std::vector<TestEvent> kept;
      for (const auto& s : sessions_of(evs)) {
        if (s.back().time_us + gap_us < watermark) {
          rows.push_back(row_of(s));
          closed_ends[user].push_back(s.back().time_us);
        } else {
          kept.insert(kept.end(), s.begin(), s.end());
        }
      }
      evs = kept;
    }
  }
  for (auto& [user, evs] : pending)
    for (const auto& s : sessions_of(evs)) rows.push_back(row_of(s));
  std::sort(rows.begin(), rows.end());
  return rows;
}

void write_file(const fs::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& l : lines) out << l << '\n';
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ss::SessionOptions make_options(int64_t gap_us, int64_t lateness_us, bool cut_at_pages = false) {
  ss::SessionOptions options;
  if (cut_at_pages) {
    options.start_when = "page == \"/login\"";
    options.end_when = "page == \"/logout\"";
  }
  options.stream.key = {ss::FieldPath("user")};
  options.stream.lateness = lateness_us;
  options.gap = gap_us;
  options.aggs = ss::parse_agg_specs("bytes=sum(bytes)");
  return options;
}

/// Runs one ss-sessionize process equivalent over `inputs`, returning its stdout.
std::string run(ss::SessionOptions options, const std::vector<std::string>& inputs, const fs::path& out_path) {
  options.stream.inputs = inputs;
  const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  {
    ss::OutputBuffer out(fd, out_path.string());
    ss::run_sessionize(options, out);
  }
  ::close(fd);
  return read_file(out_path);
}

std::vector<SessionRow> parse_rows(const std::string& text) {
  std::vector<SessionRow> rows;
  simdjson::dom::parser parser;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("{\"_ss\"", 0) == 0) continue;
    simdjson::dom::element doc = parser.parse(line);
    const std::string user{std::string_view(doc["user"])};
    const auto start = ss::parse_rfc3339(std::string_view(doc["start"]));
    const auto end = ss::parse_rfc3339(std::string_view(doc["end"]));
    rows.emplace_back(user, *start, *end, uint64_t(doc["events"]), int64_t(doc["bytes"]));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

TEST_CASE("sessions of out-of-order input within the lateness equal those of sorted input", "[session]") {
  const bool cut_at_pages = GENERATE(false, true);  // with --start-when and --end-when
  std::mt19937_64 rng(12345);
  TempDir dir;
  for (int round = 0; round < 30; ++round) {
    const int64_t gap = (1 + round % 5) * 5LL * 60 * 1000000;
    const int64_t lateness = (round % 3) * 10LL * 60 * 1000000;
    const auto events = random_stream(rng, 400, lateness);
    std::vector<std::string> lines;
    for (const auto& e : events) lines.push_back(to_line(e));
    write_file(dir.path() / "in.ndjson", lines);
    const std::string output =
        run(make_options(gap, lateness, cut_at_pages), {(dir.path() / "in.ndjson").string()}, dir.path() / "out");
    INFO("round " << round << " gap " << gap << " lateness " << lateness << " cut at pages " << cut_at_pages);
    REQUIRE(parse_rows(output) == oracle(events, gap, cut_at_pages));
  }
}

TEST_CASE("an event is late only when the session it would update has been emitted", "[session]") {
  // Out of order by up to an hour, far beyond the lateness: the events older than the
  // watermark whose session is still open count, as in Flink, Kafka Streams and Spark.
  std::mt19937_64 rng(20261206);
  TempDir dir;
  int kept_behind_watermark = 0;
  for (int round = 0; round < 30; ++round) {
    const int64_t gap = (1 + round % 5) * 5LL * 60 * 1000000;
    const int64_t lateness = (round % 3) * 2LL * 60 * 1000000;
    const auto events = random_stream(rng, 400, 60LL * 60 * 1000000);
    std::vector<std::string> lines;
    for (const auto& e : events) lines.push_back(to_line(e));
    write_file(dir.path() / "in.ndjson", lines);
    std::vector<TestEvent> late;
    const auto expected = open_session_oracle(events, gap, lateness, &late);
    const auto sorted = oracle(events, gap);
    if (expected != sorted) ++kept_behind_watermark;
    const std::string output =
        run(make_options(gap, lateness), {(dir.path() / "in.ndjson").string()}, dir.path() / "out");
    INFO("round " << round << " gap " << gap << " lateness " << lateness << " late " << late.size());
    REQUIRE(parse_rows(output) == expected);
  }
  CHECK(kept_behind_watermark > 0);  // the streams do reach behind the watermark
}

TEST_CASE("the brute-force oracle of open sessions equals the sorted scan within the lateness", "[session]") {
  std::mt19937_64 rng(99);
  for (int round = 0; round < 20; ++round) {
    const int64_t gap = (1 + round % 5) * 5LL * 60 * 1000000;
    const int64_t lateness = (round % 3) * 10LL * 60 * 1000000;
    const auto events = random_stream(rng, 300, lateness);
    REQUIRE(open_session_oracle(events, gap, lateness) == oracle(events, gap));
  }
}

TEST_CASE("running the input in pieces with --state equals one run, byte for byte", "[session]") {
  const bool cut_at_pages = GENERATE(false, true);  // with --start-when and --end-when
  std::mt19937_64 rng(777);
  for (int round = 0; round < 12; ++round) {
    TempDir dir;
    const int64_t gap = 15LL * 60 * 1000000;
    const int64_t lateness = 10LL * 60 * 1000000;
    // Without cuts, also out of order beyond the lateness: the late events, and the
    // closed sessions' ends kept to judge them, must carry over between pieces.
    const auto events = random_stream(rng, 300, cut_at_pages || round % 2 == 0 ? lateness : 6 * lateness);
    std::vector<std::string> lines;
    for (const auto& e : events) lines.push_back(to_line(e));
    const ss::test::RunOnce run_piece = [&](const ss::test::ReplayPiece& piece) {
      const fs::path in = dir.path() / (piece.state_dir.empty() ? "all.ndjson" : "piece" + std::to_string(piece.index));
      dir.write(in.filename().string(), piece.input);
      auto options = make_options(gap, lateness, cut_at_pages);
      options.stream.state_dir = piece.state_dir;
      options.stream.flush = piece.last && !piece.state_dir.empty();
      return run(options, {in.string()}, dir.path() / "out");
    };
    const std::string whole = ss::test::run_whole(run_piece, lines);

    // Cut at random points (every line is a possible cut across the rounds).
    std::uniform_int_distribution<size_t> cut(0, lines.size());
    std::vector<size_t> cuts;
    const int pieces = 1 + round % 6;
    for (int i = 1; i < pieces; ++i) cuts.push_back(cut(rng));
    std::sort(cuts.begin(), cuts.end());
    const std::string pieced = ss::test::run_in_pieces(run_piece, lines, cuts, (dir.path() / "state").string());
    INFO("round " << round << " cuts " << cuts.size() + 1 << " cut at pages " << cut_at_pages);
    REQUIRE(ss::test::without_control_records(pieced) == whole);
  }
}

TEST_CASE("a snapshot made with another gap is refused, and --reset-state starts empty", "[session]") {
  TempDir dir;
  write_file(dir.path() / "in", {"{\"ts\":\"2026-11-01T00:00:00Z\",\"user\":\"a\",\"bytes\":1}"});
  auto options = make_options(60LL * 1000000, 0);
  options.stream.state_dir = (dir.path() / "state").string();
  run(options, {(dir.path() / "in").string()}, dir.path() / "out");
  auto other = make_options(120LL * 1000000, 0);
  other.stream.state_dir = options.stream.state_dir;
  try {
    run(other, {(dir.path() / "in").string()}, dir.path() / "out");
    FAIL("expected the snapshot to be refused");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(e.what(), Catch::Contains("other parameters"));
  }
  other.stream.reset_state = true;
  other.stream.flush = true;
  const auto out = run(other, {(dir.path() / "in").string()}, dir.path() / "out");
  CHECK(parse_rows(out).size() == 1);  // only this run's event: the old session is gone
}

TEST_CASE("ss-sessionize --max-open bounds the open sessions and flags the forced ones", "[session]") {
  TempDir dir;
  std::vector<std::string> lines;
  for (int i = 0; i < 100; ++i) {
    lines.push_back(to_line(TestEvent{1793491200LL * 1000000 + i * 1000000LL, "u" + std::to_string(i), 1}));
  }
  write_file(dir.path() / "in", lines);
  auto options = make_options(3600LL * 1000000, 0);
  options.max_open = 10;
  options.stream.inputs = {(dir.path() / "in").string()};
  ss::SessionOperator op(options);
  const int fd = ::open((dir.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ss::OutputBuffer out(fd, "out");
  ss::run_operator(op, options.stream, out);
  out.flush();
  ::close(fd);
  CHECK(op.forced_closes() == 90);
  const std::string text = read_file(dir.path() / "out");
  CHECK(std::count(text.begin(), text.end(), '\n') == 100);
  CHECK(text.find("\"forced\":true") != std::string::npos);
}

TEST_CASE("ss-sessionize --max-open bounds memory however many distinct keys come and go", "[session]") {
  // With a gap longer than the input, no session closes on the watermark: each forced
  // close used to leave its closing deadline in the heap, one entry per key ever seen.
  auto options = make_options(30LL * 24 * 3600 * 1000000, 0);  // 30 days
  options.max_open = 10;
  ss::SessionOperator op(options);
  const ss::KeyExtractor keys(options.stream.key);
  ss::EventParser parser;
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);
  std::string key;
  size_t most = 0;
  constexpr int kKeys = 20000;
  for (int i = 0; i < kKeys; ++i) {
    const TestEvent e{1793491200LL * 1000000 + i * 1000000LL, "u" + std::to_string(i), 1};
    const std::string line = to_line(e);
    REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
    keys.extract(parser, key);
    const ss::Event event{line, e.time_us, static_cast<uint64_t>(i), key, &parser, "in", static_cast<uint64_t>(i + 1)};
    op.read_fields(event);
    REQUIRE(op.on_event(event, out) == ss::EventResult::accepted);
    out.buffer().clear();
    most = std::max(most, op.pending_deadlines());
  }
  CHECK(op.forced_closes() == kKeys - 10);
  CHECK(op.open_sessions() == 10);
  CHECK(most <= 2 * 11 + 11 + 1024 + 1);
}
