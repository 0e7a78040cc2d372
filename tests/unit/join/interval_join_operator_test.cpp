// IntervalJoinOperator against a nested-loop oracle on random streams: every pair with
// equal keys and lower <= right time - left time <= upper, each once, plus the outer
// rows of each join type; and the same output when a run is cut in two with --state.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ss/join/interval_join_operator.hpp"
#include "ss/op/run_loop.hpp"
#include "support/replay.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

struct Ev {
  int64_t ms;  // event time, epoch milliseconds
  int key;
  int id;
};

constexpr int64_t kBaseMs = 1795428000000;

std::string left_line(const Ev& e) {
  return "{\"ts\":" + std::to_string(e.ms) + ",\"k\":\"k" + std::to_string(e.key) +
         "\",\"id\":" + std::to_string(e.id) + "}";
}
std::string right_members(const Ev& e) {
  return "\"right_ts\":" + std::to_string(e.ms) + ",\"right_rid\":" + std::to_string(e.id);
}
std::string right_line(const Ev& e) {
  return "{\"ts\":" + std::to_string(e.ms) + ",\"k\":\"k" + std::to_string(e.key) +
         "\",\"rid\":" + std::to_string(e.id) + "}";
}

/// Events with times that grow but arrive out of order by less than `jitter_ms`.
std::vector<Ev> random_stream(std::mt19937_64& rng, int n, int keys, int64_t jitter_ms) {
  std::vector<std::pair<int64_t, Ev>> v;
  std::uniform_int_distribution<int> key(0, keys - 1);
  std::uniform_int_distribution<int64_t> step(0, 3000);
  std::uniform_int_distribution<int64_t> jitter(0, jitter_ms - 1);
  int64_t t = kBaseMs;
  for (int i = 0; i < n; ++i) {
    t += step(rng);
    v.push_back({t + jitter(rng), Ev{t, key(rng), i}});
  }
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Ev> out;
  for (auto& [_, e] : v) out.push_back(e);
  return out;
}

std::vector<std::string> oracle(const std::vector<Ev>& left, const std::vector<Ev>& right, int64_t lower_ms,
                                int64_t upper_ms, ss::JoinType type) {
  std::vector<std::string> out;
  std::vector<bool> right_matched(right.size(), false);
  for (const auto& l : left) {
    bool matched = false;
    for (size_t j = 0; j < right.size(); ++j) {
      const auto& r = right[j];
      const int64_t d = r.ms - l.ms;
      if (r.key != l.key || d < lower_ms || d > upper_ms) continue;
      std::string line = left_line(l);
      line.pop_back();
      out.push_back(line + "," + right_members(r) + "}");
      matched = true;
      right_matched[j] = true;
    }
    if (!matched && (type == ss::JoinType::left || type == ss::JoinType::full)) out.push_back(left_line(l));
  }
  for (size_t j = 0; j < right.size(); ++j)
    if (!right_matched[j] && (type == ss::JoinType::right || type == ss::JoinType::full))
      out.push_back("{\"ts\":" + std::to_string(right[j].ms) + ",\"k\":\"k" + std::to_string(right[j].key) + "\"," +
                    right_members(right[j]) + "}");
  std::sort(out.begin(), out.end());
  return out;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
  std::ofstream f(path, std::ios::binary);
  for (const auto& l : lines) f << l << "\n";
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream f(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(f, line);)
    if (line.rfind("{\"_ss\"", 0) != 0) out.push_back(line);
  return out;
}

ss::JoinOptions interval_options(const fs::path& right, int64_t lower_ms, int64_t upper_ms, ss::JoinType type,
                                 int64_t lateness_ms) {
  ss::JoinOptions o;
  o.table.on = ss::parse_join_keys({"k"});
  o.table.prefix = "right_";
  o.type = type;
  ss::IntervalSpec spec;
  spec.right_path = right.string();
  spec.lower = lower_ms * 1000;
  spec.upper = upper_ms * 1000;
  o.interval = spec;
  o.stream.lateness = lateness_ms * 1000;
  o.stream.progress = false;
  return o;
}

std::vector<std::string> run_join(ss::JoinOptions o, const fs::path& left, const fs::path& out_path) {
  o.stream.inputs = {left.string()};
  {
    ss::IntervalJoinOperator op(o);
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ss::OutputBuffer out(fd, out_path.string());
    ss::run_operator(op, o.stream, out);
    out.flush();
    ::close(fd);
  }
  return read_lines(out_path);
}

}  // namespace

TEST_CASE("The interval join equals a nested-loop oracle on random streams, for every join type", "[join]") {
  std::mt19937_64 rng(20261125);
  const ss::JoinType types[] = {ss::JoinType::inner, ss::JoinType::left, ss::JoinType::right, ss::JoinType::full};
  for (int round = 0; round < 24; ++round) {
    TempDir dir;
    const int64_t lateness_ms = 4000;
    const auto left = random_stream(rng, 300, 5, lateness_ms);
    const auto right = random_stream(rng, 300, 5, lateness_ms);
    std::uniform_int_distribution<int64_t> bound(-8000, 8000);
    int64_t lower = bound(rng), upper = bound(rng);
    if (lower > upper) std::swap(lower, upper);
    if (round % 6 == 0) lower = upper;  // a single instant: both ends at once
    const ss::JoinType type = types[round % 4];
    std::vector<std::string> left_lines, right_lines;
    for (const auto& e : left) left_lines.push_back(left_line(e));
    for (const auto& e : right) right_lines.push_back(right_line(e));
    write_lines(dir.path() / "left", left_lines);
    write_lines(dir.path() / "right", right_lines);
    auto got = run_join(interval_options(dir.path() / "right", lower, upper, type, lateness_ms), dir.path() / "left",
                        dir.path() / "out");
    std::sort(got.begin(), got.end());
    INFO("round " << round << " bounds " << lower << "," << upper << " type " << static_cast<int>(type));
    CHECK(got == oracle(left, right, lower, upper, type));
  }
}

TEST_CASE("Interval bounds include both ends, to the microsecond", "[join]") {
  TempDir dir;
  write_lines(dir.path() / "left", {"{\"ts\":\"2026-11-23T10:00:00Z\",\"k\":1}"});
  write_lines(dir.path() / "right", {"{\"ts\":\"2026-11-23T09:59:54.999999Z\",\"k\":1,\"r\":\"before\"}",
                                     "{\"ts\":\"2026-11-23T09:59:55Z\",\"k\":1,\"r\":\"lower\"}",
                                     "{\"ts\":\"2026-11-23T10:00:10Z\",\"k\":1,\"r\":\"upper\"}",
                                     "{\"ts\":\"2026-11-23T10:00:10.000001Z\",\"k\":1,\"r\":\"after\"}"});
  auto o = interval_options(dir.path() / "right", -5000, 10000, ss::JoinType::inner, 0);
  o.table.on = ss::parse_join_keys({"k"});
  o.stream.lateness = 60LL * 1000000;
  o.table.select = ss::parse_field_list("r");
  auto got = run_join(o, dir.path() / "left", dir.path() / "out");
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"{\"ts\":\"2026-11-23T10:00:00Z\",\"k\":1,\"right_r\":\"lower\"}",
                                        "{\"ts\":\"2026-11-23T10:00:00Z\",\"k\":1,\"right_r\":\"upper\"}"});
}

TEST_CASE("A run cut in two with --state gives the output of one run", "[join]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 6; ++round) {
    TempDir dir;
    const auto left = random_stream(rng, 200, 4, 2000);
    const auto right = random_stream(rng, 200, 4, 2000);
    std::vector<std::string> left_lines, right_lines;
    for (const auto& e : left) left_lines.push_back(left_line(e));
    for (const auto& e : right) right_lines.push_back(right_line(e));
    write_lines(dir.path() / "right", right_lines);
    const size_t cut = 50 + static_cast<size_t>(round) * 20;
    const auto o = interval_options(dir.path() / "right", -3000, 5000, ss::JoinType::full, 2000);
    const ss::test::RunOnce run = [&](const ss::test::ReplayPiece& piece) {
      const bool whole_run = piece.state_dir.empty();
      const std::string n = std::to_string(piece.index + 1);
      const fs::path in = dir.write(whole_run ? "left" : "left" + n, piece.input);
      auto piece_options = o;
      piece_options.stream.state_dir = piece.state_dir;
      piece_options.stream.flush = piece.last && !whole_run;
      return ss::test::joined(run_join(piece_options, in, dir.path() / (whole_run ? "whole" : "out" + n)));
    };
    auto whole = ss::test::lines_of(ss::test::run_whole(run, left_lines));
    auto pieces = ss::test::lines_of(ss::test::run_in_pieces(run, left_lines, {cut}, (dir.path() / "st").string()));
    std::sort(pieces.begin(), pieces.end());
    std::sort(whole.begin(), whole.end());
    INFO("round " << round << " cut " << cut);
    CHECK(pieces == whole);
  }
}
