#include "ss/ingest/continuation_rule.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

#include <new>

#include "ss/base/error.hpp"

namespace ss {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

size_t indent_of(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/// A Java or Python exception line: a (dotted) class name alone or followed by `:`,
/// e.g. `java.lang.IllegalStateException: boom`. `dotted` asks for at least one dot.
bool is_exception_line(std::string_view line, bool dotted) {
  size_t i = 0;
  size_t dots = 0;
  for (;;) {
    if (i == line.size() || !(is_word_char(line[i]) && !(line[i] >= '0' && line[i] <= '9'))) return false;
    while (i < line.size() && is_word_char(line[i])) ++i;
    if (i < line.size() && line[i] == '.') {
      ++dots;
      ++i;
      continue;
    }
    break;
  }
  if (dotted && dots == 0) return false;
  return i == line.size() || line[i] == ':';
}

/// `at frame`, `... 5 more`, `... 12 common frames omitted` after an indent.
bool is_java_frame(std::string_view line) {
  const size_t indent = indent_of(line);
  if (indent == 0) return false;
  const std::string_view rest = line.substr(indent);
  if (starts_with(rest, "at ")) return true;
  return starts_with(rest, "... ") && rest.size() > 4 && rest[4] >= '0' && rest[4] <= '9';
}

bool is_java_cause(std::string_view line) {
  const std::string_view rest = line.substr(indent_of(line));
  return starts_with(rest, "Caused by: ") || starts_with(rest, "Suppressed: ") || starts_with(rest, "Wrapped by: ");
}

constexpr std::string_view kTraceback = "Traceback (most recent call last):";

bool is_python_chain(std::string_view line) {
  return line == "During handling of the above exception, another exception occurred:" ||
         line == "The above exception was the direct cause of the following exception:";
}

}  // namespace

void ContinuationRule::CodeDeleter::operator()(pcre2_real_code_8* code) const noexcept { pcre2_code_free(code); }
void ContinuationRule::MatchDataDeleter::operator()(pcre2_real_match_data_8* data) const noexcept {
  pcre2_match_data_free(data);
}

ContinuationRule::ContinuationRule(bool java, bool python, std::string_view pattern) : java_(java), python_(python) {
  if (pattern.empty()) return;
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF, &error_code,
                            &error_offset, nullptr));
  if (!code_) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof message);
    throw_usage(fmt::format("--multiline-pattern: regex does not compile: {} at offset {} of \"{}\"",
                            reinterpret_cast<const char*>(message), error_offset, pattern));
  }
  pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);
  match_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  if (!match_) throw std::bad_alloc();
}

ContinuationRule::~ContinuationRule() = default;
ContinuationRule::ContinuationRule(ContinuationRule&&) noexcept = default;
ContinuationRule& ContinuationRule::operator=(ContinuationRule&&) noexcept = default;

void ContinuationRule::start(std::string_view line) {
  lines_ = 1;
  traceback_ = python_ && line == kTraceback;
}

bool ContinuationRule::continues(std::string_view line) {
  bool yes = false;
  if (java_) {
    // The exception line comes right after the log line; after that, frames and causes.
    yes = is_java_frame(line) || is_java_cause(line) || (lines_ == 1 && is_exception_line(line, true));
  }
  if (!yes && python_) {
    if (line == kTraceback) {
      yes = traceback_ = true;
    } else {
      // Inside a traceback: its indented lines, the chain sentences, and the exception
      // line that ends it.
      yes = indent_of(line) > 0 || is_python_chain(line);
      if (!yes && traceback_ && is_exception_line(line, false)) yes = !(traceback_ = false);
    }
  }
  if (!yes && code_) {
    yes = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(line.data()), line.size(), 0, 0, match_.get(),
                      nullptr) >= 0;
  }
  if (yes) ++lines_;
  return yes;
}

bool ContinuationRule::is_trace_line(std::string_view line) {
  return indent_of(line) > 0 || is_java_cause(line) || is_exception_line(line, false) || line == kTraceback ||
         is_python_chain(line);
}

}  // namespace ss
