// ss-bench-flatscan: FlatObject::scan alone over every line of an NDJSON file, held in
// memory with the padding the tools give a line, for bench/parse. The scan is a chain
// of dependent steps that the rest of a tool's work partly hides; measured alone, a
// change to it shows through a host's noise.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/flat_object.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Time FlatObject::scan over every line of an NDJSON file, best of several passes", "ss-bench-flatscan"};
  std::string path;
  int passes = 7;
  app.add_option("file", path, "NDJSON file, read into memory")->required()->check(CLI::ExistingFile);
  app.add_option("--passes", passes, "passes over the lines; the fastest is printed")->check(CLI::Range(1, 1000));
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.append(64, ' ');  // the padding every line of the tools has after it
  std::vector<std::string_view> lines;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos && end + 64 <= text.size();
       start = end + 1)
    lines.emplace_back(text.data() + start, end - start);

  ss::FlatObject flat;
  size_t accepted = 0;
  double best = 1e300;
  for (int pass = 0; pass < passes; ++pass) {
    accepted = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::string_view line : lines) accepted += flat.scan(line) ? 1 : 0;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("%zu lines (%zu flat), %.1f bytes a line: best of %d passes %.1f ms, %.1f ns a line\n", lines.size(),
              accepted, lines.empty() ? 0.0 : static_cast<double>(text.size() - 64) / static_cast<double>(lines.size()),
              passes, best * 1e3, lines.empty() ? 0.0 : best * 1e9 / static_cast<double>(lines.size()));
  return 0;
}
