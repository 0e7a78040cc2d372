#include "compiled_regex.hpp"

#include "node.hpp"

namespace ss::expr {

CompiledRegex::CompiledRegex(std::string_view pattern) : pattern_(pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern_.data()), pattern_.size(),
                        PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr);
  if (code_ == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw CompileError{"bad regular expression /" + pattern_ + "/ at offset " + std::to_string(offset) + ": " +
                       reinterpret_cast<const char*>(message)};
  }
  // Without JIT (some platforms) pcre2_match interprets the pattern instead.
  jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
  pcre2_pattern_info(code_, PCRE2_INFO_CAPTURECOUNT, &groups_);
  match_ = pcre2_match_data_create_from_pattern(code_, nullptr);
}

CompiledRegex::~CompiledRegex() {
  pcre2_match_data_free(match_);
  pcre2_code_free(code_);
}

std::optional<uint32_t> CompiledRegex::group_number(std::string_view name) const {
  const std::string terminated(name);
  const int n = pcre2_substring_number_from_name(code_, reinterpret_cast<PCRE2_SPTR>(terminated.c_str()));
  if (n < 0) return std::nullopt;
  return static_cast<uint32_t>(n);
}

std::optional<std::string_view> CompiledRegex::capture(std::string_view subject, uint32_t group, int* failure) {
  if (failure != nullptr) *failure = 0;
  if (group > groups_) return std::nullopt;
  const int rc = match(subject);
  // No match, and also a match that gave up (match or depth limit): NULL rather than a
  // wrong capture; the caller learns of the second through `failure`.
  if (rc < 0) {
    if (rc != PCRE2_ERROR_NOMATCH && failure != nullptr) *failure = rc;
    return std::nullopt;
  }
  if (static_cast<uint32_t>(rc) <= group) return std::nullopt;  // a group after the last one that took part
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_);
  if (ovector[2 * group] == PCRE2_UNSET) return std::nullopt;
  return subject.substr(ovector[2 * group], ovector[2 * group + 1] - ovector[2 * group]);
}

}  // namespace ss::expr
