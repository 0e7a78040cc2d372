// Helpers shared by the ss-detect unit tests: options from argv, events from JSON text,
// and whole runs of run_detect() over files in a temporary directory.
#pragma once

#include <stdlib.h>
#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ss/detect/detect_options.hpp"
#include "ss/detect/run_detect.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/op/operator.hpp"
#include "support/temp_dir.hpp"

namespace ss::detect_test {

namespace fs = std::filesystem;

inline constexpr TimeUs kSecond = 1000000;

using ss::test::TempDir;

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline DetectOptions parse_options(std::vector<std::string> args) {
  CLI::App app;
  DetectOptions options;
  DetectFlagText text;
  add_detect_flags(app, options, text);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  finish_detect_options(text, options);
  return options;
}

/// Runs ss-detect with `args` over `input` (written to a file in `dir`); returns stdout.
inline std::string run(const TempDir& dir, std::vector<std::string> args, const std::string& input) {
  static int n = 0;
  const fs::path in = dir.path() / ("in" + std::to_string(++n));
  const fs::path out_path = dir.path() / ("out" + std::to_string(n));
  write_file(in, input);
  args.push_back(in.string());
  args.push_back("--no-progress");
  const DetectOptions options = parse_options(args);
  {
    OutputBuffer out = OutputBuffer::open_file(out_path.string(), false);
    REQUIRE(run_detect(options, out) == 0);
  }
  return read_file(out_path);
}

inline std::vector<std::string> lines_of(const std::string& text, bool with_control = false) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line))
    if (with_control || line.rfind("{\"_ss\":", 0) != 0) lines.push_back(line);
  return lines;
}

/// One event for a model's on_event(): parses `json` and keeps the parser alive.
class TestEvent {
 public:
  TestEvent(std::string json, TimeUs time, std::string key = "", uint64_t seq = 0)
      : json_(std::move(json)), key_(std::move(key)) {
    REQUIRE(parser_.parse(json_) == ParseOutcome::ok);
    event_.raw = json_;
    event_.time = time;
    event_.seq = seq;
    event_.key = key_;
    event_.fields = &parser_;
  }
  const Event& operator*() const { return event_; }

 private:
  std::string json_;
  std::string key_;
  EventParser parser_;
  Event event_{};
};

}  // namespace ss::detect_test
