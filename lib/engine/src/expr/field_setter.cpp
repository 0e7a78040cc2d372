#include "ss/expr/field_setter.hpp"

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/control/control_record.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

std::vector<ComputedField> parse_all(const std::vector<std::string>& specs, std::string_view time_field,
                                     std::string_view flag) {
  std::vector<ComputedField> fields;
  for (const std::string& spec : specs) {
    ComputedField f = parse_computed_field(spec, flag);
    if (f.name == kControlMember)
      throw_usage(fmt::format("{} {}: the member \"{}\" is reserved for control records", flag, spec, f.name));
    if (f.name == time_field)
      throw_usage(
          fmt::format("{} {}: {} is the event time every stage reads; compute another field", flag, spec, time_field));
    for (const ComputedField& earlier : fields)
      if (earlier.name == f.name) throw_usage(fmt::format("{}: {} is set twice", flag, f.name));
    fields.push_back(std::move(f));
  }
  return fields;
}

std::vector<std::string> names_of(const std::vector<ComputedField>& fields) {
  std::vector<std::string> names;
  for (const ComputedField& f : fields) names.push_back(f.name);
  return names;
}

/// A top-level member name as a FieldPath (which reads dots and quotes specially).
FieldPath member_path(const std::string& name) {
  std::string quoted = "\"";
  quoted += name;
  quoted += '"';
  return FieldPath(name.find_first_of(".\"") == std::string::npos ? name : quoted);
}

}  // namespace

FieldSetter::FieldSetter(const std::vector<std::string>& specs, std::string_view time_field, std::string_view flag)
    : flag_(flag), fields_(parse_all(specs, time_field, flag)), remove_existing_({}, {}, names_of(fields_)) {
  for (const ComputedField& f : fields_) paths_.push_back(member_path(f.name));
}

bool FieldSetter::apply(std::string_view line, FieldSource& fields, std::optional<TimeUs> event_time,
                        std::string& out) {
  // Every expression sees the event as it came in, as the columns of one SQL SELECT do.
  members_.clear();
  error_.clear();
  bool replaces = false;
  const ExprInput input{fields, event_time};
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!members_.empty()) members_.push_back(',');
    append_json_string(members_, fields_[i].name);
    members_.push_back(':');
    append_json_value(members_, fields_[i].value.evaluate(input));  // NULL when it failed
    if (fields_[i].value.failed() && error_.empty())
      error_ = fmt::format("{} {}: {}", flag_, fields_[i].name, fields_[i].value.error());
    replaces = replaces || fields.get(paths_[i]).type != ValueType::missing;
  }
  std::string_view base = line;
  if (replaces) {
    without_.clear();
    if (!remove_existing_.apply(line, without_)) return false;
    base = without_;
  }
  return splice_members(out, base, members_);
}

}  // namespace ss
