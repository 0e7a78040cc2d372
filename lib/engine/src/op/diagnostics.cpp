#include "ss/op/diagnostics.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

void append_json_string_lossless(std::string& out, std::string_view raw) {
  if (simdjson::validate_utf8(raw.data(), raw.size())) {
    append_json_string(out, raw);
    return;
  }
  // Escape every byte >= 0x80 on its own: readable, reversible, always valid.
  out.push_back('"');
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      std::string one;
      append_json_string(one, std::string_view(&ch, 1));
      out.append(one, 1, one.size() - 2);
    }
  }
  out.push_back('"');
}

Diagnostics::Diagnostics(const std::string& bad_lines_file, const std::string& late_file, bool strict)
    : strict_(strict) {
  if (!bad_lines_file.empty())
    bad_file_ = std::make_unique<OutputBuffer>(OutputBuffer::open_file(bad_lines_file, false));
  if (!late_file.empty()) late_file_ = std::make_unique<OutputBuffer>(OutputBuffer::open_file(late_file, false));
}

void Diagnostics::bad_line(std::string_view source, uint64_t line, std::string_view reason, std::string_view raw,
                           std::string_view shown) {
  ++bad_lines_;
  // Line 0: the source names the record itself (a Kafka message at its offset).
  const std::string where = line == 0 ? std::string(source) : fmt::format("{}:{}", source, line);
  if (strict_) throw_data(fmt::format("{}: {}{} (--strict)", where, reason, shown));
  if (show_bad_lines_ && bad_lines_ <= kShownBadLines) {
    fmt::print(stderr, "{}: {}: {}{}\n", tool_name(), where, reason, shown);
    if (bad_lines_ == kShownBadLines && !bad_file_)
      fmt::print(stderr, "{}: further bad lines are counted, not shown (--bad-lines FILE keeps them all)\n",
                 tool_name());
  }
  if (bad_file_) {
    std::string& out = bad_file_->buffer();
    out += "{\"source\":";
    append_json_string(out, source);
    out += ",\"line\":";
    append_json_number(out, static_cast<uint64_t>(line));
    out += ",\"reason\":";
    append_json_string(out, reason);
    out += ",\"raw\":";
    append_json_string_lossless(out, raw.size() > (1u << 20) ? raw.substr(0, 1u << 20) : raw);
    out += "}";
    bad_file_->end_line();
  }
}

void Diagnostics::late_event(std::string_view raw) {
  ++late_events_;
  if (late_file_) late_file_->line(raw);
}

void Diagnostics::warn(std::string_view message) { fmt::print(stderr, "{}: warning: {}\n", tool_name(), message); }

void Diagnostics::flush() {
  if (bad_file_) bad_file_->flush();
  if (late_file_) late_file_->flush();
}

void Diagnostics::print_summary(uint64_t events_read) const {
  if (bad_lines_ == 0 && late_events_ == 0 && skipped_values_ == 0) return;
  std::string line = fmt::format("{}: {} events", tool_name(), events_read);
  if (bad_lines_ > 0) line += fmt::format(", {} bad lines", bad_lines_);
  if (late_events_ > 0) line += fmt::format(", {} late events", late_events_);
  if (filtered_events_ > 0) line += fmt::format(", {} left out by --where", filtered_events_);
  if (skipped_values_ > 0) line += fmt::format(", {} values skipped by numeric aggregates", skipped_values_);
  fmt::print(stderr, "{}\n", line);
  // A few late events are what --lateness is for; many mean the input is more out of
  // order than it allows, and the results quietly miss them.
  const uint64_t timed = events_read + late_events_;
  if (late_events_ >= kLateWarnMin && late_events_ * 100 > timed) {
    fmt::print(stderr,
               "{}: warning: {:.1f}% of events ({} of {}) were late: the input is more out "
               "of order than --lateness allows; raise --lateness{}\n",
               tool_name(), 100.0 * static_cast<double>(late_events_) / static_cast<double>(timed), late_events_, timed,
               late_file_ ? " (the --late file holds them)" : ", or keep them with --late FILE");
  }
}

}  // namespace ss
