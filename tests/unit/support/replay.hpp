// The replay property every stateful operator keeps: a run cut into pieces at line
// boundaries, each piece a run of its own with --state DIR (the last with --flush),
// writes the events of one uninterrupted run, byte for byte. The harness cuts and runs;
// each test says how its tool runs once and what it compares.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ss::test {

/// One run of a tool over one piece of the input.
struct ReplayPiece {
  std::string input;      ///< the piece's lines, each ending in '\n'
  std::string state_dir;  ///< --state; empty for the uninterrupted run
  bool last = false;      ///< the last piece of a cut run: --flush
  size_t index = 0;       ///< 0 for the first piece
};

/// Runs the tool once, as one process would, and returns what it wrote to stdout.
using RunOnce = std::function<std::string(const ReplayPiece& piece)>;

/// The output of one run over all of `lines`, without --state.
std::string run_whole(const RunOnce& run, const std::vector<std::string>& lines);

/// The outputs, one after the other, of runs over `lines` cut before each line index in
/// `cuts` (sorted, each at most lines.size(); a repeated cut or one at either end makes
/// an empty piece, which runs too), every run with --state `state_dir`.
std::string run_in_pieces(const RunOnce& run, const std::vector<std::string>& lines, const std::vector<size_t>& cuts,
                          const std::string& state_dir);

/// `lines[from, to)`, each followed by '\n'.
std::string joined(const std::vector<std::string>& lines, size_t from = 0, size_t to = static_cast<size_t>(-1));

/// The lines of `text` (without their '\n'); a last line without one counts too.
std::vector<std::string> lines_of(std::string_view text);

/// `text` without its control records (lines that start `{"_ss":`): what a run in pieces
/// adds is checkpoint barriers and watermarks, never events.
std::string without_control_records(std::string_view text);

}  // namespace ss::test
