// Rows fed into a TopModel one line at a time, read by report's RowReader as ss-top
// reads them (ends required, totals refused).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ss/io/line_splitter.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/report/row_reader.hpp"
#include "ss/top/top_input_row.hpp"
#include "ss/top/top_model.hpp"

namespace ss::test {

class RowFeed {
 public:
  /// `key`: the --key fields (empty: detected from the first row).
  explicit RowFeed(const std::vector<std::string>& key = {}) : options_(make_options(key)) {
    reader_.require_end();
    reader_.refuse_totals();
  }

  /// Reads `text` as the next line; a row goes into `row`. Returns "" for a row, else
  /// the bad line's message (`<test>:N: reason`), or "not a row" for a control record.
  std::string read(const std::string& text, TopInputRow& row) {
    buffer_ = text;
    buffer_.append(kLinePadding, ' ');  // what LineReader leaves after each line
    const Line line{std::string_view(buffer_.data(), text.size()), "<test>", ++number_};
    const uint64_t bad = diagnostics_.bad_lines();
    if (reader_.take(line)) {
      read_top_row(reader_, row);
      return "";
    }
    return diagnostics_.bad_lines() != bad ? reader_.last_bad_line() : "not a row";
  }

  /// Reads `text` into `model` when it is a row; returns what read() returns.
  std::string feed(TopModel& model, const std::string& text) {
    TopInputRow row;
    std::string result = read(text, row);
    if (result.empty()) model.add(row);
    return result;
  }

  const RowReader& reader() const { return reader_; }

 private:
  static StreamOptions make_options(const std::vector<std::string>& key) {
    StreamOptions options;
    for (const std::string& field : key) options.key.emplace_back(field);
    return options;
  }

  StreamOptions options_;
  Diagnostics diagnostics_{"", "", false};
  RowReader reader_{options_, diagnostics_};
  std::string buffer_;
  uint64_t number_ = 0;
};

}  // namespace ss::test
