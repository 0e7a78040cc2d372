// Joins the lines of one record that spans several: a Java or Python stack trace after
// its log line (a ContinuationRule decides), or a CSV record whose quoted field holds
// line breaks (RFC 4180: the record goes on while a quote is open). Lines are pushed in
// order; completed records come out in order, joined with `\n`, numbered by their first
// line and ending where their last line ends, so a saved position taken after a record
// is always at a record boundary.
//
// A record is bounded by max_lines and max_bytes. A trace over the bound is cut: what
// was joined is a record, marked cut, and the lines after it start a record of their
// own. A CSV record whose quote is still open at the bound, or at the end of the input,
// is a bad record of its first line alone, and reading goes on at the line after it: an
// unclosed quote costs one line, not the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ss/ingest/continuation_rule.hpp"
#include "ss/io/line_splitter.hpp"

namespace ss {

enum class RecordCut {
  none,
  bound,     ///< a trace over the bound: the record holds its first lines only
  unclosed,  ///< csv: a quote not closed within the bound or by the end: the first line alone, bad
};

struct Record {
  /// The record: text joined with `\n` (followed by kLinePadding readable bytes), the
  /// number of its first line, and the offset just past its last line.
  Line line;
  uint64_t last_number = 0;  ///< number of its last line
  size_t lines = 1;          ///< lines joined (empty lines between them not counted)
  RecordCut cut = RecordCut::none;
};

struct AssemblerOptions {
  std::optional<ContinuationRule> rule;  ///< lines that continue a record (traces); none: not used
  char csv_separator = 0;                ///< nonzero: csv quoting decides
  size_t max_lines = 1000;
  size_t max_bytes = kDefaultMaxLineBytes;
};

class RecordAssembler {
 public:
  explicit RecordAssembler(AssemblerOptions options);

  /// Takes the next line of the input. Records it completes are then had from next().
  void push(const Line& line);
  /// The input ended: the pending record is complete (csv: an open quote is unclosed).
  void finish();
  /// The next completed record; valid until the next call of any member.
  bool next(Record& record);
  /// A record is pending: lines were taken that no record handed out holds yet.
  bool pending() const { return !parts_.empty(); }

 private:
  struct Part {
    size_t start = 0;  ///< in pending_
    size_t size = 0;
    uint64_t number = 0;
    uint64_t end_offset = 0;
  };
  struct Ready {
    std::string text;  ///< owned text, unless `borrowed`
    std::string_view borrowed;
    uint64_t number = 0, last_number = 0, end_offset = 0;
    size_t lines = 1;
    RecordCut cut = RecordCut::none;
    bool too_long = false;
  };

  void take(const Line& line, bool may_borrow);
  void start(const Line& line);
  void append(const Line& line);
  /// Hands out the pending record whole (or cut).
  void complete(RecordCut cut);
  /// csv: hands out the pending record's first line as unclosed and takes its other lines
  /// again, from a fresh start.
  void unclose();
  /// csv: follows the quotes of `text` from the state left by the text before it.
  void scan_quotes(std::string_view text);

  AssemblerOptions options_;
  std::string_view source_;
  std::string pending_;
  std::vector<Part> parts_;
  bool quote_open_ = false;  ///< csv: inside a quoted field
  bool field_start_ = true;  ///< csv: the next character starts a field
  std::deque<Ready> ready_;
  Ready current_;      ///< the record next() handed out last
  std::string spare_;  ///< a buffer to take pending_'s place: records do not allocate
};

}  // namespace ss
