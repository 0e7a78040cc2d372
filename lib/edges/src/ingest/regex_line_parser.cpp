#include "ss/ingest/regex_line_parser.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"
#include "ss/expr/pcre2_failure.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

void RegexLineParser::CodeDeleter::operator()(pcre2_real_code_8* code) const noexcept { pcre2_code_free(code); }
void RegexLineParser::MatchDataDeleter::operator()(pcre2_real_match_data_8* data) const noexcept {
  pcre2_match_data_free(data);
}

RegexLineParser::RegexLineParser(const ParserOptions& options, std::string_view pattern, std::string_view format_name)
    : typed_(options.typed_numbers),
      require_time_(options.require_time),
      unmatched_(options.skip_unmatched ? ParseStatus::skip : ParseStatus::bad),
      times_(options, "auto"),
      pattern_(pattern),
      name_(format_name) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                            PCRE2_UTF | (options.multiline ? PCRE2_DOTALL : 0U), &error_code, &error_offset, nullptr));
  if (!code_) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof message);
    throw_usage(fmt::format("regex does not compile: {} at offset {} of \"{}\"", reinterpret_cast<const char*>(message),
                            error_offset, pattern));
  }
  // JIT makes matching several times faster; without it (a platform PCRE2 does not
  // support) the interpreter still gives the same answers.
  jit_ = pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE) == 0;
  match_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  if (!match_) throw std::bad_alloc();

  uint32_t name_count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMETABLE, &table);
  if (name_count == 0)
    throw_usage(fmt::format("regex \"{}\" has no named group (?<name>...) to make fields of", pattern));
  for (uint32_t i = 0; i < name_count; ++i) {
    const PCRE2_SPTR entry = table + static_cast<size_t>(i) * entry_size;
    const uint32_t group = (static_cast<uint32_t>(entry[0]) << 8) | entry[1];
    const std::string name(reinterpret_cast<const char*>(entry + 2));
    auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.name == name; });
    if (it == fields_.end()) fields_.push_back({name, {group}});
    else it->groups.push_back(group);
  }
  // The name table is sorted by name; events list fields in the order they appear.
  for (Field& f : fields_) std::sort(f.groups.begin(), f.groups.end());
  std::sort(fields_.begin(), fields_.end(), [](const Field& a, const Field& b) { return a.groups[0] < b.groups[0]; });
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == options.time_field) time_index_ = i;
  if (time_index_ == SIZE_MAX && options.require_time)
    throw_usage(fmt::format("regex \"{}\" has no group (?<{}>...) for the time field", pattern, options.time_field));
}

RegexLineParser::~RegexLineParser() = default;

ParseResult RegexLineParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (is_blank(line)) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  const auto subject = reinterpret_cast<PCRE2_SPTR>(line.data());
  // The line is valid UTF-8 by now: PCRE2 need not check it again.
  const int rc = jit_ ? pcre2_jit_match(code_.get(), subject, line.size(), 0, PCRE2_NO_UTF_CHECK, match_.get(), nullptr)
                      : pcre2_match(code_.get(), subject, line.size(), 0, PCRE2_NO_UTF_CHECK, match_.get(), nullptr);
  if (rc == PCRE2_ERROR_NOMATCH) return {unmatched_, kUnmatchedReason};
  if (rc < 0) {
    // A limit hit says nothing about whether the line matches: name it.
    failure_ = fmt::format("regex \"{}\" {}", pattern_, describe_pcre2_failure(rc));
    return {ParseStatus::bad, failure_};
  }
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_.get());

  auto value_of = [&](const Field& f, std::string_view& value) {
    for (const uint32_t g : f.groups) {
      if (g >= static_cast<uint32_t>(rc) || ovector[2 * g] == PCRE2_UNSET) continue;
      value = line.substr(ovector[2 * g], ovector[2 * g + 1] - ovector[2 * g]);
      return true;
    }
    return false;
  };

  std::optional<TimeUs> t;
  if (time_index_ != SIZE_MAX) {
    std::string_view text;
    if (value_of(fields_[time_index_], text)) {
      t = times_.from_text(text);
      if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(text)};
    } else if (require_time_) {
      return {ParseStatus::bad, times_.missing()};
    }
  }

  EventObject event(out, t);
  for (const Field& f : fields_) {
    if (t && f.name == "ts") continue;
    std::string_view value;
    if (!value_of(f, value)) continue;
    event.member(f.name);
    append_field_value(out, value, typed_);
  }
  event.close();
  return {ParseStatus::ok, {}};
}

}  // namespace ss
