// libFuzzer target for EventParser, the On-Demand reader of every tool's events: any
// line must parse or be refused, and any field lookup must give a value or `missing`
// (malformed() set for bad JSON), never crash or read outside the line. validate() must
// agree with a DOM parse, and on a valid object a top-level string read by the parser
// must be the last of its name that the DOM reads (for names written without escapes). Each line is read
// once copied into the parser's padded buffer and once in place with padding, as the
// line readers give it. A parser that reads flat objects with its own scan must give
// what one that leaves every line to simdjson gives, value for value.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "fuzz_check.hpp"
#include "ss/base/error.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/field_path.hpp"

namespace {

const ss::FieldPath kPaths[] = {ss::FieldPath("ts"),    ss::FieldPath("a"),       ss::FieldPath("a.b"),
                                ss::FieldPath("a.b.c"), ss::FieldPath("user.id"), ss::FieldPath("_ss"),
                                ss::FieldPath("n")};

void check(ss::EventParser& parser, std::string_view line, size_t padding) {
  const ss::ParseOutcome outcome = parser.parse(line, padding);
  if (outcome != ss::ParseOutcome::ok) return;
  for (const ss::FieldPath& path : kPaths) {
    const ss::FieldValue value = parser.get(path);
    double number = 0;
    parser.get_number(path, number);
    ss::FieldValue in_place;
    parser.get(path, in_place);
    if (!parser.malformed() && in_place.type != value.type) ss::fuzz::fail("the two get()s disagree", line);
  }
  const bool malformed = parser.malformed();
  const bool valid = parser.validate();
  // simdjson 3.0's DOM reports an integer beyond 64 bits as NUMBER_ERROR, like a bad
  // number; EventParser tells them apart (validate()), so either answer may be right.
  simdjson::dom::parser dom;
  simdjson::dom::element root;
  const simdjson::error_code error = dom.parse(simdjson::padded_string(line)).get(root);
  if (error == simdjson::NUMBER_ERROR) return;
  const bool dom_valid = error == simdjson::SUCCESS && root.is_object();
  if (valid != dom_valid)
    ss::fuzz::fail(valid ? "validate() passed invalid JSON" : "validate() refused valid JSON", line);
  if (valid && malformed) ss::fuzz::fail("malformed() on valid JSON", line);
  if (!valid) return;
  // A top-level string member, the last of its name (a name given twice reads as its
  // last value), reads the same both ways. Only
  // names written as they are: On-Demand compares a name as written, so a lookup does
  // not find one spelt with escapes ("caf\u00e9" for café).
  if (line.find("\\u") != std::string_view::npos || line.find("\\/") != std::string_view::npos) return;
  const simdjson::dom::object object = root.get_object().value();
  for (const auto field : object) {
    const bool needs_escapes = std::any_of(field.key.begin(), field.key.end(), [](char c) {
      return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    if (needs_escapes || field.key.find('.') != std::string_view::npos || field.key.empty()) continue;
    std::string_view text;
    if (field.value.get_string().get(text)) continue;
    // The DOM's at_key finds the first of a repeated name: the last is looked for here.
    simdjson::dom::element last_value;
    for (const auto other : object)
      if (other.key == field.key) last_value = other.value;
    std::string_view last;
    if (last_value.get_string().get(last) || last != text) continue;  // not the last of its name
    if (parser.parse(line, padding) != ss::ParseOutcome::ok) ss::fuzz::fail("a second parse failed", line);
    ss::FieldPath path;
    try {
      path = ss::FieldPath(field.key);
    } catch (const ss::Error&) {
      continue;  // a name --key cannot spell
    }
    const ss::FieldValue value = parser.get(path);
    if (value.type != ss::ValueType::string || value.text != text)
      ss::fuzz::fail("a string member reads differently from the DOM", line);
  }
}

bool same_value(const ss::FieldValue& a, const ss::FieldValue& b) {
  return a.type == b.type && a.boolean == b.boolean && a.is_integer == b.is_integer && a.integer == b.integer &&
         a.verbatim == b.verbatim && a.text == b.text &&
         std::memcmp(&a.number, &b.number, sizeof a.number) == 0;  // bit for bit: -0.0 is not 0.0
}

void check_flat_scan(std::string_view line) {
  static ss::EventParser scanned(ss::FlatObjects::scanned);
  static ss::EventParser oracle(ss::FlatObjects::through_simdjson);
  std::string padded(line);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  const std::string_view in_place(padded.data(), line.size());
  const ss::ParseOutcome outcome = scanned.parse(in_place, simdjson::SIMDJSON_PADDING);
  if (outcome != oracle.parse(in_place, simdjson::SIMDJSON_PADDING))
    ss::fuzz::fail("the flat scan parses differently", line);
  if (outcome != ss::ParseOutcome::ok) return;
  for (const ss::FieldPath& path : kPaths) {
    if (!same_value(scanned.get(path), oracle.get(path)) || scanned.malformed() != oracle.malformed())
      ss::fuzz::fail("the flat scan reads a value differently", line);
  }
  if (scanned.validate() != oracle.validate()) ss::fuzz::fail("the flat scan validates differently", line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ss::EventParser parser;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  check(parser, line, 0);
  std::string padded(line);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  check(parser, std::string_view(padded.data(), line.size()), simdjson::SIMDJSON_PADDING);
  check_flat_scan(line);
  return 0;
}
