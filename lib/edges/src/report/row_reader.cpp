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
    if (accept(line_)) return ReadStatus::line;
  }
}

std::optional<double> RowReader::number(const FieldPath& path) {
  const FieldValue value = record_.get(path);
  if (!value.is_number()) return std::nullopt;
  return value.is_integer ? static_cast<double>(value.integer) : value.number;
}

bool RowReader::accept(const Line& line) {
  if (line.too_long) {
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.max_line_bytes), line.text);
    return false;
  }
  if (exceeds_json_depth(line.text)) {
    diagnostics_.bad_line(line.source, line.number, kTooDeepReason, line.text);
    return false;
  }
  if (is_control_record(line.text)) {
    take_control(line);
    return false;
  }
  const ParseOutcome parsed = record_.parse(line.text, kLinePadding);
  if (parsed != ParseOutcome::ok) {
    diagnostics_.bad_line(line.source, line.number,
                          parsed == ParseOutcome::not_json ? "not valid JSON" : "expected a JSON object", line.text);
    return false;
  }
  if (!shape_) {
    const std::optional<RowShape> shape = detect_row_shape(record_.fields());
    if (!shape) {
      diagnostics_.bad_line(line.source, line.number,
                            "expected a session (session_id, start), window (window_start) or totals (first_seen, "
                            "last_seen) row",
                            line.text);
      return false;
    }
    take_shape(*shape);
  }
  if (!read_time(time_path_, time_)) {
    const FieldValue value = record_.get(time_path_);
    diagnostics_.bad_line(line.source, line.number,
                          value.type == ValueType::missing
                              ? fmt::format("no {}: not a {} row", time_path_.text(), shape_name(*shape_))
                              : fmt::format("{}: expected an RFC 3339 time or epoch number", time_path_.text()),
                          line.text);
    return false;
  }
  TimeUs end = 0;
  end_ = read_time(end_path_, end) ? std::optional<TimeUs>(end) : std::nullopt;
  if (where_) {
    where_event_.parse(line.text, kLinePadding);
    if (!where_->matches(ExprInput{where_event_, time_})) {
      if (where_->failed()) diagnostics_.bad_line(line.source, line.number, "--where: " + where_->error(), line.text);
      else diagnostics_.filtered_event();
      return false;
    }
  }
  build_key();
  ++rows_;
  return true;
}

void RowReader::take_control(const Line& line) {
  const ControlRecord control = parse_control_record(line.text);
  switch (control.kind) {
    case ControlKind::malformed: diagnostics_.bad_line(line.source, line.number, control.error, line.text); return;
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
  if (key_paths_.empty()) {
    key_ = "all";
    return;
  }
  for (size_t i = 0; i < key_paths_.size(); ++i) {
    if (i > 0) key_ += ", ";
    const FieldValue value = record_.get(key_paths_[i]);
    switch (value.type) {
      case ValueType::missing:
      case ValueType::null: key_ += "null"; break;
      case ValueType::boolean: key_ += value.boolean ? "true" : "false"; break;
      default: key_ += value.text; break;
    }
  }
}

}  // namespace ss
