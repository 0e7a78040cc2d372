// Which lines continue the record before them rather than start one: the lines of a
// Java stack trace (`\tat ...`, `Caused by: ...`, `... 5 more`, the exception line right
// after the log line), of a Python traceback, or lines a user's pattern matches. The
// rule sees one record's lines in order: start() with its first, then continues() with
// each next line until one does not continue it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace ss {

class ContinuationRule {
 public:
  /// `java` and `python` choose the built-in rules; a non-empty `pattern` (PCRE2) adds
  /// "a line it matches continues the record". Throws ss::Error(usage) when the pattern
  /// does not compile.
  ContinuationRule(bool java, bool python, std::string_view pattern);
  ~ContinuationRule();
  ContinuationRule(ContinuationRule&&) noexcept;
  ContinuationRule& operator=(ContinuationRule&&) noexcept;

  /// A record starts with `line`.
  void start(std::string_view line);
  /// Whether `line` continues the record started last (it then becomes its last line).
  bool continues(std::string_view line);

  /// Whether `line` looks like a line of a trace (indented, a cause, an exception line
  /// such as `java.lang.IllegalStateException: boom`), whatever came before it: for
  /// format sniffing, which must not count trace lines against a format.
  static bool is_trace_line(std::string_view line);

 private:
  struct CodeDeleter {
    void operator()(pcre2_real_code_8* code) const noexcept;
  };
  struct MatchDataDeleter {
    void operator()(pcre2_real_match_data_8* data) const noexcept;
  };

  bool java_ = false;
  bool python_ = false;
  std::unique_ptr<pcre2_real_code_8, CodeDeleter> code_;
  std::unique_ptr<pcre2_real_match_data_8, MatchDataDeleter> match_;
  size_t lines_ = 0;        ///< lines of the current record so far
  bool traceback_ = false;  ///< python: the record holds a `Traceback (...)` line
};

}  // namespace ss
