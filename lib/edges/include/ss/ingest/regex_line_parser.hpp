// --format regex:PATTERN: a PCRE2 pattern (JIT-compiled) whose named groups become the
// fields of the event; for any log whose layout no built-in format knows.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace ss {

/// The pattern is searched for in the line (anchor it with `^…$` to match whole lines),
/// in UTF mode. Each named group is a field, in the order of the groups; a group that
/// took no part in the match is left out, and with a repeated name (`(?J)`) the first
/// group that matched counts. The group named options.time_field holds the time (default
/// format: RFC 3339 text or epoch number; a group named `ts` is replaced by the
/// normalised time, any other time group is kept as well). Output: `ts` first, then the
/// groups. Bad: `does not match the pattern` (skipped instead with
/// options.skip_unmatched), `no time field "…"` (the time group did
/// not take part), `unparseable time "…"`, `regex "…" hit PCRE2's match limit` (or
/// another of its limits: the line may match, but PCRE2 gave up).
class RegexLineParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) when the pattern does not compile (PCRE2's message and the
  /// offset where it stopped), has no named group, or lacks a group for the time field
  /// while a time is required; and for a bad time format or zone.
  /// `format_name` is the format's name: `regex`, or a built-in layout made of a pattern.
  RegexLineParser(const ParserOptions& options, std::string_view pattern, std::string_view format_name = "regex");
  ~RegexLineParser() override;

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return name_; }

 private:
  struct CodeDeleter {
    void operator()(pcre2_real_code_8* code) const noexcept;
  };
  struct MatchDataDeleter {
    void operator()(pcre2_real_match_data_8* data) const noexcept;
  };
  /// One output field: its name and the group numbers that carry it.
  struct Field {
    std::string name;
    std::vector<uint32_t> groups;
  };

  const bool typed_;
  const bool require_time_;
  const ParseStatus unmatched_;  ///< what a line the pattern does not match is
  std::unique_ptr<pcre2_real_code_8, CodeDeleter> code_;
  std::unique_ptr<pcre2_real_match_data_8, MatchDataDeleter> match_;
  bool jit_ = false;
  std::vector<Field> fields_;
  size_t time_index_ = SIZE_MAX;  ///< index of the time field in fields_
  EventTimeReader times_;
  std::string utf8_scratch_;
  std::string pattern_;  ///< for messages
  std::string_view name_;
  std::string failure_;  ///< the reason of the last line PCRE2 failed on
};

}  // namespace ss
