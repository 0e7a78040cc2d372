// --format csv and tsv: RFC 4180 rows with a header row or given column names, written
// as one JSON object per row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// Fields are separated by `,` (csv) or a tab (tsv). A field that starts with `"` is
/// quoted: it ends at the next lone `"`, a doubled `""` stands for one quote, and the
/// separator and `\r` may occur inside. Because the caller splits input at `\n`, a quoted
/// field can never hold a line break: such a row arrives cut in two and its first part is
/// bad with `unterminated quoted field`. A `"` inside an unquoted field is kept as is.
///
/// The header row (the first line parsed, unless columns are given) returns skip; its
/// names label the fields (a UTF-8 BOM before it is dropped; a repeated name gets `_2`,
/// `_3`, ...). Output: `ts` first, then every column in order; a column named `ts` is
/// dropped for the normalised one. A row with another number of fields is bad.
class CsvLineParser final : public LineParser {
 public:
  /// `separator` is ',' or '\t'. Throws ss::Error(usage) for a bad time format or zone.
  CsvLineParser(const ParserOptions& options, char separator);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return separator_ == '\t' ? "tsv" : "csv"; }

 private:
  /// Splits `line` into fields_ (views into the line or into unquoted_); false on a bad
  /// quoted field, with reason_ set.
  bool split(std::string_view line);
  void set_header();

  const char separator_;
  const bool typed_;
  const bool require_time_;
  const std::string time_field_;
  EventTimeReader times_;

  std::vector<std::string> names_;  ///< column names, empty until the header is read
  size_t time_column_ = SIZE_MAX;   ///< index of time_field_ in names_
  size_t ts_column_ = SIZE_MAX;     ///< index of a column named `ts`
  std::vector<std::string_view> fields_;
  std::string unquoted_;  ///< quoted fields with their `""` undone
  std::string utf8_scratch_;
  std::string reason_;
};

}  // namespace ss
