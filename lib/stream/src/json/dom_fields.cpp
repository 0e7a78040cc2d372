#include "ss/json/dom_fields.hpp"

#include <charconv>
#include <cstring>

#include "ss/json/raw_json.hpp"

namespace ss {

namespace {

/// The array index a JSON pointer segment names (RFC 6901: digits, no leading zero).
std::optional<size_t> array_index(std::string_view segment) noexcept {
  if (segment.empty() || (segment.size() > 1 && segment[0] == '0')) return std::nullopt;
  size_t index = 0;
  const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  if (ec != std::errc() || end != segment.data() + segment.size()) return std::nullopt;
  return index;
}

/// Whether two member names are equal. Names are short: a loop costs less than the
/// call to memcmp that `==` makes, which was a quarter of what a --where on a number
/// added to ss-ingest.
bool same_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.size() > 16) return a == b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

void DomFields::reset(simdjson::dom::element root, std::string_view text, std::optional<std::string_view> ts) {
  root_ = root;
  text_ = text;
  ts_ = ts;
  numbers_used_ = 0;
  if (!more_numbers_.empty()) more_numbers_.clear();
}

std::string_view DomFields::raw_text(size_t depth) const {
  size_t begin = 0;
  size_t end = text_.size();
  for (size_t level = 0; level < depth; ++level) {
    const auto child = json_child_value(text_, begin, child_index_[level]);
    begin = child.first;
    end = child.second;
  }
  return text_.substr(begin, end - begin);
}

bool DomFields::find(const std::vector<std::string>& segments, simdjson::dom::element& value) {
  if (child_index_.size() < segments.size()) child_index_.resize(segments.size());  // once per depth
  // Down the path, keeping each step's position among its siblings: the DOM holds
  // members in document order, so the positions find a value's raw text when needed.
  // The walk works on a local: reading back through `value` stalled on store forwarding.
  simdjson::dom::element current = root_;
  for (size_t depth = 0; depth < segments.size(); ++depth) {
    const std::string_view segment = segments[depth];
    bool found = false;
    size_t index = 0;
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (current.get_object().get(object) == simdjson::SUCCESS) {
      // Of a name given twice the last counts (repeated_names.hpp): no early exit.
      simdjson::dom::element match;
      size_t position = 0;
      for (const auto member : object) {
        if (same_name(member.key, segment)) {
          match = member.value;
          index = position;
          found = true;
        }
        ++position;
      }
      if (found) current = match;
    } else if (current.get_array().get(array) == simdjson::SUCCESS) {
      const auto wanted = array_index(segment);
      if (wanted && array.at(*wanted).get(current) == simdjson::SUCCESS) {
        index = *wanted;
        found = true;
      }
    }
    if (!found) return false;
    child_index_[depth] = index;
  }
  value = current;
  return true;
}

bool DomFields::get_number(const FieldPath& path, double& out) {
  // Without the integer's text that get() writes: a comparison reads only the number.
  const auto& segments = path.segments();
  if (reads_written_ts(segments)) return false;  // a string
  simdjson::dom::element value;
  if (!find(segments, value)) return false;
  switch (value.type()) {
    case simdjson::dom::element_type::INT64: out = static_cast<double>(value.get_int64().value_unsafe()); return true;
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: out = value.get_double().value_unsafe(); return true;
    default: return false;
  }
}

FieldValue DomFields::get(const FieldPath& path) {
  // One result object on every path, so it is built in place (a copy at the end
  // measurably stalled on store forwarding).
  FieldValue out;
  const auto& segments = path.segments();
  if (reads_written_ts(segments)) {
    out.type = ValueType::string;
    out.text = *ts_;
    return out;
  }
  simdjson::dom::element value;
  if (!find(segments, value)) return out;

  switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE: out.type = ValueType::null; break;
    case simdjson::dom::element_type::BOOL:
      out.type = ValueType::boolean;
      out.boolean = value.get_bool().value_unsafe();
      out.text = out.boolean ? "true" : "false";
      break;
    case simdjson::dom::element_type::INT64:
      out.type = ValueType::number;
      out.integer = value.get_int64().value_unsafe();
      out.is_integer = true;
      out.number = static_cast<double>(out.integer);
      if (out.integer == 0) {
        out.text = raw_text(segments.size());  // `0` or `-0`
      } else {
        // A valid JSON integer is written exactly as its decimal digits: writing them
        // is cheaper than scanning the text for them.
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, out.integer).ptr;
        const std::string_view text(digits, static_cast<size_t>(end - digits));
        if (numbers_used_ < std::size(number_slots_)) {
          char* slot = number_slots_[numbers_used_++];
          std::memcpy(slot, digits, text.size());
          out.text = std::string_view(slot, text.size());
        } else {
          out.text = more_numbers_.emplace_back(text);
        }
      }
      break;
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      out.type = ValueType::number;
      out.number = value.get_double().value_unsafe();
      out.text = raw_text(segments.size());
      break;
    case simdjson::dom::element_type::STRING:
      out.type = ValueType::string;
      out.text = value.get_string().value_unsafe();
      break;
    case simdjson::dom::element_type::OBJECT:
      out.type = ValueType::object;
      out.text = raw_text(segments.size());
      break;
    case simdjson::dom::element_type::ARRAY:
      out.type = ValueType::array;
      out.text = raw_text(segments.size());
      break;
  }
  return out;
}

}  // namespace ss
