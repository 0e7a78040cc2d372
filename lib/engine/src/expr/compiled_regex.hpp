// A PCRE2 pattern compiled once (JIT when the platform has it), with its match data:
// `=~`/`!~` ask whether it matches, regex_extract() for the capture groups of a match.
#pragma once

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <optional>
#include <string>
#include <string_view>

namespace ss::expr {

class CompiledRegex {
 public:
  /// Compiles `pattern` (UTF-8; invalid UTF-8 in subjects never matches). Throws
  /// CompileError with PCRE2's message and the offset.
  explicit CompiledRegex(std::string_view pattern);
  ~CompiledRegex();
  CompiledRegex(const CompiledRegex&) = delete;
  CompiledRegex& operator=(const CompiledRegex&) = delete;

  const std::string& pattern() const noexcept { return pattern_; }
  /// Number of capture groups (not counting group 0, the whole match).
  uint32_t groups() const noexcept { return groups_; }
  /// The number of the group named `name`, or nullopt when there is none.
  std::optional<uint32_t> group_number(std::string_view name) const;

  /// Matches `subject` once; PCRE2's result: >= 0 a match, PCRE2_ERROR_NOMATCH none,
  /// any other negative value a limit hit (the subject cannot be judged).
  int match(std::string_view subject) {
    const auto* bytes = reinterpret_cast<PCRE2_SPTR>(subject.data());
    // pcre2_jit_match skips the option checks pcre2_match makes before it hands over to
    // the same JIT code; invalid UTF-8 is safe, the pattern was compiled for it.
    return jit_ ? pcre2_jit_match(code_, bytes, subject.size(), 0, 0, match_, nullptr)
                : pcre2_match(code_, bytes, subject.size(), 0, 0, match_, nullptr);
  }

  /// The text of group `group` of the first match in `subject` (a view into it);
  /// nullopt when nothing matches, the group took no part in the match, or the match
  /// gave up (PCRE2's match limit: then `*failure`, when given, is PCRE2's code, else 0).
  std::optional<std::string_view> capture(std::string_view subject, uint32_t group, int* failure = nullptr);

 private:
  std::string pattern_;
  pcre2_code* code_ = nullptr;
  pcre2_match_data* match_ = nullptr;
  uint32_t groups_ = 0;
  bool jit_ = false;
};

}  // namespace ss::expr
