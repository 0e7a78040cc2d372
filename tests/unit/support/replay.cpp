#include "support/replay.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

namespace ss::test {

std::string run_whole(const RunOnce& run, const std::vector<std::string>& lines) {
  ReplayPiece piece;
  piece.input = joined(lines);
  return run(piece);
}

std::string run_in_pieces(const RunOnce& run, const std::vector<std::string>& lines, const std::vector<size_t>& cuts,
                          const std::string& state_dir) {
  REQUIRE(std::is_sorted(cuts.begin(), cuts.end()));
  REQUIRE((cuts.empty() || cuts.back() <= lines.size()));
  std::string out;
  for (size_t i = 0; i <= cuts.size(); ++i) {
    ReplayPiece piece;
    piece.input = joined(lines, i == 0 ? 0 : cuts[i - 1], i == cuts.size() ? lines.size() : cuts[i]);
    piece.state_dir = state_dir;
    piece.last = i == cuts.size();
    piece.index = i;
    out += run(piece);
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < std::min(to, lines.size()); ++i) {
    out += lines[i];
    out.push_back('\n');
  }
  return out;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::string without_control_records(std::string_view text) {
  std::string out;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("{\"_ss\":", 0) == 0) continue;
    out += line;
    out.push_back('\n');
  }
  return out;
}

}  // namespace ss::test
