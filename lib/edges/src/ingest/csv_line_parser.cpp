#include "ss/ingest/csv_line_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ss/base/error.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

CsvLineParser::CsvLineParser(const ParserOptions& options, char separator)
    : separator_(separator),
      typed_(options.typed_numbers),
      require_time_(options.require_time),
      time_field_(options.time_field),
      times_(options, "auto") {
  if (!options.columns.empty()) {
    names_ = options.columns;
    set_header();
    if (options.require_time && time_column_ == SIZE_MAX)
      throw_usage(fmt::format("the columns do not name the time field \"{}\"", time_field_));
  }
}

void CsvLineParser::set_header() {
  // Repeated names would give repeated JSON keys, which most readers resolve by
  // dropping all but one.
  for (size_t i = 0; i < names_.size(); ++i) {
    const std::string base = names_[i];
    for (int n = 2; std::find(names_.begin(), names_.begin() + static_cast<long>(i), names_[i]) !=
                    names_.begin() + static_cast<long>(i);
         ++n)
      names_[i] = fmt::format("{}_{}", base, n);
  }
  time_column_ = ts_column_ = SIZE_MAX;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == time_field_ && time_column_ == SIZE_MAX) time_column_ = i;
    if (names_[i] == "ts" && ts_column_ == SIZE_MAX) ts_column_ = i;
  }
}

bool CsvLineParser::split(std::string_view line) {
  fields_.clear();
  unquoted_.clear();
  // Views into unquoted_ must not move while it grows: reserve the worst case first.
  unquoted_.reserve(line.size());
  size_t pos = 0;
  while (true) {
    if (pos < line.size() && line[pos] == '"') {
      const size_t start = unquoted_.size();
      ++pos;
      while (true) {
        const size_t quote = line.find('"', pos);
        if (quote == std::string_view::npos) {
          reason_ = "unterminated quoted field";
          return false;
        }
        unquoted_.append(line.data() + pos, quote - pos);
        pos = quote + 1;
        if (pos < line.size() && line[pos] == '"') {
          unquoted_.push_back('"');
          ++pos;
          continue;
        }
        break;
      }
      fields_.emplace_back(unquoted_.data() + start, unquoted_.size() - start);
      if (pos == line.size()) return true;
      if (line[pos] != separator_) {
        reason_ = fmt::format("unexpected character after the closing quote of field {}", fields_.size());
        return false;
      }
      ++pos;
    } else {
      const size_t sep = line.find(separator_, pos);
      if (sep == std::string_view::npos) {
        fields_.push_back(line.substr(pos));
        return true;
      }
      fields_.push_back(line.substr(pos, sep - pos));
      pos = sep + 1;
    }
  }
}

ParseResult CsvLineParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (line.empty()) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  if (names_.empty()) {
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (!split(line)) return {ParseStatus::bad, reason_};
    names_.assign(fields_.begin(), fields_.end());
    set_header();
    return {ParseStatus::skip, "header row"};
  }
  if (!split(line)) return {ParseStatus::bad, reason_};
  if (fields_.size() != names_.size()) {
    reason_ = fmt::format("expected {} fields, got {}", names_.size(), fields_.size());
    return {ParseStatus::bad, reason_};
  }
  std::optional<TimeUs> t;
  if (time_column_ != SIZE_MAX) {
    t = times_.from_text(fields_[time_column_]);
    if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(fields_[time_column_])};
  } else if (require_time_) {
    return {ParseStatus::bad, times_.missing()};
  }

  EventObject event(out, t);
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i == ts_column_ && t) continue;
    event.member(names_[i]);
    append_field_value(out, fields_[i], typed_);
  }
  event.close();
  return {ParseStatus::ok, {}};
}

}  // namespace ss
