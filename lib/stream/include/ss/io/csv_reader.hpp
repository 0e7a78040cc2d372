// RFC 4180 records from a whole file in memory: quoted fields may hold the
// separator, `""` and line breaks. The tables of ss-join and ss-window --attach.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ss {

class CsvReader {
 public:
  /// `name` is the file's name for messages; `data` and `name` must outlive the reader.
  CsvReader(std::string_view data, const std::string& name) : data_(data), name_(name) {
    if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  /// Next record into fields(); false at end of data. Empty lines are skipped. Throws
  /// ss::Error(data) naming the file and line for an unterminated quoted field or text
  /// after a closing quote.
  bool next();

  const std::vector<std::string_view>& fields() const { return fields_; }
  /// The line the current record starts on (1-based).
  uint64_t record_line() const { return record_line_; }

 private:
  std::string_view data_;
  const std::string& name_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 1;
  std::string scratch_;
  std::vector<std::pair<size_t, size_t>> bounds_;
  std::vector<std::string_view> fields_;
};

}  // namespace ss
