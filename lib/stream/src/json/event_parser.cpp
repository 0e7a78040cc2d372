#include "ss/json/event_parser.hpp"

#include <charconv>
#include <cmath>

#include "ondemand_number.hpp"
#include "ss/base/find_byte.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"
#include "ss/json/repeated_names.hpp"

namespace ss {

EventParser::EventParser(FlatObjects flat) : flat_objects_(flat) {}

ParseOutcome EventParser::parse(std::string_view line, size_t padding) {
  malformed_ = false;
  escaped_name_ = Tristate::unknown;
  line_ = line;
  unescaped_.clear();
  const char* data = line.data();
  size_t capacity = line.size() + padding;
  if (padding < simdjson::SIMDJSON_PADDING) {
    padded_.assign(line.data(), line.size());
    padded_.resize(line.size() + simdjson::SIMDJSON_PADDING, ' ');
    data = padded_.data();
    capacity = padded_.size();
  }
  data_ = data;
  size_ = line.size();
  capacity_ = capacity;
  document_open_ = false;
  repeats_settled_ = false;
  read_flat_ = false;
  if (offer_to_scan()) {
    read_flat_ = flat_.scan(std::string_view(data, line.size()));
    if (read_flat_) {
      back_off_.accepted();
      return ParseOutcome::ok;
    }
    back_off_.refused();
  }
  if (parser_.iterate(data, line.size(), capacity).get(doc_) != simdjson::SUCCESS) return ParseOutcome::not_json;
  document_open_ = true;
  simdjson::ondemand::json_type type;
  if (doc_.type().get(type) != simdjson::SUCCESS) return ParseOutcome::not_json;
  if (type == simdjson::ondemand::json_type::object) return ParseOutcome::ok;
  // Tell a JSON scalar or array (`[1]`, `"x"`, `42`) from text that is not JSON at all
  // (`not json` starts like null): only the first is "not an object".
  bool valid = false;
  switch (type) {
    case simdjson::ondemand::json_type::null: {
      bool is_null = false;
      valid = doc_.is_null().get(is_null) == simdjson::SUCCESS && is_null;
      break;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      valid = doc_.get_bool().get(b) == simdjson::SUCCESS;
      break;
    }
    case simdjson::ondemand::json_type::number: {
      double d;
      valid = doc_.get_double().get(d) == simdjson::SUCCESS;
      break;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view sv;
      valid = doc_.get_string().get(sv) == simdjson::SUCCESS;
      break;
    }
    case simdjson::ondemand::json_type::array: valid = true; break;
    case simdjson::ondemand::json_type::object: break;
  }
  return valid ? ParseOutcome::not_object : ParseOutcome::not_json;
}

bool EventParser::offer_to_scan() {
  switch (flat_objects_) {
    case FlatObjects::scanned: return true;
    case FlatObjects::through_simdjson: return false;
    case FlatObjects::adaptive: return back_off_.offer();
  }
  return true;
}

bool EventParser::open_document() {
  if (document_open_) return true;
  if (parser_.iterate(data_, size_, capacity_).get(doc_) != simdjson::SUCCESS) {
    malformed_ = true;
    return false;
  }
  document_open_ = true;
  return true;
}

bool EventParser::settle_repeated_names() {
  // The screen saw a name written twice, or a backslash: the walk tells whether one
  // object holds a name twice.
  doc_.rewind();
  simdjson::ondemand::value root;
  RepeatedNames found = RepeatedNames::malformed;
  if (doc_.get_value().get(root) == simdjson::SUCCESS) found = find_repeated_names(root);
  if (found == RepeatedNames::none) {
    doc_.rewind();
    return true;
  }
  if (found == RepeatedNames::malformed) {
    // Left to the lookups, which report it as they always have; the walk's error
    // leaves the document unusable, so it is iterated afresh.
    if (parser_.iterate(data_, size_, capacity_).get(doc_) != simdjson::SUCCESS) {
      malformed_ = true;
      return false;
    }
    return true;
  }
  // Rare: a name given twice, or written with an escape; the rewrite compares names
  // unescaped, and decides. It leaves members out, so the line is checked whole first:
  // an invalid value in a member left out would otherwise pass unseen, in validate() too.
  if (!validate()) {
    malformed_ = true;
    return false;
  }
  without_repeats_.clear();
  if (append_without_repeats(without_repeats_, line_, 0)) {
    const size_t size = without_repeats_.size();
    without_repeats_.resize(size + simdjson::SIMDJSON_PADDING, ' ');
    data_ = without_repeats_.data();
    capacity_ = without_repeats_.size();
    size_ = size;
  }
  if (parser_.iterate(data_, size_, capacity_).get(doc_) != simdjson::SUCCESS) {
    malformed_ = true;
    return false;
  }
  return true;
}

bool EventParser::convert_flat(const FlatObject::Member& member, FieldValue& out) {
  switch (member.kind) {
    case FlatObject::Kind::string:
      // No escapes (the scan took none): the text is the bytes between the quotes.
      out.type = ValueType::string;
      out.text = member.value;
      out.verbatim = true;
      return true;
    case FlatObject::Kind::integer: {
      // At most 18 digits: no overflow. By hand: from_chars, with its overflow checks,
      // cost 0.8% more of ss-sessionize's instructions.
      const bool negative = member.value[0] == '-';
      int64_t v = 0;
      for (const char c : member.value.substr(negative)) v = v * 10 + (c - '0');
      out.integer = negative ? -v : v;
      out.type = ValueType::number;
      out.is_integer = true;
      out.number = static_cast<double>(out.integer);
      out.text = member.value;
      return true;
    }
    case FlatObject::Kind::other_integer: return false;
    case FlatObject::Kind::number: {
      // from_chars rounds correctly, as simdjson does, so both give the same double for
      // a normal number. Zeros (their sign), subnormals and numbers out of range are
      // left to simdjson, which has its own rules for them.
      double d = 0;
      const auto [end, error] = std::from_chars(member.value.data(), member.value.data() + member.value.size(), d);
      if (error != std::errc() || end != member.value.data() + member.value.size() || !std::isnormal(d)) return false;
      out.type = ValueType::number;
      out.number = d;
      out.text = member.value;
      return true;
    }
    case FlatObject::Kind::true_value:
    case FlatObject::Kind::false_value:
      out.type = ValueType::boolean;
      out.boolean = member.kind == FlatObject::Kind::true_value;
      out.text = out.boolean ? "true" : "false";
      return true;
    case FlatObject::Kind::null: out.type = ValueType::null; return true;
  }
  return false;
}

void EventParser::convert(simdjson::ondemand::value& value, FieldValue& out) {
  // Written in place: a FieldValue built in a local and returned by copy stalled on
  // store forwarding, measurably.
  out = FieldValue{};
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) {
    malformed_ = true;
    return;
  }
  switch (type) {
    case simdjson::ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        malformed_ = true;
        return;
      }
      out.type = ValueType::null;
      break;
    }
    case simdjson::ondemand::json_type::boolean:
      if (value.get_bool().get(out.boolean) != simdjson::SUCCESS) {
        malformed_ = true;
        return;
      }
      out.type = ValueType::boolean;
      out.text = out.boolean ? "true" : "false";
      break;
    case simdjson::ondemand::json_type::number:
      if (!read_ondemand_number(value, out)) malformed_ = true;
      break;
    case simdjson::ondemand::json_type::string: {
      // A string without a backslash is the bytes between its quotes: stage 1 has
      // already rejected invalid UTF-8 and unescaped control characters in the whole
      // line, so nothing is left to check, and nothing is copied.
      // find_byte rather than memchr: the strings of an event are short, and memchr's
      // set-up cost more than its search (callgrind, 18 instructions a call).
      const std::string_view raw = trim_json_space_end(value.raw_json_token());
      const std::string_view body = raw.size() >= 2 ? std::string_view(raw.data() + 1, raw.size() - 2) : raw;
      if (raw.size() >= 2 && raw.back() == '"' && find_byte(body, '\\') == std::string_view::npos) {
        out.text = body;
        out.verbatim = true;
      } else {
        // simdjson unescapes into a buffer that the next lookup (after a rewind) writes
        // over, so the value is kept for the rest of this event.
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) {
          malformed_ = true;
          return;
        }
        out.text = unescaped_.emplace_back(text);
      }
      out.type = ValueType::string;
      break;
    }
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object obj;
      if (value.get_object().get(obj) != simdjson::SUCCESS || obj.raw_json().get(out.text) != simdjson::SUCCESS) {
        malformed_ = true;
        return;
      }
      if (!valid_json(out.text)) {
        malformed_ = true;
        out = FieldValue{};
        return;
      }
      out.type = ValueType::object;
      break;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array arr;
      if (value.get_array().get(arr) != simdjson::SUCCESS || arr.raw_json().get(out.text) != simdjson::SUCCESS) {
        malformed_ = true;
        return;
      }
      if (!valid_json(out.text)) {
        malformed_ = true;
        out = FieldValue{};
        return;
      }
      out.type = ValueType::array;
      break;
    }
  }
}

bool EventParser::valid_json(std::string_view text) {
  // A full (DOM) parse: On-Demand's raw_json() of a container only counts brackets.
  thread_local simdjson::dom::parser dom;
  simdjson::dom::element element;
  // Known limit: simdjson 3.0 reports an integer beyond 64 bits as NUMBER_ERROR, the
  // same code as a malformed number, so such (valid) lines count as invalid here.
  return dom.parse(text.data(), text.size(), true).get(element) == simdjson::SUCCESS;
}

bool EventParser::walk_valid(simdjson::ondemand::value value) {
  using simdjson::ondemand::json_type;
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case json_type::object: {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return false;
      for (auto member : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(member).get(field) != simdjson::SUCCESS || field.unescaped_key().get(key) != simdjson::SUCCESS ||
            !walk_valid(field.value()))
          return false;
      }
      return true;
    }
    case json_type::array: {
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      for (auto element : array) {
        simdjson::ondemand::value v;
        if (element.get(v) != simdjson::SUCCESS || !walk_valid(v)) return false;
      }
      return true;
    }
    case json_type::string: {
      std::string_view text;
      return value.get_string().get(text) == simdjson::SUCCESS;
    }
    case json_type::number: {
      simdjson::ondemand::number number;
      if (value.get_number().get(number) == simdjson::SUCCESS) return true;
      return is_json_number(trim_json_space_end(value.raw_json_token()));
    }
    case json_type::boolean: {
      bool b;
      return value.get_bool().get(b) == simdjson::SUCCESS;
    }
    case json_type::null: {
      bool is_null = false;
      return value.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
  }
  return false;
}

FieldValue EventParser::get(const FieldPath& path) {
  FieldValue out;  // the only object returned, so it is built in place
  get(path, out);
  return out;
}

void EventParser::get(const FieldPath& path, FieldValue& out) {
  out = FieldValue{};
  // After an error simdjson abandons the document; it must not be touched again.
  if (malformed_) return;
  if (read_flat_ && path.segments().size() == 1) {
    // A flat line has no escaped names: a name not found is missing.
    const FlatObject::Member* member = flat_.find(path.segments()[0]);
    if (member == nullptr || convert_flat(*member, out)) return;
    out = FieldValue{};
  }
  if (!open_document()) return;
  if (!repeats_settled_) {
    repeats_settled_ = true;
    if (screen_.may_repeat(std::string_view(data_, size_)) && !settle_repeated_names()) return;
  }
  // The lookup's result is used where simdjson wrote it: moving it into a separate
  // `value` first stalled on store forwarding (a third of this function's time).
  simdjson::simdjson_result<simdjson::ondemand::value> found;
  if (path.segments().size() == 1) {
    // The common case: a top-level field, found without building a JSON pointer walk.
    doc_.rewind();
    simdjson::ondemand::object obj;
    if (doc_.get_object().get(obj) != simdjson::SUCCESS) {
      malformed_ = true;
      return;
    }
    found = obj.find_field_unordered(path.segments()[0]);
  } else {
    found = doc_.at_pointer(path.pointer());
  }
  const simdjson::error_code err = found.error();
  if (err == simdjson::NO_SUCH_FIELD || err == simdjson::INVALID_JSON_POINTER || err == simdjson::INCORRECT_TYPE ||
      err == simdjson::INDEX_OUT_OF_BOUNDS) {
    if (has_escaped_name()) get_by_unescaped_names(path, out);
    return;
  }
  if (err != simdjson::SUCCESS) {
    malformed_ = true;
    return;
  }
  convert(found.value_unsafe(), out);
}

bool EventParser::has_escaped_name() {
  if (escaped_name_ != Tristate::unknown) return escaped_name_ == Tristate::yes;
  // A backslash is always inside a string; the string is a name when a colon follows
  // its closing quote. Values with escapes (common: quoted messages, Windows paths) are
  // thereby told apart without a second walk of the object at every missed lookup.
  escaped_name_ = Tristate::no;
  const std::string_view s = line_;
  for (size_t p = s.find('\\'); p != std::string_view::npos; p = s.find('\\', p)) {
    // The string's end, counted from its backslash as json_string_end counts from an
    // opening quote (a backslash is never a line's first byte: parse() saw an object).
    p = skip_json_space(s, json_string_end(s, p - 1));
    if (p < s.size() && s[p] == ':') {
      escaped_name_ = Tristate::yes;
      break;
    }
  }
  return escaped_name_ == Tristate::yes;
}

void EventParser::get_by_unescaped_names(const FieldPath& path, FieldValue& out) {
  using simdjson::ondemand::json_type;
  doc_.rewind();
  simdjson::ondemand::value value;
  if (doc_.get_value().get(value) != simdjson::SUCCESS) {
    malformed_ = true;
    return;
  }
  for (const std::string& segment : path.segments()) {
    json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      malformed_ = true;
      return;
    }
    bool found = false;
    if (type == json_type::object) {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) {
        malformed_ = true;
        return;
      }
      for (auto member : object) {
        simdjson::ondemand::field field;
        std::string_view name;
        if (std::move(member).get(field) != simdjson::SUCCESS || field.unescaped_key().get(name) != simdjson::SUCCESS) {
          malformed_ = true;
          return;
        }
        if (name == segment) {
          value = field.value();
          found = true;
          break;
        }
      }
    } else if (type == json_type::array && !segment.empty() &&
               segment.find_first_not_of("0123456789") == std::string::npos && segment.size() < 10 &&
               (segment[0] != '0' || segment.size() == 1)) {
      // As in a JSON pointer: a segment of digits (no leading zero) indexes an array.
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) {
        malformed_ = true;
        return;
      }
      size_t wanted = std::stoul(segment);
      for (auto element : array) {
        if (wanted-- > 0) continue;
        if (element.get(value) != simdjson::SUCCESS) {
          malformed_ = true;
          return;
        }
        found = true;
        break;
      }
    }
    if (!found) return;
  }
  convert(value, out);
}

bool EventParser::validate() {
  // On-Demand checks only what it visits; the DOM parser checks every byte, including
  // what follows the root object.
  if (malformed_ || data_ == nullptr) return false;
  if (read_flat_) return true;  // the scan accepts only valid JSON, throughout
  // The line is padded already (parse() saw to it): nothing is copied.
  simdjson::dom::element root;
  const simdjson::error_code error = validator_.parse(data_, size_, false).get(root);
  if (error == simdjson::SUCCESS) return true;
  // simdjson 3.0's DOM parser reports an integer beyond 64 bits as NUMBER_ERROR, like a
  // malformed number: only then is the line walked once more, by On-Demand, to tell.
  if (error != simdjson::NUMBER_ERROR || exceeds_json_depth(line_)) return false;
  doc_.rewind();
  simdjson::ondemand::value root_value;
  if (doc_.get_value().get(root_value) != simdjson::SUCCESS || !walk_valid(root_value)) {
    malformed_ = true;  // simdjson abandoned the document: no lookup may touch it again
    return false;
  }
  // Anything after the root value leaves the iterator short of the end.
  const char* rest = nullptr;
  const bool at_end = doc_.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  doc_.rewind();
  return at_end;
}

}  // namespace ss
