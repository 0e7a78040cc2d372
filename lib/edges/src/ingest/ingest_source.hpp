// One input of ss-ingest as the runner reads it: the reader that follows the file, the
// parser of its format, the lines held while the format is sniffed, the assembler of
// records that span lines, and which saved position it advances.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ss/ingest/follow_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/record_assembler.hpp"
#include "ss/ingest/year_inference.hpp"

namespace ss {

/// Where a line read goes: decided once, when the format of the open file is known (or
/// is to be sniffed), not again for every line.
enum class LineRoute {
  whole,     ///< one line, one record: straight to the parser
  assemble,  ///< to the record assembler (stack traces, CSV quoted line breaks)
  hold,      ///< held back until --format auto has seen enough lines to decide
};

/// A line held while the format is sniffed.
struct HeldLine {
  std::string text;
  uint64_t number = 0;
  uint64_t end_offset = 0;
  bool too_long = false;
};

struct IngestSource {
  /// No entry in the read positions (stdin, a pipe).
  static constexpr size_t kNoEntry = SIZE_MAX;

  std::unique_ptr<FollowReader> reader;
  std::unique_ptr<LineParser> parser;
  LineRoute route = LineRoute::whole;
  std::string format;                 ///< resolved format of the open file
  std::optional<std::string> header;  ///< csv/tsv header row of the open file
  bool capture_header = false;        ///< the next line parsed is the header row
  YearInference* years = nullptr;     ///< the parser's, for times without a year
  std::vector<HeldLine> held;         ///< lines read while the route is `hold`
  size_t held_lines = 0;              ///< of the held lines: those that are not trace lines (what sniffing looks at)
  std::unique_ptr<RecordAssembler> assembler;  ///< records of several lines; null: one line, one record
  std::optional<std::chrono::steady_clock::time_point> idle_since;  ///< a record is pending, no line came since
  size_t entry = kNoEntry;                                          ///< index in the read positions of the open file
  bool predecessor = false;     ///< a rotated file found by inode, read before its input
  size_t continues = kNoEntry;  ///< index in the read positions of a saved file whose content this one continues
  bool year_told = false;       ///< the year given to year-less times was said on stderr
  uint64_t last_offset = 0;     ///< offset after the last line seen (for byte counts)
  bool ended = false;
};

}  // namespace ss
