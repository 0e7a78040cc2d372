#include "ss/detect/detect_operator.hpp"

#include "detect_test_support.hpp"
#include "ss/base/error.hpp"
#include "support/replay.hpp"

using namespace ss;
using namespace ss::detect_test;

namespace {

/// 600 payments and their late fraud labels, a little out of order, with spikes: every
/// model has something to learn, flag, buffer and expire.
std::string mixed_input() {
  std::string out;
  for (int i = 0; i < 600; ++i) {
    const int second = i * 3 - (i % 4 == 1 ? 2 : 0) - (i % 9 == 4 ? 5 : 0);
    const bool fraud = i % 7 == 0;
    const bool spike = i % 53 == 0;
    const double v = 100 + (i * 7919) % 21 - 10 + (spike ? 400 : 0);
    out += "{\"ts\":" + std::to_string(1'700'000'000 + second) + ",\"k\":\"k" + std::to_string(i % 5) +
           "\",\"v\":" + std::to_string(v) + ",\"x\":" + std::to_string((i % 2) * 50 + (i * 31) % 7) +
           ",\"y\":" + std::to_string(spike ? 300 : (i * 17) % 9) + ",\"tx\":\"t" + std::to_string(i) +
           "\",\"country\":\"" + (fraud ? "XX" : "DE") + "\"}\n";
    if (i >= 20 && (i - 20) % 3 != 2)  // two thirds of the labels come, 20 events late
      out += "{\"ts\":" + std::to_string(1'700'000'000 + second) + ",\"tx\":\"t" + std::to_string(i - 20) +
             "\",\"fraud\":" + ((i - 20) % 7 == 0 ? "true" : "false") + "}\n";
  }
  return out;
}

const std::vector<std::vector<std::string>> kModels = {
    {"--model", "ewma", "--field", "v", "--key", "k", "--half-life", "5m", "--ttl", "40s", "--max-keys", "4"},
    {"--model", "kmeans", "--features", "x,y", "--k", "3", "--batch", "25", "--half-life", "10m"},
    {"--model", "logreg", "--features", "country,x", "--label", "fraud", "--id", "tx", "--label-delay", "50s", "--l1",
     "0.1"},
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("detect run in pieces with --state writes the bytes of one whole run, for every model", "[detect]") {
  const std::string input = mixed_input();
  const std::vector<std::string> all = lines_of(input, true);
  for (const auto& model : kModels) {
    TempDir dir;
    // Every piece runs as the whole run does, without --flush.
    const ss::test::RunOnce run_piece = [&](const ss::test::ReplayPiece& piece) {
      std::vector<std::string> args = model;
      if (!piece.state_dir.empty()) args.insert(args.end(), {"--state", piece.state_dir});
      return run(dir, args, piece.input);
    };
    const std::string whole = ss::test::run_whole(run_piece, all);
    REQUIRE(lines_of(whole).size() > 500);
    for (const size_t cut : {1, 2, 24, 25, 26, 101, 333, 500, 777, 900}) {
      for (const size_t second_cut : {cut + 1, cut + 57}) {
        if (second_cut >= all.size()) continue;
        const fs::path state = dir.path() / ("state-" + std::to_string(cut) + "-" + std::to_string(second_cut));
        const std::string pieces = ss::test::run_in_pieces(run_piece, all, {cut, second_cut}, state.string());
        INFO(model[1] << " cut at " << cut << " and " << second_cut);
        CHECK(joined(lines_of(pieces)) == whole);
      }
    }
  }
}

TEST_CASE("detect --export then --model-in --freeze scores as the model stood at the end", "[detect]") {
  const std::string input = mixed_input();
  const std::vector<std::string> all = lines_of(input);
  const std::string first_half = joined({all.begin(), all.begin() + 400});
  const std::string second_half = joined({all.begin() + 400, all.end()});
  for (const auto& model : {kModels[0], kModels[2]}) {
    // ewma and logreg change their model with every event (kmeans only per batch), so a
    // frozen model scores the second half differently from a learning one.
    TempDir dir;
    const std::string file = (dir.path() / "model.json").string();
    std::vector<std::string> train = model;
    train.insert(train.end(), {"--export", file});
    run(dir, train, first_half);
    std::vector<std::string> frozen = model;
    frozen.insert(frozen.end(), {"--model-in", file, "--freeze"});
    const std::string a = run(dir, frozen, second_half);
    const std::string b = run(dir, frozen, second_half);
    CHECK(a == b);
    // Learning on from the exported model, the second half's first event scores as frozen.
    std::vector<std::string> resumed = model;
    resumed.insert(resumed.end(), {"--model-in", file});
    const std::string learning = run(dir, resumed, second_half);
    CHECK(lines_of(learning).front() == lines_of(a).front());
    CHECK(learning != a);
    // The export of an import is the same file.
    const std::string again = (dir.path() / "again.json").string();
    std::vector<std::string> reexport = model;
    reexport.insert(reexport.end(), {"--model-in", file, "--freeze", "--export", again});
    run(dir, reexport, "");
    CHECK(read_file(again) == read_file(file));
  }
}

TEST_CASE("detect --model-in refuses a model of another kind or structure", "[detect]") {
  TempDir dir;
  const std::string file = (dir.path() / "model.json").string();
  std::vector<std::string> train = kModels[0];
  train.insert(train.end(), {"--export", file});
  run(dir, train, mixed_input());
  CHECK_THROWS_MATCHES(
      DetectOperator(
          parse_options({"--model", "ewma", "--field", "x", "--key", "k", "--half-life", "1m", "--model-in", file})),
      Error, Catch::Matchers::Predicate<Error>([](const Error& e) {
        return e.kind() == ErrorKind::state && std::string(e.what()).find("made for") != std::string::npos;
      }));
  CHECK_THROWS_MATCHES(DetectOperator(parse_options({"--model", "kmeans", "--features", "x,y", "--k", "3",
                                                     "--half-life", "1m", "--model-in", file})),
                       Error, Catch::Matchers::Predicate<Error>([](const Error& e) {
                         return e.kind() == ErrorKind::state &&
                                std::string(e.what()).find("holds a ewma model") != std::string::npos;
                       }));
  write_file(dir.path() / "junk.json", "{\"model\":\"ewma\"}");
  CHECK_THROWS_AS(DetectOperator(parse_options({"--model", "ewma", "--field", "v", "--half-life", "1m", "--model-in",
                                                (dir.path() / "junk.json").string()})),
                  Error);
}

TEST_CASE("detect splices score and anomaly into each event and keeps only anomalies on request", "[detect]") {
  TempDir dir;
  const std::string input = mixed_input();
  const auto out = lines_of(run(dir, kModels[1], input));
  size_t flagged = 0;
  for (const auto& line : out) {
    if (line.find("\"fraud\":") != std::string::npos) {
      CHECK(line.find("\"score\"") == std::string::npos);  // kmeans skips lines without x,y
      continue;
    }
    CHECK(line.find(",\"score\":") != std::string::npos);
    if (line.find("\"anomaly\":true") != std::string::npos) ++flagged;
  }
  CHECK(out[0].find("\"score\":null,\"anomaly\":false}") != std::string::npos);
  CHECK(out[out.size() - 2].find(",\"cluster\":") != std::string::npos);  // the last line is a label
  std::vector<std::string> only = kModels[1];
  only.push_back("--only-anomalies");
  const auto anomalies = lines_of(run(dir, only, input));
  CHECK(flagged > 0);
  CHECK(anomalies.size() == flagged);
}
