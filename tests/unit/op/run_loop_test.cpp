#include "ss/op/run_loop.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/base/murmur2.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/control/control_record.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/state/state_dir.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::EndMode;
using ss::StreamOptions;
using ss::TimeUs;

namespace {

constexpr TimeUs kS = 1000000;

// Counts events per key. Emits one line per event, `{"k":KEY,"n":COUNT,"seq":SEQ,
// "t":TIME_US,"line":LINE}`, and `{"end":MODE}` at end of input; snapshots the counts.
// An event with a "reject" field is refused as bad.
class CountingOperator final : public ss::Operator {
 public:
  explicit CountingOperator(std::string params = R"({"count":"per key"})") : params_(std::move(params)) {}

  std::string_view tool() const override { return "counter"; }
  std::string semantic_params() const override { return params_; }

  void read_fields(const ss::Event& event) override { reject_ = event.fields->get(ss::FieldPath("reject")).present(); }

  ss::EventResult on_event(const ss::Event& event, ss::OutputBuffer& out) override {
    if (reject_) return ss::EventResult::bad;
    const uint64_t n = ++counts_[std::string(event.key)];
    ss::JsonObjectWriter w(out.buffer());
    if (event.key.empty()) w.null("k");
    else w.raw("k", event.key);
    w.number("n", n).number("seq", event.seq).number("t", static_cast<int64_t>(event.time)).number("line", event.line);
    w.finish();
    out.end_line();
    return ss::EventResult::accepted;
  }

  void on_watermark(TimeUs watermark, ss::OutputBuffer&) override { watermarks.push_back(watermark); }

  void on_end_of_input(EndMode mode, ss::OutputBuffer& out) override {
    ends.push_back(mode);
    out.line(mode == EndMode::close_all ? R"({"end":"close_all"})" : R"({"end":"keep_open"})");
  }

  std::string_view bad_reason() const override { return "rejected by the operator"; }

  void snapshot(ss::SnapshotWriter& writer) const override {
    ++snapshots_taken;
    for (const auto& [key, n] : counts_) {
      std::string& rec = writer.buffer();
      rec.clear();
      ss::JsonObjectWriter w(rec);
      w.string("key", key).number("n", n);
      w.finish();
      writer.record(rec);
    }
  }

  void restore(ss::SnapshotReader& reader) override {
    restored = true;
    counts_.clear();
    ss::EventParser parser;
    std::string_view rec;
    while (reader.next(rec)) {
      if (parser.parse(rec) != ss::ParseOutcome::ok) ss::throw_state("bad counter record");
      const auto key = parser.get(ss::FieldPath("key"));
      const auto n = parser.get(ss::FieldPath("n"));
      if (!key.is_string() || !n.is_integer) ss::throw_state("bad counter record");
      counts_[std::string(key.text)] = static_cast<uint64_t>(n.integer);
    }
  }

  const std::map<std::string, uint64_t>& counts() const { return counts_; }

  std::vector<TimeUs> watermarks;
  std::vector<EndMode> ends;
  bool restored = false;
  mutable int snapshots_taken = 0;

 private:
  bool reject_ = false;  // the event read_fields() read has a "reject" field
  std::string params_;
  std::map<std::string, uint64_t> counts_;
};

using ss::test::TempDir;

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

struct RunResult {
  std::vector<std::string> out;
  ss::RunStats stats;
};

RunResult run(ss::Operator& op, const StreamOptions& options, const TempDir& dir) {
  ss::clear_stop_request();
  const std::string out_path = dir.file("stdout.ndjson");
  RunResult result;
  {
    auto out = ss::OutputBuffer::open_file(out_path, false);
    const int status = ss::run_operator(op, options, out, &result.stats);  // may throw ss::Error
    CHECK(status == 0);
  }
  result.out = read_lines(out_path);
  return result;
}

StreamOptions options_for(std::vector<std::string> inputs, const std::string& key = "user") {
  StreamOptions o;
  o.inputs = std::move(inputs);
  if (!key.empty()) o.key = ss::parse_field_list(key);
  return o;
}

std::string event(const std::string& user, int64_t ts_seconds) {
  return R"({"ts":)" + std::to_string(ts_seconds) + R"(,"user":")" + user + R"("})";
}

std::string out_line(const std::string& user, uint64_t n, uint64_t seq, int64_t ts_seconds, uint64_t line) {
  return R"({"k":")" + user + R"(","n":)" + std::to_string(n) + ",\"seq\":" + std::to_string(seq) +
         ",\"t\":" + std::to_string(ts_seconds * kS) + ",\"line\":" + std::to_string(line) + "}";
}

// `u<i>`, built without `"u" + std::string`, on which GCC 12 at -O3 warns falsely (-Wrestrict).
std::string user_name(int i) {
  std::string user = "u";
  user += std::to_string(i);
  return user;
}

// The key kafka_partition puts in `partition` of `count`, the first of u0, u1, ...
std::string user_in_partition(uint32_t partition, uint32_t count, int skip = 0) {
  for (int i = 0;; ++i) {
    const std::string user = user_name(i);
    if (ss::kafka_partition(user, count) == partition && skip-- == 0) return user;
  }
}

struct BadLine {
  std::string source;
  int64_t line;
  std::string reason;
  std::string raw;
};

std::vector<BadLine> read_bad_lines(const std::string& path) {
  std::vector<BadLine> out;
  ss::EventParser parser;
  for (const auto& text : read_lines(path)) {
    INFO(text);
    REQUIRE(parser.parse(text) == ss::ParseOutcome::ok);
    REQUIRE(parser.validate());
    REQUIRE(parser.parse(text) == ss::ParseOutcome::ok);
    BadLine b;
    b.source = std::string(parser.get(ss::FieldPath("source")).text);
    b.line = parser.get(ss::FieldPath("line")).integer;
    b.reason = std::string(parser.get(ss::FieldPath("reason")).text);
    b.raw = std::string(parser.get(ss::FieldPath("raw")).text);
    out.push_back(b);
  }
  return out;
}

ss::ErrorKind error_kind_of_run(ss::Operator& op, const StreamOptions& options, const TempDir& dir,
                                std::string* message = nullptr) {
  try {
    run(op, options, dir);
  } catch (const ss::Error& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  FAIL("run_operator did not throw");
  return ss::ErrorKind::internal;
}

// Runs `f` in a child process: true when it returns normally. For behaviour that may
// crash, so that a crash fails one test instead of ending the whole run.
bool runs_cleanly(const std::function<void()>& f) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Die of the signal itself, without the test framework's crash report.
    for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(sig, SIG_DFL);
    try {
      f();
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("run_operator hands events to the operator in order and closes all at end of input without state",
          "[core][op]") {
  TempDir dir;
  const auto in = dir.write("in.ndjson", event("a", 10) + "\n" + event("b", 20) + "\n\n" + event("a", 30) + "\n");
  CountingOperator op;
  const auto r = run(op, options_for({in}), dir);
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 1), out_line("b", 1, 1, 20, 2),
                                          out_line("a", 2, 2, 30, 4), R"({"end":"close_all"})"});
  CHECK(r.stats.events == 3);
  CHECK(r.stats.bad_lines == 0);
  CHECK(r.stats.late_events == 0);
  CHECK(r.stats.checkpoints == 0);
  CHECK(op.ends == std::vector<EndMode>{EndMode::close_all});
  CHECK(op.watermarks == std::vector<TimeUs>{10 * kS, 20 * kS, 30 * kS});
}

TEST_CASE("run_operator reads several inputs in order", "[core][op]") {
  TempDir dir;
  const auto a = dir.write("a.ndjson", event("a", 1) + "\n");
  const auto b = dir.write("b.ndjson", event("b", 2) + "\n" + event("a", 3));
  CountingOperator op;
  const auto r = run(op, options_for({a, b}), dir);
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 1, 1), out_line("b", 1, 1, 2, 1),
                                          out_line("a", 2, 2, 3, 2), R"({"end":"close_all"})"});
}

TEST_CASE("run_operator reads event times as RFC 3339, epoch numbers and numeric strings", "[core][op]") {
  TempDir dir;
  const auto in = dir.write("in.ndjson", R"({"meta":{"at":"1970-01-01T00:00:10Z"}})"
                                         "\n"
                                         R"({"meta":{"at":20000}})"
                                         "\n"
                                         R"({"meta":{"at":"30000"}})"
                                         "\n"
                                         R"({"meta":{"at":40000.5}})"
                                         "\n");
  CountingOperator op;
  auto options = options_for({in}, "");
  options.time_field = ss::FieldPath("meta.at");
  options.time_unit = ss::TimeUnit::milliseconds;
  const auto r = run(op, options, dir);
  REQUIRE(r.out.size() == 5);
  CHECK(r.out[0] == R"({"k":null,"n":1,"seq":0,"t":10000000,"line":1})");
  CHECK(r.out[1] == R"({"k":null,"n":2,"seq":1,"t":20000000,"line":2})");
  CHECK(r.out[2] == R"({"k":null,"n":3,"seq":2,"t":30000000,"line":3})");
  CHECK(r.out[3] == R"({"k":null,"n":4,"seq":3,"t":40000500,"line":4})");
}

TEST_CASE("run_operator counts bad lines and writes them to --bad-lines with source, line, reason and raw text",
          "[core][op]") {
  TempDir dir;
  const std::vector<std::string> lines = {
      event("a", 10),                        // 1 good
      "not json at all",                     // 2
      "[1,2,3]",                             // 3
      R"({"user":"a"})",                     // 4 no time
      R"({"ts":"yesterday","user":"a"})",    // 5 unparseable time
      R"({"ts":true,"user":"a"})",           // 6 a time that is no time
      R"({"ts":null,"user":"a"})",           // 7 null is no time either
      "",                                    // 8 empty: skipped, not bad
      R"({"ts":11,"user":"a","reject":1})",  // 9 the operator refuses it
      "\xff\xfe binary \x01 junk",           // 10 not UTF-8
      event("b", 12),                        // 11 good
  };
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const auto in = dir.write("in.ndjson", text);
  CountingOperator op;
  auto options = options_for({in});
  options.bad_lines_file = dir.file("bad.ndjson");
  const auto r = run(op, options, dir);
  CHECK(r.out ==
        std::vector<std::string>{out_line("a", 1, 0, 10, 1), out_line("b", 1, 1, 12, 11), R"({"end":"close_all"})"});
  CHECK(r.stats.events == 2);
  CHECK(r.stats.bad_lines == 8);
  const auto bad = read_bad_lines(dir.file("bad.ndjson"));
  REQUIRE(bad.size() == 8);
  const std::vector<std::pair<int64_t, std::string>> expected = {
      {2, "not valid JSON"},
      {3, "expected a JSON object"},
      {4, "no time field \"ts\""},
      {5, "unparseable time in \"ts\""},
      {6, "unparseable time in \"ts\""},
      {7, "no time field \"ts\""},
      {9, "rejected by the operator"},
      {10, "not valid JSON"},
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    INFO("bad line " << i);
    CHECK(bad[i].source == in);
    CHECK(bad[i].line == expected[i].first);
    CHECK(bad[i].reason == expected[i].second);
    if (expected[i].first != 10) CHECK(bad[i].raw == lines[static_cast<size_t>(expected[i].first - 1)]);
  }
  // Bytes that are not UTF-8 are escaped one by one, the rest kept.
  CHECK(bad[7].raw == "\xc3\xbf\xc3\xbe binary \x01 junk");
}

TEST_CASE("run_operator reports a line longer than --max-line as a bad line", "[core][op]") {
  TempDir dir;
  const std::string huge = R"({"ts":5,"user":")" + std::string(3u << 20, 'x') + R"("})";
  const auto in = dir.write("in.ndjson", huge + "\n" + event("a", 10) + "\n");
  CountingOperator op;
  auto options = options_for({in});
  options.max_line_bytes = 1000;
  options.bad_lines_file = dir.file("bad.ndjson");
  const auto r = run(op, options, dir);
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 2), R"({"end":"close_all"})"});
  const auto bad = read_bad_lines(dir.file("bad.ndjson"));
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].line == 1);
  CHECK(bad[0].reason == "line longer than --max-line (1000 bytes)");
}

TEST_CASE("run_operator with --strict throws a data error at the first bad line", "[core][op]") {
  TempDir dir;
  const auto in = dir.write("in.ndjson", event("a", 10) + "\n" + "oops\n" + event("a", 20) + "\n");
  CountingOperator op;
  auto options = options_for({in});
  options.strict = true;
  std::string message;
  CHECK(error_kind_of_run(op, options, dir, &message) == ss::ErrorKind::data);
  CHECK_THAT(message, Catch::Contains(in + ":2"));
  CHECK(op.counts().at("\"a\"") == 1);  // nothing after the bad line was processed
}

TEST_CASE("run_operator routes events older than the watermark to --late", "[core][op]") {
  TempDir dir;
  const std::vector<std::string> lines = {event("a", 100), event("a", 91),  event("a", 90),
                                          event("a", 89),  event("b", 120), event("b", 109)};
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const auto in = dir.write("in.ndjson", text);
  CountingOperator op;
  auto options = options_for({in});
  options.lateness = 10 * kS;
  options.late_file = dir.file("late.ndjson");
  const auto r = run(op, options, dir);
  // Watermark 90 after the first event: 91 and 90 are on time, 89 is late; then 110.
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 100, 1), out_line("a", 2, 1, 91, 2),
                                          out_line("a", 3, 2, 90, 3), out_line("b", 1, 3, 120, 5),
                                          R"({"end":"close_all"})"});
  CHECK(r.stats.late_events == 2);
  CHECK(read_lines(dir.file("late.ndjson")) == std::vector<std::string>{lines[3], lines[5]});
  CHECK(op.watermarks == std::vector<TimeUs>{90 * kS, 110 * kS});
}

TEST_CASE("run_operator forwards control records unchanged and acts on watermarks", "[core][op]") {
  TempDir dir;
  const std::vector<std::string> lines = {
      event("a", 10),
      R"({"_ss":"watermark","ts":"1970-01-01T00:00:50Z"})",
      R"(  {"_ss":"heartbeat","x":[1, 2]})",
      R"({"_ss":"checkpoint","id":2,"note":"unknown members are fine"})",
      R"({"_ss":"watermark","ts":"1970-01-01T00:00:40Z"})",  // older: forwarded, no effect
      event("a", 45),                                        // older than the upstream watermark: late
      R"({"_ss":"checkpoint","id":3})",                      // no --state: just forwarded
      event("a", 60),
  };
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const auto in = dir.write("in.ndjson", text);
  CountingOperator op;
  const auto r = run(op, options_for({in}), dir);
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 1), lines[1], lines[2], lines[3], lines[4], lines[6],
                                          out_line("a", 2, 1, 60, 8), R"({"end":"close_all"})"});
  CHECK(r.stats.bad_lines == 0);
  CHECK(r.stats.late_events == 1);
  CHECK(r.stats.checkpoints == 0);
  CHECK(op.watermarks == std::vector<TimeUs>{10 * kS, 50 * kS, 60 * kS});
}

TEST_CASE("run_operator keeps malformed control records as bad lines, neither obeyed nor forwarded", "[core][op]") {
  TempDir dir;
  const std::vector<std::string> lines = {
      event("a", 10),
      R"({"_ss":"checkpoint"})",
      R"({"_ss":"checkpoint","id":)",
      R"({"_ss":"checkpoint","id":-1})",
      R"({"_ss":"watermark","ts":"2099-01-01T00:00:00Z"}}})",  // valid only up to its first brace
      R"({"_ss":"watermark","ts":"tomorrow"})",
      R"({"_ss":null,"ts":"1970-01-01T00:00:20Z"})",  // the reserved member, not a string
      R"({"_ss":5})",
      event("a", 30),
  };
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const auto in = dir.write("in.ndjson", text);
  CountingOperator op;
  auto options = options_for({in});
  options.bad_lines_file = dir.file("bad.ndjson");
  const auto r = run(op, options, dir);
  CHECK(r.out ==
        std::vector<std::string>{out_line("a", 1, 0, 10, 1), out_line("a", 2, 1, 30, 9), R"({"end":"close_all"})"});
  CHECK(r.stats.bad_lines == 7);
  CHECK(r.stats.late_events == 0);
  CHECK(op.watermarks == std::vector<TimeUs>{10 * kS, 30 * kS});
  const auto bad = read_lines(dir.file("bad.ndjson"));
  REQUIRE(bad.size() == 7);
  CHECK_THAT(bad[0], Catch::Contains(R"("line":2)") && Catch::Contains("checkpoint record without"));
  CHECK_THAT(bad[1], Catch::Contains(R"("reason":"not valid JSON")"));
  CHECK_THAT(bad[3], Catch::Contains(R"("line":5)") && Catch::Contains(R"("reason":"not valid JSON")"));
  CHECK_THAT(bad[5], Catch::Contains("reserved for control records"));
}

/// An operator that writes every event's line on, as ss-detect and ss-join do.
class ForwardingOperator final : public ss::Operator {
 public:
  std::string_view tool() const override { return "forward"; }
  std::string semantic_params() const override { return "{}"; }
  ss::EventResult on_event(const ss::Event& event, ss::OutputBuffer& out) override {
    out.line(event.raw);
    return ss::EventResult::accepted;
  }
  bool passes_lines_through() const override { return true; }
  void on_watermark(TimeUs, ss::OutputBuffer&) override {}
  void on_end_of_input(EndMode, ss::OutputBuffer&) override {}
  void snapshot(ss::SnapshotWriter&) const override {}
  void restore(ss::SnapshotReader&) override {}
};

TEST_CASE("run_operator checks the whole line of an event that the operator passes on", "[core][op]") {
  TempDir dir;
  const std::string good = event("a", 10);
  std::string text = good + "\n";
  text += R"({"ts":"1970-01-01T00:00:11Z","user":"a"}}})"
          "\n";
  text += R"({"ts":"1970-01-01T00:00:12Z","user":"a","x":NaN})"
          "\n";
  text += std::string(R"({"ts":"1970-01-01T00:00:13Z","user":"a"})") + '\0' + R"({"ts":1})" + "\n";
  text += R"({"ts":"1970-01-01T00:00:14Z","user":"a","big":123456789012345678901234567890})"
          "\n";
  const auto in = dir.write("in.ndjson", text);
  ForwardingOperator op;
  const auto r = run(op, options_for({in}), dir);
  CHECK(r.out == std::vector<std::string>{
                     good, R"({"ts":"1970-01-01T00:00:14Z","user":"a","big":123456789012345678901234567890})"});
  CHECK(r.stats.bad_lines == 3);
}

/// An operator that reads the field "v" of each event before on_event(), as the
/// aggregates do, and counts the events on_event() gets.
class ReadingOperator final : public ss::Operator {
 public:
  std::string_view tool() const override { return "reading"; }
  std::string semantic_params() const override { return "{}"; }
  void read_fields(const ss::Event& event) override { value_ = event.fields->get(ss::FieldPath("v")); }
  ss::EventResult on_event(const ss::Event&, ss::OutputBuffer& out) override {
    ++events;
    out.line(value_.present() ? value_.text : "missing");
    return ss::EventResult::accepted;
  }
  void on_watermark(TimeUs, ss::OutputBuffer&) override {}
  void on_end_of_input(EndMode, ss::OutputBuffer&) override {}
  void snapshot(ss::SnapshotWriter&) const override {}
  void restore(ss::SnapshotReader&) override {}

  int events = 0;

 private:
  ss::FieldValue value_;
};

TEST_CASE("run_operator refuses a line whose fields the operator read are not valid JSON, before on_event",
          "[core][op]") {
  TempDir dir;
  std::string text = R"({"ts":"1970-01-01T00:00:10Z","user":"a","v":1})"
                     "\n";
  text += R"({"ts":"1970-01-01T00:00:11Z","user":"a","v":tru})"
          "\n";
  text += R"({"ts":"1970-01-01T00:00:12Z","user":"a","w":tru})"  // not read: On-Demand never sees it
          "\n";
  const auto in = dir.write("in.ndjson", text);
  ReadingOperator op;
  auto options = options_for({in});
  options.bad_lines_file = dir.file("bad.ndjson");
  const auto r = run(op, options, dir);
  CHECK(r.out == std::vector<std::string>{"1", "missing"});
  CHECK(op.events == 2);
  CHECK(r.stats.bad_lines == 1);
  const auto bad = read_lines(dir.file("bad.ndjson"));
  REQUIRE(bad.size() == 1);
  CHECK_THAT(bad[0], Catch::Contains(R"("line":2)") && Catch::Contains(R"("reason":"not valid JSON")"));
}

TEST_CASE("run_operator calls a line nested too deep a bad line before any parser sees it", "[core][op]") {
  TempDir dir;
  const auto nested = [](size_t levels, int second) {
    return R"({"ts":"1970-01-01T00:00:)" + std::to_string(second) + R"(Z","user":"a","x":)" + std::string(levels, '[') +
           std::string(levels, ']') + "}";
  };
  const std::string text = nested(ss::kMaxJsonDepth - 1, 10) + "\n" + nested(ss::kMaxJsonDepth, 11) + "\n" +
                           nested(100000, 12) + "\n" + R"({"_ss":"heartbeat","x":)" +
                           std::string(ss::kMaxJsonDepth, '[') + std::string(ss::kMaxJsonDepth, ']') + "}\n";
  const auto in = dir.write("in.ndjson", text);
  ForwardingOperator op;
  auto options = options_for({in});
  options.bad_lines_file = dir.file("bad.ndjson");
  const auto r = run(op, options, dir);
  CHECK(r.out == std::vector<std::string>{nested(ss::kMaxJsonDepth - 1, 10)});
  CHECK(r.stats.bad_lines == 3);
  for (const auto& line : read_lines(dir.file("bad.ndjson")))
    CHECK_THAT(line, Catch::Contains(R"("reason":"nested deeper than 1000 levels")"));
}

TEST_CASE("run_operator snapshots at a barrier and forwards the barrier after the snapshot is in place", "[core][op]") {
  TempDir dir;
  int in_fds[2];
  int out_fds[2];
  REQUIRE(::pipe(in_fds) == 0);
  REQUIRE(::pipe(out_fds) == 0);
  CountingOperator op;
  auto options = options_for({"/dev/fd/" + std::to_string(in_fds[0])});
  options.state_dir = dir.file("st");
  ss::clear_stop_request();
  std::exception_ptr failure;
  int status = -1;
  std::thread runner([&] {
    try {
      ss::OutputBuffer out(out_fds[1], "<pipe>");
      status = ss::run_operator(op, options, out);
    } catch (...) {
      failure = std::current_exception();
    }
    ::close(out_fds[1]);
  });

  const std::string before = event("a", 10) + "\n" + event("b", 20) + "\n" +
                             R"({"_ss":"checkpoint","id":4})"
                             "\n";
  REQUIRE(::write(in_fds[1], before.data(), before.size()) == static_cast<ssize_t>(before.size()));
  // Read the output until the barrier arrives; at that moment the snapshot must exist.
  std::string got;
  const std::string barrier = R"({"_ss":"checkpoint","id":4})"
                              "\n";
  bool snapshot_was_there = false;
  while (got.find(barrier) == std::string::npos) {
    pollfd p{out_fds[0], POLLIN, 0};
    REQUIRE(::poll(&p, 1, 20000) == 1);
    char buf[4096];
    const ssize_t n = ::read(out_fds[0], buf, sizeof buf);
    REQUIRE(n > 0);
    got.append(buf, static_cast<size_t>(n));
    if (got.find(barrier) != std::string::npos) snapshot_was_there = fs::exists(dir.file("st/counter.4.snap.zst"));
  }
  CHECK(snapshot_was_there);
  CHECK(got == out_line("a", 1, 0, 10, 1) + "\n" + out_line("b", 1, 1, 20, 2) + "\n" + barrier);
  {
    ss::SnapshotReader snapshot(dir.file("st/counter.4.snap.zst"), "counter");
    CHECK(snapshot.checkpoint() == 4);
    CHECK(snapshot.params() == R"({"count":"per key"})");
    CHECK(snapshot.record_count() == 3);  // the run loop's own record, then a and b
  }

  const std::string after = event("a", 30) + "\n";
  REQUIRE(::write(in_fds[1], after.data(), after.size()) == static_cast<ssize_t>(after.size()));
  ::close(in_fds[1]);
  for (;;) {
    char buf[4096];
    const ssize_t n = ::read(out_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  runner.join();
  ::close(out_fds[0]);
  ::close(in_fds[0]);
  if (failure) std::rethrow_exception(failure);
  // Upstream sent a barrier, then ended without a final one: it was killed, and its
  // restart replays the event after checkpoint 4. Checkpointing that event here would
  // count it twice, so the input's end takes no checkpoint.
  CHECK(got == out_line("a", 1, 0, 10, 1) + "\n" + out_line("b", 1, 1, 20, 2) + "\n" + barrier +
                   out_line("a", 2, 2, 30, 4) + "\n" +
                   R"({"end":"keep_open"})"
                   "\n");
  CHECK(ss::StateDir(dir.file("st")).snapshot_ids("counter") == std::vector<uint64_t>{4});
  // And the run fails, so that a script without pipefail sees the broken pipeline.
  CHECK(status == 1);
}

TEST_CASE("run_operator with state takes its own checkpoint at end of input and restores it on restart", "[core][op]") {
  TempDir dir;
  const auto first = dir.write("1.ndjson", event("a", 10) + "\n" + event("b", 20) + "\n" + event("a", 30) + "\n");
  auto options = options_for({first});
  options.state_dir = dir.file("st");
  {
    CountingOperator op;
    const auto r = run(op, options, dir);
    CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 1), out_line("b", 1, 1, 20, 2),
                                            out_line("a", 2, 2, 30, 3), R"({"end":"keep_open"})",
                                            R"({"_ss":"checkpoint","id":1})"});
    CHECK(r.stats.checkpoints == 1);
    CHECK_FALSE(op.restored);
    CHECK(op.ends == std::vector<EndMode>{EndMode::keep_open});
    CHECK(fs::exists(dir.file("st/counter.1.snap.zst")));
  }
  options.inputs = {dir.write("2.ndjson", event("a", 25) + "\n" + event("a", 40) + "\n" + event("c", 41) + "\n")};
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(op.restored);
  // The count, the arrival numbers and the watermark (30 s: 25 s is late) carry over.
  CHECK(r.out == std::vector<std::string>{out_line("a", 3, 3, 40, 2), out_line("c", 1, 4, 41, 3),
                                          R"({"end":"keep_open"})", R"({"_ss":"checkpoint","id":2})"});
  CHECK(r.stats.late_events == 1);
  CHECK(op.counts() == std::map<std::string, uint64_t>{{"\"a\"", 3}, {"\"b\"", 1}, {"\"c\"", 1}});
  CHECK(ss::StateDir(dir.file("st")).snapshot_ids("counter") == std::vector<uint64_t>{2});
}

TEST_CASE("run_operator with state takes no extra checkpoint when the input ended with a barrier", "[core][op]") {
  TempDir dir;
  const auto in = dir.write("in.ndjson", event("a", 10) + "\n" +
                                             R"({"_ss":"checkpoint","id":7})"
                                             "\n");
  auto options = options_for({in});
  options.state_dir = dir.file("st");
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 1), R"({"_ss":"checkpoint","id":7})",
                                          R"({"end":"keep_open"})"});
  CHECK(r.stats.checkpoints == 1);
  CHECK(ss::StateDir(dir.file("st")).snapshot_ids("counter") == std::vector<uint64_t>{7});

  // The next run continues from 7, and its own checkpoint is 8.
  options.inputs = {dir.write("next.ndjson", event("a", 20) + "\n")};
  CountingOperator next;
  const auto r2 = run(next, options, dir);
  CHECK(r2.out == std::vector<std::string>{out_line("a", 2, 1, 20, 1), R"({"end":"keep_open"})",
                                           R"({"_ss":"checkpoint","id":8})"});
}

TEST_CASE("run_operator with --flush closes everything and checkpoints even when nothing changed", "[core][op]") {
  TempDir dir;
  const auto in = dir.write("in.ndjson", event("a", 10) + "\n" +
                                             R"({"_ss":"checkpoint","id":2})"
                                             "\n");
  auto options = options_for({in});
  options.state_dir = dir.file("st");
  options.flush = true;
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(op.ends == std::vector<EndMode>{EndMode::close_all});
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 10, 1), R"({"_ss":"checkpoint","id":2})",
                                          R"({"end":"close_all"})", R"({"_ss":"checkpoint","id":3})"});
}

TEST_CASE("run_operator names snapshots after --name when given", "[core][op]") {
  TempDir dir;
  auto options = options_for({dir.write("in.ndjson", event("a", 10) + "\n")});
  options.state_dir = dir.file("st");
  options.stage_name = "second";
  CountingOperator op;
  run(op, options, dir);
  CHECK(ss::StateDir(dir.file("st")).snapshot_ids("second") == std::vector<uint64_t>{1});
  CHECK(ss::StateDir(dir.file("st")).snapshot_ids("counter").empty());
  ss::SnapshotReader snapshot(dir.file("st/second.1.snap.zst"), "counter");  // the tool stays "counter"
  CHECK(snapshot.checkpoint() == 1);
}

TEST_CASE("run_operator restores the snapshot named by COMMITTED", "[core][op]") {
  TempDir dir;
  auto options = options_for({dir.write("in.ndjson", event("a", 10) + "\n" +
                                                         R"({"_ss":"checkpoint","id":1})"
                                                         "\n" +
                                                         event("a", 20) + "\n" +
                                                         R"({"_ss":"checkpoint","id":2})"
                                                         "\n")});
  options.state_dir = dir.file("st");
  ss::StateDir state(options.state_dir);
  state.write_committed(1);  // a sink has made everything before barrier 1 durable
  {
    CountingOperator op;
    run(op, options, dir);
  }
  // Snapshot 1 is kept: it is what a restart must restore.
  CHECK(state.snapshot_ids("counter") == std::vector<uint64_t>{1, 2});
  options.inputs = {dir.write("again.ndjson", event("a", 20) + "\n")};
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(op.restored);
  CHECK(r.out.front() == out_line("a", 2, 1, 20, 1));  // replayed from the cut at barrier 1
}

TEST_CASE("run_operator refuses a snapshot made with other parameters", "[core][op]") {
  TempDir dir;
  auto options = options_for({dir.write("in.ndjson", event("a", 10) + "\n")});
  options.state_dir = dir.file("st");
  {
    CountingOperator op;
    run(op, options, dir);
  }
  CountingOperator other(R"({"count":"per user"})");
  std::string message;
  CHECK(error_kind_of_run(other, options, dir, &message) == ss::ErrorKind::state);
  CHECK_THAT(message, Catch::Contains("counter.1.snap.zst") && Catch::Contains("--reset-state"));
  CHECK_FALSE(other.restored);
}

TEST_CASE("run_operator with --reset-state starts empty over a snapshot made with other parameters", "[core][op]") {
  TempDir dir;
  auto options = options_for({dir.write("in.ndjson", event("a", 10) + "\n" + event("a", 30) + "\n")});
  options.state_dir = dir.file("st");
  {
    CountingOperator op;
    run(op, options, dir);
  }
  options.reset_state = true;
  options.inputs = {dir.write("again.ndjson", event("a", 20) + "\n")};
  CountingOperator other(R"({"count":"per user"})");
  const auto r = run(other, options, dir);
  CHECK_FALSE(other.restored);
  // Empty state: count 1, arrival 0, and 20 s is not late against a fresh watermark.
  CHECK(r.out == std::vector<std::string>{out_line("a", 1, 0, 20, 1), R"({"end":"keep_open"})",
                                          R"({"_ss":"checkpoint","id":2})"});
  ss::SnapshotReader snapshot(dir.file("st/counter.2.snap.zst"), "counter");
  CHECK(snapshot.params() == R"({"count":"per user"})");
}

TEST_CASE("run_operator refuses a corrupt snapshot as a state error", "[core][op]") {
  TempDir dir;
  auto options = options_for({dir.write("in.ndjson", event("a", 10) + "\n")});
  options.state_dir = dir.file("st");
  {
    CountingOperator op;
    run(op, options, dir);
  }
  fs::resize_file(dir.file("st/counter.1.snap.zst"), fs::file_size(dir.file("st/counter.1.snap.zst")) - 3);
  CountingOperator op;
  CHECK(error_kind_of_run(op, options, dir) == ss::ErrorKind::state);
}

TEST_CASE("run_operator with --shard keeps exactly the keys of its shard", "[core][op]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 60; ++i) text += event(user_name(i), 100 + i) + "\n";
  const auto in = dir.write("in.ndjson", text);
  std::set<std::string> seen;
  size_t total = 0;
  for (uint32_t shard = 0; shard < 3; ++shard) {
    auto options = options_for({in});
    options.shard = ss::Shard{shard, 3};
    CountingOperator op;
    const auto r = run(op, options, dir);
    for (const auto& [key, n] : op.counts()) {
      const std::string user = key.substr(1, key.size() - 2);  // the canonical key is a JSON string
      INFO(user);
      CHECK(ss::kafka_partition(user, 3) == shard);
      CHECK(seen.insert(user).second);
    }
    total += r.stats.events;
    CHECK(r.stats.late_events == 0);
  }
  CHECK(seen.size() == 60);
  CHECK(total == 60);
}

TEST_CASE("run_operator with --shard moves the watermark on the events of other shards too", "[core][op]") {
  TempDir dir;
  const std::string mine = user_in_partition(0, 2);
  const std::string theirs = user_in_partition(1, 2);
  const auto in = dir.write("in.ndjson", event(theirs, 100) + "\n" + event(mine, 50) + "\n" + event(mine, 100) + "\n");
  auto options = options_for({in});
  options.shard = ss::Shard{0, 2};
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(r.out == std::vector<std::string>{out_line(mine, 1, 0, 100, 3), R"({"end":"close_all"})"});
  CHECK(r.stats.late_events == 1);
  CHECK(op.watermarks == std::vector<TimeUs>{100 * kS});
}

TEST_CASE("run_operator shards on the raw bytes of an escaped string key", "[core][op]") {
  TempDir dir;
  // "\u00e9" and "é" are the same key, hashed as the UTF-8 bytes c3 a9.
  const auto in = dir.write("in.ndjson", R"({"ts":1,"user":"caf\u00e9"})"
                                         "\n"
                                         "{\"ts\":2,\"user\":\"caf\xc3\xa9\"}\n");
  const uint32_t shard = ss::kafka_partition("caf\xc3\xa9", 4);
  auto options = options_for({in});
  options.shard = ss::Shard{shard, 4};
  CountingOperator op;
  const auto r = run(op, options, dir);
  CHECK(r.stats.events == 2);
  CHECK(op.counts().size() == 1);
  options.shard = ss::Shard{(shard + 1) % 4, 4};
  CountingOperator other;
  CHECK(run(other, options, dir).stats.events == 0);
}

TEST_CASE("run_operator throws an I/O error for a missing input", "[core][op]") {
  TempDir dir;
  CountingOperator op;
  CHECK(error_kind_of_run(op, options_for({dir.file("missing.ndjson")}), dir) == ss::ErrorKind::io);
}

TEST_CASE("run_operator counts a line with a misspelt literal as a bad line", "[core][op]") {
  // An exception out of the parser here would end the tool as an internal error (exit
  // 70) instead of counting one bad line.
  TempDir dir;
  const auto in = dir.write("in.ndjson", R"({"ts":nul,"user":"a"})"
                                         "\n" +
                                             event("a", 10) + "\n");
  CountingOperator op;
  RunResult r;
  CHECK_NOTHROW(r = run(op, options_for({in}), dir));
  CHECK(r.stats.bad_lines == 1);
  CHECK(r.stats.events == 1);
}

TEST_CASE("run_operator survives a malformed line whose first key field is missing", "[core][op]") {
  // The lookup of "nope" runs into the unclosed array and simdjson abandons the
  // document; the lookup of "user" that follows must not touch it. In a child process,
  // so that a crash fails this test only.
  TempDir dir;
  const auto in = dir.write("in.ndjson", R"({"ts":1,"user":"x","z":[})"
                                         "\n" +
                                             event("a", 10) + "\n");
  auto options = options_for({in}, "nope,user");
  options.bad_lines_file = dir.file("bad.ndjson");
  CHECK(runs_cleanly([&] {
    CountingOperator op;
    auto out = ss::OutputBuffer::open_file(dir.file("child-out.ndjson"), false);
    ss::run_operator(op, options, out);
  }));
}
