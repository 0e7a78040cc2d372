// --format apache and nginx with --log-format: access logs read by the server's own
// format line, compiled once (LogFormat) and applied step by step, without a regex.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/ingest/log_format.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// Reads each line by the steps of options.log_format: a literal must be there as
/// written; an unquoted field runs to the literal after it (an address field also over
/// `a, b` lists); a quoted field runs to its closing quote, skipping `\"`, or is a bare
/// `-`, and the last field of the format may lose its closing quote (a line cut short).
/// The line must end where the format does. Output: `ts` first, then the fields in the
/// format's order, named as --format combined names them where the meaning is the same
/// (LogFormat). A field that is `-` is left out, except a request; numbers are JSON
/// numbers; a request that is `METHOD PATH HTTP/x` gives method, path and protocol, as
/// combined does. nginx's upstream times (`0.010, 0.002 : 0.001`) give their sum in
/// seconds, and the list as written in `<name>_list` when it has more than one. So the
/// combined directives give byte for byte what --format combined gives for the lines
/// both read. Bad: the first step that does not fit, as `expected …` naming the field
/// and its directive, or `unparseable time "…"`.
class LogFormatParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a format that does not compile, or a bad time format or
  /// zone.
  LogFormatParser(const ParserOptions& options, LogFormatDialect dialect);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override {
    return format_.dialect() == LogFormatDialect::apache ? "apache" : "nginx";
  }

 private:
  /// Splits `line` into values_ by the steps; the reason of the step that does not fit.
  std::string_view split(std::string_view line);
  /// Appends the member(s) of one field; false (with reason_) when its value does not fit
  /// its type.
  bool append_field(const LogFormatStep& step, size_t index, std::string_view value, std::string& out,
                    EventObject& event);

  const LogFormat format_;
  const bool require_time_;
  const bool clf_;  ///< the time is CLF text: the fast CLF reader applies
  EventTimeReader times_;
  std::vector<std::string> keys_;         ///< `"name":` of each field, in steps_ order
  std::vector<std::string> list_keys_;    ///< `"name_list":` of each field
  std::vector<std::string_view> values_;  ///< each step's text on the last line
  /// An unquoted field whose end is found by more than one space: its value must hold
  /// no space (a user name may), so that no field takes in a word too many.
  std::vector<bool> may_span_words_;
  size_t time_spaces_ = 0;  ///< spaces inside the time's text, by its format
  std::string end_expectation_;
  std::string utf8_scratch_;
  std::string reason_;
};

}  // namespace ss
