#include "ss/json/event_parser.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

using ss::EventParser;
using ss::FieldPath;
using ss::ParseOutcome;
using ss::ValueType;

namespace {

constexpr const char* kEvent =
    R"({"ts":"2026-11-23T10:00:01Z","user":"al\"ice\u00e9","n":42,"neg":-7,"x":1.5e3,"big":18446744073709551616,)"
    R"("ok":true,"no":false,"nil":null,"obj":{"a":{"b":"deep"},"k.dot":5,"sl/ash":6,"ti~lde":7},"arr":[1, {"z":2}],)"
    R"("spaced" : 12 , "esc\"key":"v"})";

// Runs `f` in a child process: true when it returns normally. For behaviour that may
// crash, so that a crash fails one test instead of ending the whole run.
bool runs_cleanly(const std::function<void()>& f) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Die of the signal itself, without the test framework's crash report.
    for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(sig, SIG_DFL);
    try {
      f();
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("EventParser accepts a JSON object", "[core][json]") {
  EventParser p;
  CHECK(p.parse(kEvent) == ParseOutcome::ok);
  CHECK(p.line() == kEvent);
  CHECK_FALSE(p.malformed());
}

TEST_CASE("EventParser reports text that is not JSON", "[core][json]") {
  EventParser p;
  for (const char* line : {"hello", "", "   ", "}", "{\"a\":\"unterminated}", "<html>", "nope", "tru", "not json"}) {
    INFO("\"" << line << "\"");
    CHECK(p.parse(line) == ParseOutcome::not_json);
  }
}

TEST_CASE("EventParser reports JSON that is not an object", "[core][json]") {
  EventParser p;
  for (const char* line : {"[1,2]", "42", "\"text\"", "true", "null", "[]"}) {
    INFO(line);
    CHECK(p.parse(line) == ParseOutcome::not_object);
  }
}

TEST_CASE("EventParser get returns every JSON type", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);

  const auto ts = p.get(FieldPath("ts"));
  CHECK(ts.type == ValueType::string);
  CHECK(ts.text == "2026-11-23T10:00:01Z");
  CHECK(ts.present());
  CHECK(ts.is_string());

  const auto n = p.get(FieldPath("n"));
  CHECK(n.type == ValueType::number);
  CHECK(n.is_integer);
  CHECK(n.integer == 42);
  CHECK(n.number == 42.0);
  CHECK(n.text == "42");

  const auto neg = p.get(FieldPath("neg"));
  CHECK(neg.is_integer);
  CHECK(neg.integer == -7);

  const auto x = p.get(FieldPath("x"));
  CHECK(x.is_number());
  CHECK_FALSE(x.is_integer);
  CHECK(x.number == 1500.0);
  CHECK(x.text == "1.5e3");

  const auto big = p.get(FieldPath("big"));
  CHECK(big.is_number());
  CHECK_FALSE(big.is_integer);
  CHECK(big.text == "18446744073709551616");

  const auto yes = p.get(FieldPath("ok"));
  CHECK(yes.type == ValueType::boolean);
  CHECK(yes.boolean);
  CHECK(yes.text == "true");
  const auto no = p.get(FieldPath("no"));
  CHECK(no.type == ValueType::boolean);
  CHECK_FALSE(no.boolean);

  const auto nil = p.get(FieldPath("nil"));
  CHECK(nil.type == ValueType::null);
  CHECK_FALSE(nil.present());

  const auto obj = p.get(FieldPath("obj"));
  CHECK(obj.type == ValueType::object);
  CHECK(obj.text == R"({"a":{"b":"deep"},"k.dot":5,"sl/ash":6,"ti~lde":7})");

  const auto arr = p.get(FieldPath("arr"));
  CHECK(arr.type == ValueType::array);
  CHECK(arr.text == R"([1, {"z":2}])");
  CHECK_FALSE(p.malformed());
}

TEST_CASE("EventParser get unescapes strings", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);
  CHECK(p.get(FieldPath("user")).text == "al\"ice\xc3\xa9");
}

TEST_CASE("EventParser get reads a string without escapes in place, marked verbatim", "[core][json]") {
  EventParser p;
  const std::string_view line = R"({"a":"plain text" , "b":"tab\tbed","c":"","d":"\\"})";
  const std::string padded = std::string(line) + std::string(simdjson::SIMDJSON_PADDING, ' ');
  REQUIRE(p.parse(std::string_view(padded.data(), line.size()), simdjson::SIMDJSON_PADDING) == ParseOutcome::ok);
  const auto a = p.get(FieldPath("a"));
  CHECK(a.text == "plain text");  // without the whitespace before the comma
  CHECK(a.verbatim);
  CHECK(a.text.data() == padded.data() + line.find("plain"));  // in the line, not copied
  const auto b = p.get(FieldPath("b"));
  CHECK(b.text == "tab\tbed");
  CHECK_FALSE(b.verbatim);
  const auto c = p.get(FieldPath("c"));
  CHECK(c.type == ValueType::string);
  CHECK(c.text.empty());
  CHECK(c.verbatim);
  const auto d = p.get(FieldPath("d"));
  CHECK(d.text == "\\");
  CHECK_FALSE(d.verbatim);
}

TEST_CASE("EventParser refuses a line with an unescaped control character in any string", "[core][json]") {
  // The in-place read of strings relies on this check of the whole line.
  EventParser p;
  CHECK(p.parse("{\"a\":\"x\x01y\"}") == ParseOutcome::not_json);
  CHECK(p.parse("{\"a\":1,\"b\":\"\x1f\"}") == ParseOutcome::not_json);
}

TEST_CASE("EventParser get reports absent fields as missing", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);
  CHECK(p.get(FieldPath("nope")).type == ValueType::missing);
  CHECK_FALSE(p.get(FieldPath("nope")).present());
  CHECK(p.get(FieldPath("obj.nope")).type == ValueType::missing);
  CHECK(p.get(FieldPath("obj.a.b.c")).type == ValueType::missing);  // "deep" is not an object
  CHECK(p.get(FieldPath("n.x")).type == ValueType::missing);
  CHECK(p.get(FieldPath("arr.5")).type == ValueType::missing);
  CHECK(p.get(FieldPath("TS")).type == ValueType::missing);  // names are case-sensitive
  CHECK_FALSE(p.malformed());
}

TEST_CASE("EventParser get follows nested paths, quoted dots and pointer escapes", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);
  CHECK(p.get(FieldPath("obj.a.b")).text == "deep");
  CHECK(p.get(FieldPath(R"(obj."k.dot")")).integer == 5);
  CHECK(p.get(FieldPath("obj.sl/ash")).integer == 6);
  CHECK(p.get(FieldPath("obj.ti~lde")).integer == 7);
  CHECK(p.get(FieldPath("arr.1.z")).integer == 2);  // pointer segments index arrays
  CHECK(p.get(FieldPath("obj.a")).text == R"({"b":"deep"})");
}

TEST_CASE("EventParser get matches field names written with escapes, as jq does", "[core][json]") {
  // simdjson's lookups compare names as written; JSON says "us\u0065r" is "user".
  EventParser p;
  REQUIRE(p.parse(R"({"us\u0065r":"al","n\/a":1,"o":{"\u006b":{"d\"q":[5,{"z":"in"}]}},"v":"x\ty"})") ==
          ParseOutcome::ok);
  CHECK(p.get(FieldPath("user")).text == "al");
  CHECK(p.get(FieldPath("n/a")).integer == 1);
  CHECK(p.get(FieldPath("o.k")).type == ValueType::object);
  CHECK(p.get(FieldPath("v")).text == "x\ty");
  CHECK(p.get(FieldPath("nope")).type == ValueType::missing);
  CHECK(p.get(FieldPath("o.k.nope")).type == ValueType::missing);
  CHECK_FALSE(p.malformed());
  REQUIRE(p.parse(R"({"a\u0062":{"c":[7,{"d\u0065":8}]}})") == ParseOutcome::ok);
  CHECK(p.get(FieldPath("ab.c.0")).integer == 7);
  CHECK(p.get(FieldPath("ab.c.1.de")).integer == 8);
  CHECK(p.get(FieldPath("ab.c.2")).type == ValueType::missing);
  CHECK(p.validate());
  // An escaped quote and a colon inside a value do not hide a name written with escapes.
  REQUIRE(p.parse(R"({"msg":"a \"x\": y\\","k\u0065y" : 3})") == ParseOutcome::ok);
  CHECK(p.get(FieldPath("key")).integer == 3);
  CHECK(p.get(FieldPath("x")).type == ValueType::missing);
}

TEST_CASE("EventParser get trims the whitespace that follows a number", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);
  const auto v = p.get(FieldPath("spaced"));
  CHECK(v.integer == 12);
  CHECK(v.text == "12");
}

TEST_CASE("EventParser get can look up fields in any order and more than once", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(kEvent) == ParseOutcome::ok);
  for (int i = 0; i < 3; ++i) {
    CHECK(p.get(FieldPath("spaced")).integer == 12);
    CHECK(p.get(FieldPath("obj.a.b")).text == "deep");
    CHECK(p.get(FieldPath("ts")).text == "2026-11-23T10:00:01Z");
    CHECK(p.get(FieldPath("arr.0")).integer == 1);
    CHECK(p.get(FieldPath("n")).integer == 42);
  }
}

TEST_CASE("EventParser can be reused for many lines", "[core][json]") {
  EventParser p;
  for (int i = 0; i < 2000; ++i) {
    const std::string line = "{\"i\":" + std::to_string(i) + ",\"s\":\"" +
                             std::string(static_cast<size_t>(i % 97), 'x') +
                             "\",\"nested\":{\"i\":" + std::to_string(-i) + "}}";
    REQUIRE(p.parse(line) == ParseOutcome::ok);
    REQUIRE(p.get(FieldPath("i")).integer == i);
    REQUIRE(p.get(FieldPath("s")).text.size() == static_cast<size_t>(i % 97));
    REQUIRE(p.get(FieldPath("nested.i")).integer == -i);
    if (i % 100 == 0) {
      // A bad line in between does not disturb the next one.
      REQUIRE(p.parse("not json") == ParseOutcome::not_json);
    }
  }
}

TEST_CASE("EventParser parses in place when the caller provides padding", "[core][json]") {
  const std::string line = R"({"ts":1,"user":"bob"})";
  // A buffer that really has the padding after the line, filled with bytes that would
  // break the parse if they were read as part of the document.
  std::string buffer = line + std::string(64, '}');
  EventParser p;
  REQUIRE(p.parse(std::string_view(buffer.data(), line.size()), 64) == ParseOutcome::ok);
  CHECK(p.get(FieldPath("user")).text == "bob");
  CHECK(p.get(FieldPath("ts")).integer == 1);
  CHECK(p.line().data() == buffer.data());  // no copy was made
}

TEST_CASE("EventParser copies a line given with too little padding", "[core][json]") {
  const std::string line = R"({"a":"x"})";
  EventParser p;
  REQUIRE(p.parse(line, 3) == ParseOutcome::ok);
  CHECK(p.get(FieldPath("a")).text == "x");
}

TEST_CASE("EventParser flags invalid JSON that a lookup runs into", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(R"({"a":1,"b":tru,"c":3})") == ParseOutcome::ok);
  CHECK(p.get(FieldPath("a")).integer == 1);
  CHECK_FALSE(p.malformed());
  CHECK(p.get(FieldPath("b")).type == ValueType::missing);
  CHECK(p.malformed());
  // The next parse starts clean.
  REQUIRE(p.parse(R"({"a":1})") == ParseOutcome::ok);
  CHECK_FALSE(p.malformed());
}

TEST_CASE("EventParser reports an unclosed object as malformed at the first lookup", "[core][json]") {
  EventParser p;
  for (const char* line : {"{", R"({"ts":5,"user":"a")", R"({"a":{"b":1)", R"({"ts":1} x)"}) {
    INFO(line);
    // On-Demand parsing is lazy: the object is accepted, the lookup finds the damage.
    REQUIRE(p.parse(line) == ParseOutcome::ok);
    CHECK(p.get(FieldPath("ts")).type == ValueType::missing);
    CHECK(p.malformed());
  }
}

TEST_CASE("EventParser get after a lookup that hit invalid JSON returns missing instead of crashing", "[core][json]") {
  // A lookup that runs into invalid JSON makes simdjson abandon the document (its
  // parser pointer is nulled); a later lookup must not rewind it. In a child process,
  // so that a crash fails this test only.
  for (const char* line : {"{", R"({"ts":5,"user":"a")", R"({"ts":1,"user":"x","z":[})"}) {
    INFO(line);
    CHECK(runs_cleanly([line] {
      EventParser p;
      if (p.parse(line) != ParseOutcome::ok) return;
      (void)p.get(FieldPath("nope"));
      (void)p.get(FieldPath("user"));
      (void)p.get(FieldPath("a.b"));
      (void)p.validate();
    }));
  }
}

TEST_CASE("EventParser get reports a misspelt literal as malformed instead of throwing", "[core][json]") {
  // `nul` looks like null by its first byte and then fails is_null(); converting that
  // failed result to bool would throw simdjson_error.
  EventParser p;
  REQUIRE(p.parse(R"({"ts":nul,"user":"a"})") == ParseOutcome::ok);
  ss::FieldValue v;
  CHECK_NOTHROW(v = p.get(FieldPath("ts")));
  CHECK(v.type == ValueType::missing);
  CHECK(p.malformed());
}

TEST_CASE("EventParser get reports a misspelt true or false as malformed", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(R"({"a":tru,"b":fals})") == ParseOutcome::ok);
  CHECK(p.get(FieldPath("a")).type == ValueType::missing);
  CHECK(p.malformed());
}

TEST_CASE("EventParser get does not hand out an array with a mismatched bracket as raw JSON", "[core][json]") {
  // raw_json() of an array only counts nesting: unchecked, `[1,2}` would be copied
  // into output records (keys, list aggregates) as if it were JSON.
  EventParser p;
  REQUIRE(p.parse(R"({"a":[1,2},"ts":1})") == ParseOutcome::ok);
  const auto v = p.get(FieldPath("a"));
  CHECK(v.type == ValueType::missing);
  CHECK(p.malformed());
}

TEST_CASE("EventParser validate accepts valid lines, also after lookups and more than once", "[core][json]") {
  EventParser p;
  REQUIRE(p.parse(R"({"a":1,"b":[1,2,{"c":null,"d":[true,false,"x\u00e9"]}],"e":{},"f":[],"g":-1.5e-3})") ==
          ParseOutcome::ok);
  CHECK(p.validate());
  CHECK(p.get(FieldPath("b.2.d.2")).text == "x\xc3\xa9");
  CHECK(p.validate());
  CHECK(p.get(FieldPath("a")).integer == 1);
}

TEST_CASE("EventParser validate finds errors that no lookup visited", "[core][json]") {
  EventParser p;
  for (const char* line : {R"({"a":1,"b":"x" "c":2})", R"({"a":1,"b":[1,2,{"c":tru}]})", R"({"a":"\q"})",
                           R"({"a":[1,2}})", R"({"a":1,})", R"({"a":01})", R"({"a":1} x)"}) {
    INFO(line);
    REQUIRE(p.parse(line) == ParseOutcome::ok);
    CHECK_FALSE(p.validate());
  }
}

TEST_CASE("EventParser validate accepts integers beyond 64 bits", "[core][json]") {
  // Valid JSON. simdjson 3.0's DOM parser gives NUMBER_ERROR for them, the same code as
  // for a malformed number such as `01`: validate() then looks again.
  EventParser p;
  REQUIRE(p.parse(R"({"big":18446744073709551616,"n":[-1e999999,{"x":123456789012345678901234567890}]})") ==
          ParseOutcome::ok);
  CHECK(p.validate());
  REQUIRE(p.parse(R"({"big":18446744073709551616,"bad":01})") == ParseOutcome::ok);
  CHECK_FALSE(p.validate());
  REQUIRE(p.parse(R"({"big":18446744073709551616}})") == ParseOutcome::ok);
  CHECK_FALSE(p.validate());
}

TEST_CASE("EventParser validate refuses invalid JSON that lookups never visit", "[core][json]") {
  EventParser p;
  const char with_nul[] = "{\"ts\":\"2026-01-01T00:00:00Z\",\"a\":1}\0{\"ts\":1}";
  for (const std::string& line :
       {std::string(R"({"ts":"2026-01-01T00:00:00Z","a":1}}})"),
        std::string(R"({"ts":"2026-01-01T00:00:00Z","a":NaN})"), std::string(with_nul, sizeof with_nul - 1)}) {
    INFO(line);
    REQUIRE(p.parse(line) == ParseOutcome::ok);
    CHECK(p.get(FieldPath("ts")).type == ValueType::string);
    CHECK_FALSE(p.validate());
  }
}

TEST_CASE("EventParser validate refuses a line with a stray closing brace", "[core][json]") {
  // A walk of the root object alone would stop at its end and never look past it.
  EventParser p;
  REQUIRE(p.parse(R"({"a":1}})") == ParseOutcome::ok);
  CHECK_FALSE(p.validate());
}

TEST_CASE("EventParser string values of several lookups stay valid together", "[core][json]") {
  // simdjson unescapes every lookup into the same scratch space; a second lookup used to
  // overwrite the first value (a key of two string fields, or a == b, read garbage).
  EventParser p;
  const std::string line = R"({"a":"first\u0041","b":"second\u0042","c":"plain","d":"x\"y"})";
  REQUIRE(p.parse(line) == ParseOutcome::ok);
  const auto a = p.get(FieldPath("a"));
  const auto c = p.get(FieldPath("c"));
  const auto b = p.get(FieldPath("b"));
  const auto d = p.get(FieldPath("d"));
  const auto c_again = p.get(FieldPath("c"));
  CHECK(a.text == "firstA");
  CHECK(b.text == "secondB");
  CHECK(c.text == "plain");
  CHECK(d.text == "x\"y");
  CHECK(c_again.text == "plain");
}

TEST_CASE("EventParser reads numbers of 20 characters and more exactly", "[core][json]") {
  // simdjson 3.0's On-Demand reads the first as 0 and the second as about 1e-14; nested,
  // so that simdjson reads them rather than the flat scan.
  for (const ss::FlatObjects flat : {ss::FlatObjects::scanned, ss::FlatObjects::through_simdjson}) {
    EventParser p(flat);
    REQUIRE(
        p.parse(
            R"({"o":{}, "a":1.3903037877497003512,"b":0.1000000000000000055511151231257827,"c":12345678901234567890})") ==
        ParseOutcome::ok);
    CHECK(p.get(FieldPath("a")).number == 1.3903037877497003512);
    CHECK(p.get(FieldPath("b")).number == 0.1);
    CHECK(p.get(FieldPath("c")).number == 12345678901234567890.0);
    CHECK_FALSE(p.get(FieldPath("c")).is_integer);
    REQUIRE(p.parse(R"({"a":1.3903037877497003512,"b":0.1000000000000000055511151231257827})") == ParseOutcome::ok);
    CHECK(p.read_flat() == (flat == ss::FlatObjects::scanned));
    CHECK(p.get(FieldPath("a")).number == 1.3903037877497003512);
    CHECK(p.get(FieldPath("b")).number == 0.1);
  }
}

namespace {

// Every value EventParser gives for `line`, and its verdicts, as text: what the flat
// scan must reproduce exactly. Names are the line's quoted strings and a few others,
// looked up in the same order on both sides (a lookup into invalid JSON changes what
// later ones see).
std::string reading_of(EventParser& parser, const std::string& line) {
  std::string padded = line + std::string(64, '}');
  std::string out;
  const ParseOutcome outcome = parser.parse(std::string_view(padded.data(), line.size()), 64);
  out += "outcome " + std::to_string(static_cast<int>(outcome)) + "\n";
  if (outcome != ParseOutcome::ok) return out;
  std::vector<std::string> names = {"ts", "a", "b", "missing", "\"\"", "a.b", "ts.x"};
  for (size_t q = line.find('"'); q != std::string::npos;) {
    const size_t end = line.find('"', q + 1);
    if (end == std::string::npos) break;
    const std::string name = line.substr(q + 1, end - q - 1);
    if (name.find('"') == std::string::npos && name.find('\\') == std::string::npos)
      names.push_back(name.find('.') == std::string::npos && !name.empty() ? name : "\"" + name + "\"");
    q = line.find('"', end + 1);
  }
  for (const std::string& name : names) {
    const ss::FieldValue v = parser.get(FieldPath(name));
    char number[64];
    std::snprintf(number, sizeof number, "%a", v.number);
    out += name + ": type " + std::to_string(static_cast<int>(v.type)) + " bool " + std::to_string(v.boolean) +
           " number " + number + " integer " + std::to_string(v.integer) + " is_integer " +
           std::to_string(v.is_integer) + " verbatim " + std::to_string(v.verbatim) + " text [" + std::string(v.text) +
           "] malformed " + std::to_string(parser.malformed()) + "\n";
  }
  out += "valid " + std::to_string(parser.validate()) + "\n";
  return out;
}

// Lines near the flat subset's edges: its own members and the ones it leaves to simdjson.
std::string random_line(std::mt19937& random) {
  static const std::vector<std::string> names = {"ts", "a", "b", "", "a.b", "caf\xc3\xa9", "x y", "\\u0061"};
  static const std::vector<std::string> values = {"\"2026-11-23T10:00:01Z\"",
                                                  "\"\"",
                                                  "\"plain text of some length, past sixteen bytes\"",
                                                  "\"esc\\\"aped\"",
                                                  "\"\\u00e9\"",
                                                  "\"caf\xc3\xa9\"",
                                                  "\"\x7f\"",
                                                  "0",
                                                  "-0",
                                                  "-0.0",
                                                  "0.0",
                                                  "12",
                                                  "-12",
                                                  "123456789012345678",
                                                  "1234567890123456789",
                                                  "9223372036854775807",
                                                  "-9223372036854775808",
                                                  "18446744073709551616",
                                                  "1.5",
                                                  "-2.25e-3",
                                                  "1E5",
                                                  "1e+5",
                                                  "4.9e-324",
                                                  "2.2250738585072014e-308",
                                                  "1e-400",
                                                  "1e400",
                                                  "1.7976931348623157e308",
                                                  "0.1000000000000000055511151231257827",
                                                  "true",
                                                  "false",
                                                  "null",
                                                  "[]",
                                                  "[1,{\"a\":2}]",
                                                  "{}",
                                                  "{\"a\":1}"};
  std::uniform_int_distribution<size_t> pick_name(0, names.size() - 1);
  std::uniform_int_distribution<size_t> pick_value(0, values.size() - 1);
  std::uniform_int_distribution<int> members(0, 5);
  std::uniform_int_distribution<int> percent(0, 99);
  const auto space = [&] { return percent(random) < 10 ? std::string(" \t\r\n").substr(percent(random) % 4, 1) : ""; };
  std::string line = space() + "{" + space();
  const int count = members(random);
  for (int m = 0; m < count; ++m) {
    if (m > 0) line += space() + "," + space();
    line += "\"" + names[pick_name(random)] + "\"" + space() + ":" + space() + values[pick_value(random)];
  }
  line += space() + "}" + space();
  // One line in three gets a byte changed, dropped or added.
  if (percent(random) < 33 && !line.empty()) {
    static const std::string odd = "{}[]\",:\\ 0-.eE+tfn\x01\x80\xff";
    const size_t at = static_cast<size_t>(percent(random)) * line.size() / 100;
    switch (percent(random) % 3) {
      case 0: line[at] = odd[static_cast<size_t>(percent(random)) % odd.size()]; break;
      case 1: line.erase(at, 1); break;
      default: line.insert(at, 1, odd[static_cast<size_t>(percent(random)) % odd.size()]); break;
    }
  }
  return line;
}

}  // namespace

TEST_CASE("EventParser reads a flat object exactly as simdjson reads it", "[core][json]") {
  EventParser scanned(ss::FlatObjects::scanned);
  EventParser adaptive;  // what the tools use: scanned or not, the same reading
  EventParser oracle(ss::FlatObjects::through_simdjson);
  std::mt19937 random(24);
  size_t flat = 0;
  for (int i = 0; i < 40000; ++i) {
    const std::string line = random_line(random);
    INFO(line);
    const std::string expected = reading_of(oracle, line);
    REQUIRE(reading_of(scanned, line) == expected);
    REQUIRE(reading_of(adaptive, line) == expected);
    flat += scanned.read_flat() ? 1 : 0;
    CHECK_FALSE(oracle.read_flat());
  }
  // Both kinds of line were compared.
  CHECK(flat > 8000);
  CHECK(flat < 32000);
}

TEST_CASE("EventParser stops offering lines to the scan after a run of refusals, and tries again", "[core][json]") {
  EventParser p;
  const std::string nested = R"({"ts":"2026-11-23T10:00:01Z","n":7,"meta":{"a":1}})";
  const std::string flat = R"({"ts":"2026-11-23T10:00:02Z","n":8})";
  // A nested line now and then does not stop the scan.
  for (int i = 0; i < 100; ++i) {
    const std::string& line = i % 8 == 7 ? nested : flat;
    REQUIRE(p.parse(line) == ParseOutcome::ok);
    CHECK(p.read_flat() == (&line == &flat));
  }
  // A run of them does: the lines that follow go to simdjson and read the same.
  for (uint32_t i = 0; i < EventParser::kRefusalsBeforeBackOff; ++i) {
    REQUIRE(p.parse(nested) == ParseOutcome::ok);
    CHECK(p.get(FieldPath("meta.a")).integer == 1);
  }
  // A retry that is refused keeps the back-off: the next retry is kRetryInterval lines on.
  for (uint32_t i = 0; i < EventParser::kRetryInterval; ++i) {
    REQUIRE(p.parse(nested) == ParseOutcome::ok);
    CHECK_FALSE(p.read_flat());
  }
  uint32_t through_simdjson = 0;
  while (true) {
    REQUIRE(p.parse(flat) == ParseOutcome::ok);
    CHECK(p.get(FieldPath("n")).integer == 8);
    CHECK(p.get(FieldPath("ts")).text == "2026-11-23T10:00:02Z");
    CHECK(p.validate());
    if (p.read_flat()) break;
    ++through_simdjson;
    REQUIRE(through_simdjson < EventParser::kRetryInterval);
  }
  CHECK(through_simdjson == EventParser::kRetryInterval - 1);
  // One accepted line ends the back-off.
  REQUIRE(p.parse(flat) == ParseOutcome::ok);
  CHECK(p.read_flat());
}

TEST_CASE("EventParser offers lines that are not JSON to simdjson alone once they come in a run", "[core][json]") {
  EventParser p;
  for (uint32_t i = 0; i < EventParser::kRefusalsBeforeBackOff + 5; ++i)
    CHECK(p.parse("not json") == ParseOutcome::not_json);
  REQUIRE(p.parse(R"({"a":1})") == ParseOutcome::ok);
  CHECK_FALSE(p.read_flat());
  CHECK(p.get(FieldPath("a")).integer == 1);
}

TEST_CASE("EventParser finds the last value of a name given twice, as jq does", "[core][json]") {
  // Flat lines (read by the scan), nested ones and ones with escaped names (read by
  // simdjson, over the line written once more without repeats) agree.
  struct Case {
    const char* line;
    const char* path;
    const char* text;
  };
  const Case cases[] = {
      {R"({"user":"a","user":"b"})", "user", "b"},
      {R"({"user":"a","n":1,"user":"b","n":2})", "n", "2"},
      {R"({"user":"a","x":{"k":1},"user":"b"})", "user", "b"},
      {R"({"x":{"k":"1","k":"2"},"x":{"k":"3","k":"4"}})", "x.k", "4"},
      {R"({"x":{"k":"1","k":"2"}})", "x.k", "2"},
      {R"({"\u0075ser":"a","user":"b"})", "user", "b"},
      {R"({"user":"a","\u0075ser":"b"})", "user", "b"},
      {R"({"user":"a","big":18446744073709551616,"user":"b"})", "user", "b"},
      {R"({"v":[1,{"k":"1","k":"2"}]})", "v.1.k", "2"},
      {R"({"":1E5 ,"":"x"})", "\"\"", "x"},
  };
  for (const auto mode : {ss::FlatObjects::scanned, ss::FlatObjects::through_simdjson, ss::FlatObjects::adaptive}) {
    EventParser parser(mode);
    for (const Case& c : cases) {
      INFO(c.line << " " << c.path);
      REQUIRE(parser.parse(c.line) == ParseOutcome::ok);
      const ss::FieldValue value = parser.get(FieldPath(c.path));
      CHECK_FALSE(parser.malformed());
      CHECK(value.text == c.text);
      // The line itself is handed on as it came.
      CHECK(parser.line() == c.line);
    }
  }
  // A line whose repeats are left out is checked whole first: an invalid value in a
  // member left out still makes the line bad.
  for (const auto mode : {ss::FlatObjects::scanned, ss::FlatObjects::through_simdjson}) {
    EventParser parser(mode);
    REQUIRE(parser.parse(R"({"user":tru,"x":{},"user":"b"})") == ParseOutcome::ok);
    CHECK(parser.get(FieldPath("user")).type == ValueType::missing);
    CHECK(parser.malformed());
    REQUIRE(parser.parse(R"({"user":"a","x":{},"user":"b"} x)") == ParseOutcome::ok);
    parser.get(FieldPath("user"));
    CHECK(parser.malformed());
  }
  // Objects read whole have their repeats left out too, as ss-ingest writes them.
  EventParser parser;
  REQUIRE(parser.parse(R"({"x":{"k":1,"k":2},"y":[3]})") == ParseOutcome::ok);
  CHECK(parser.get(FieldPath("x")).text == R"({"k":2})");
}
