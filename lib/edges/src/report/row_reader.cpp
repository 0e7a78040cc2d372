#include "ss/report/row_reader.hpp"

#include <fmt/format.h>

#include <string>

#include "ss/control/control_record.hpp"
#include "ss/json/json_depth.hpp"

namespace ss {

RowReader::RowReader(const StreamOptions& options, Diagnostics& diagnostics)
    : options_(options), diagnostics_(diagnostics), lines_(options.inputs, options.max_line_bytes) {
  if (!options_.where.empty()) where_.emplace(compile_condition(options_.where, "--where"));
  for (const FieldPath& path : options_.key) {
    key_names_.push_back(path.text());
    key_paths_.push_back(path);
  }
}

ReadStatus RowReader::next() {
  for (;;) {
    const ReadStatus status = lines_.next(line_);
    if (status != ReadStatus::line) return status;
    if (take(line_)) return ReadStatus::line;
  }
}

std::optional<double> number_value(const FieldValue& value) {
  if (!value.is_number()) return std::nullopt;
  return value.is_integer ? static_cast<double>(value.integer) : value.number;
}

std::optional<double> RowReader::number(const FieldPath& path) { return number_value(record_.get(path)); }

bool RowReader::take(const Line& line) {
  if (&line != &line_) line_ = line;
  if (line.too_long) {
    bad_line(line, fmt::format("line longer than --max-line ({} bytes)", options_.max_line_bytes));
    return false;
  }
  if (exceeds_json_depth(line.text)) {
    bad_line(line, kTooDeepReason);
    return false;
  }
  if (is_control_record(line.text)) {
    take_control(line);
    return false;
  }
  const ParseOutcome parsed = record_.parse(line.text, kLinePadding);
  if (parsed != ParseOutcome::ok) {
    bad_line(line, parsed == ParseOutcome::not_json ? "not valid JSON" : "expected a JSON object");
    return false;
  }
  if (!shape_) {
    const std::optional<RowShape> shape = detect_row_shape(record_.fields());
    if (!shape || (refuse_totals_ && *shape == RowShape::totals)) {
      bad_line(line, refuse_totals_ ? "expected a session (session_id, start) or window (window_start) row"
                                    : "expected a session (session_id, start), window (window_start) or totals "
                                      "(first_seen, last_seen) row");
      return false;
    }
    take_shape(*shape);
  }
  if (!read_time(time_path_, time_)) {
    const FieldValue value = record_.get(time_path_);
    bad_line(line, value.type == ValueType::missing
                       ? fmt::format("no {}: not a {} row", time_path_.text(), shape_name(*shape_))
                       : fmt::format("{}: expected an RFC 3339 time or epoch number", time_path_.text()));
    return false;
  }
  TimeUs end = 0;
  end_ = read_time(end_path_, end) ? std::optional<TimeUs>(end) : std::nullopt;
  if (require_end_ && !end_) {
    const FieldValue value = record_.get(end_path_);
    bad_line(line, value.type == ValueType::missing
                       ? fmt::format("no {}: not a {} row", end_path_.text(), shape_name(*shape_))
                       : fmt::format("{}: expected an RFC 3339 time or epoch number", end_path_.text()));
    return false;
  }
  if (where_) {
    where_event_.parse(line.text, kLinePadding);
    if (!where_->matches(ExprInput{where_event_, time_})) {
      if (where_->failed()) bad_line(line, "--where: " + where_->error());
      else diagnostics_.filtered_event();
      return false;
    }
  }
  build_key();
  ++rows_;
  return true;
}

void RowReader::bad_line(const Line& line, std::string_view reason) {
  last_bad_line_ = fmt::format("{}:{}: {}", line.source, line.number, reason);
  diagnostics_.bad_line(line.source, line.number, reason, line.text);
}

void RowReader::take_control(const Line& line) {
  const ControlRecord control = parse_control_record(line.text);
  switch (control.kind) {
    case ControlKind::malformed: bad_line(line, control.error); return;
    case ControlKind::watermark:
      ++control_.counts["watermark"];
      if (!control_.last_watermark || control.watermark > *control_.last_watermark)
        control_.last_watermark = control.watermark;
      return;
    case ControlKind::checkpoint:
      ++control_.counts["checkpoint"];
      control_.last_checkpoint = control.checkpoint;
      return;
    case ControlKind::other: break;
  }
  // A kind this version does not act on: parse_control_record() checked that the line
  // is a JSON object whose "_ss" is a string, so its first member names the kind.
  if (control_record_.parse(line.text) != ParseOutcome::ok || control_record_.fields().empty()) return;
  const std::string kind(control_record_.fields().front().value.text);
  ++control_.counts[kind];
  control_.last_other[kind] = std::string(line.text);
}

void RowReader::take_shape(RowShape shape) {
  shape_ = shape;
  time_path_ = FieldPath(shape_time_field(shape));
  end_path_ = FieldPath(shape_end_field(shape));
  if (key_paths_.empty()) {
    for (const std::string_view name : detect_key_fields(shape, record_.fields())) {
      // A detected name is a top-level member: quoted, so that FieldPath does not split
      // it at dots. One FieldPath cannot name (empty, or holding a quote) is left out.
      if (name.empty() || name.find('"') != std::string_view::npos) continue;
      key_names_.emplace_back(name);
      key_paths_.emplace_back(name.find('.') == std::string_view::npos ? FieldPath(name)
                                                                       : FieldPath("\"" + std::string(name) + "\""));
    }
  }
}

bool RowReader::read_time(const FieldPath& path, TimeUs& out) {
  const FieldValue value = record_.get(path);
  if (value.is_string()) return parse_rfc3339(value.text, out);
  if (value.is_number()) {
    const std::optional<TimeUs> time = value.is_integer ? epoch_to_us(value.integer, TimeUnit::automatic)
                                                        : epoch_to_us(value.number, TimeUnit::automatic);
    if (!time) return false;
    out = *time;
    return true;
  }
  return false;
}

void RowReader::build_key() {
  key_.clear();
  // Cells are assigned in place, so that their buffers serve the next row.
  key_cells_.resize(key_paths_.size());
  if (key_paths_.empty()) {
    key_ = "all";
    return;
  }
  for (size_t i = 0; i < key_paths_.size(); ++i) {
    const FieldValue value = record_.get(key_paths_[i]);
    std::string& cell = key_cells_[i];
    switch (value.type) {
      case ValueType::missing:
      case ValueType::null: cell = "null"; break;
      case ValueType::boolean: cell = value.boolean ? "true" : "false"; break;
      default: cell = value.text; break;
    }
    if (i > 0) key_ += ", ";
    key_ += cell;
  }
}

}  // namespace ss
