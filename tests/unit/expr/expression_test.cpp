#include "ss/expr/expression.hpp"
#include "ss/json/event_parser.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/base/error.hpp"

using ss::Expression;
using ss::ExprInput;

namespace {

constexpr const char* kEvent =
    R"({"ts":"2026-11-24T10:30:15.250Z","status":503,"code":"404","path":"/api/v1/Users/42","ms":12.5,)"
    R"("user":{"id":"u7","tags":["a","b"]},"ok":true,"none":null,"user-agent":"curl/8.0","café":"x"})";

/// The value of `expression` on `event`, as --set would write it.
std::string eval(const std::string& expression, const std::string& event = kEvent) {
  ss::EventParser parser;
  REQUIRE(parser.parse(event) == ss::ParseOutcome::ok);
  Expression e = Expression::compile(expression, "--where");
  std::string out;
  ss::append_json_value(out, e.evaluate(ExprInput{parser, ss::parse_rfc3339("2026-11-24T10:30:15Z")}));
  return out;
}

std::string error_of(const std::string& expression) {
  try {
    Expression::compile(expression, "--where");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  FAIL("no error for " << expression);
  return {};
}

}  // namespace

TEST_CASE("expressions read fields by name, dotted path and quoted name", "[expr]") {
  CHECK(eval("status") == "503");
  CHECK(eval("user.id") == R"("u7")");
  CHECK(eval("user.tags.1") == R"("b")");
  CHECK(eval("user.tags") == R"(["a","b"])");
  CHECK(eval("`user-agent`") == R"("curl/8.0")");
  CHECK(eval("`café`") == R"("x")");
  CHECK(eval("missing") == "null");
  CHECK(eval("user.missing.deeper") == "null");
}

TEST_CASE("expressions compute arithmetic with numbers, numeric text, times and durations", "[expr]") {
  CHECK(eval("status + 1") == "504");
  CHECK(eval("code + 1") == "405");  // "404" from a CSV is still a number
  CHECK(eval("7 % 3 * 2 - 1") == "1");
  CHECK(eval("-ms") == "-12.5");
  CHECK(eval("1 / 0") == "null");
  CHECK(eval("\"a\" + \"b\"") == R"("ab")");
  CHECK(eval("path + 1") == "null");
  CHECK(eval("ts + 5m") == R"("2026-11-24T10:35:15.250Z")");
  CHECK(eval("ts - 2026-11-24T10:00:00Z") == "1815.25");  // a duration, written in seconds
  CHECK(eval("1h30m / 30m") == "3");
  CHECK(eval("2 * 90s") == "180");
  CHECK(eval("2026-11-24") == R"("2026-11-24T00:00:00.000Z")");
}

TEST_CASE("expressions compare across the types a log holds", "[expr]") {
  CHECK(eval("status >= 500") == "true");
  CHECK(eval("code == 404") == "true");
  CHECK(eval("code = '404'") == "true");
  CHECK(eval("status <> 503") == "false");
  CHECK(eval("path == 5") == "false");  // unequal types are unequal
  CHECK(eval("path < 5") == "null");    // and have no order
  CHECK(eval("ts > 2026-11-24T10:00:00Z") == "true");
  CHECK(eval("ts < '2026-11-24T10:30:15.251Z'") == "true");
  CHECK(eval("1h > 59m") == "true");
  CHECK(eval("user.tags == user.tags") == "true");
}

TEST_CASE("NULL follows SQL: comparisons are unknown and logic is three-valued", "[expr]") {
  CHECK(eval("missing == 1") == "null");
  CHECK(eval("missing != 1") == "null");
  CHECK(eval("none == null") == "null");
  CHECK(eval("missing is null") == "true");
  CHECK(eval("none is null") == "true");
  CHECK(eval("status is not null") == "true");
  CHECK(eval("missing == 1 and false") == "false");
  CHECK(eval("missing == 1 and true") == "null");
  CHECK(eval("missing == 1 or true") == "true");
  CHECK(eval("missing == 1 or false") == "null");
  CHECK(eval("not (missing == 1)") == "null");
  CHECK(eval("missing in [1, 2]") == "null");
  CHECK(eval("3 in [1, null]") == "null");
  CHECK(eval("1 in [1, null]") == "true");
  CHECK(eval("3 not in [1, 2]") == "true");
  CHECK(eval("missing + 1") == "null");
  CHECK(eval("exists(none)") == "true");
  CHECK(eval("exists(missing)") == "false");
}

TEST_CASE("a condition holds only when it is true", "[expr]") {
  ss::EventParser parser;
  REQUIRE(parser.parse(kEvent) == ss::ParseOutcome::ok);
  Expression unknown = Expression::compile("missing > 1", "--where");
  Expression yes = Expression::compile("ok && status IN (503, 504)", "--where");
  CHECK_FALSE(unknown.matches(ExprInput{parser, std::nullopt}));
  CHECK(yes.matches(ExprInput{parser, std::nullopt}));
}

TEST_CASE("regular expressions match strings and the text of numbers", "[expr]") {
  CHECK(eval(R"(path =~ "^/api/v\d+/")") == "true");
  CHECK(eval(R"(path !~ "users")") == "true");
  CHECK(eval(R"(path =~ "(?i)users")") == "true");
  CHECK(eval(R"(status =~ "^5")") == "true");
  CHECK(eval(R"(missing =~ "x")") == "null");
}

TEST_CASE("string functions", "[expr]") {
  CHECK(eval("lower(path)") == R"("/api/v1/users/42")");
  CHECK(eval("upper('abc')") == R"("ABC")");
  CHECK(eval("len('café')") == "4");
  CHECK(eval("contains(path, 'Users')") == "true");
  CHECK(eval("starts_with(path, '/api')") == "true");
  CHECK(eval("ends_with(path, '/41')") == "false");
  CHECK(eval("substr('héllo', 2, 3)") == R"("éll")");
  CHECK(eval("substr('abc', 0, 2)") == R"("a")");
  CHECK(eval("substr('abc', 2)") == R"("bc")");
  CHECK(eval("substr('abc', 5)") == R"("")");
  CHECK(eval("split_part(path, '/', 3)") == R"("v1")");
  CHECK(eval("split_part(path, '/', -1)") == R"("42")");
  CHECK(eval("split_part(path, '/', 9)") == R"("")");
  CHECK(eval("split_part(path, '/', 2555555555555555555555555555555555555555555)") == R"("")");
  CHECK(eval("split_part(path, '/', -2555555555555555555555555555555555555555555)") == R"("")");
  CHECK(eval("replace(path, '/', '.')") == R"(".api.v1.Users.42")");
  CHECK(eval("string(status) + 'x'") == R"("503x")");
  CHECK(eval("lower(missing)") == "null");
}

TEST_CASE("number functions and coalesce, if", "[expr]") {
  CHECK(eval("abs(-3)") == "3");
  CHECK(eval("abs(-5m)") == "300");
  CHECK(eval("round(2.5)") == "3");
  CHECK(eval("round(-2.5)") == "-3");
  CHECK(eval("round(ms / 7, 2)") == "1.79");
  CHECK(eval("floor(-1.5)") == "-2");
  CHECK(eval("ceil(1.2)") == "2");
  CHECK(eval("min(3, missing, 1, 2)") == "1");
  CHECK(eval("max('a', 'c', 'b')") == R"("c")");
  CHECK(eval("coalesce(missing, none, code)") == R"("404")");
  CHECK(eval("if(status >= 500, 'error', 'ok')") == R"("error")");
  CHECK(eval("if(missing > 1, 'yes', 'no')") == R"("no")");
  CHECK(eval("number('1.5e3')") == "1500");
  CHECK(eval("number(true)") == "1");
}

TEST_CASE("time functions work in UTC on times, RFC 3339 text and epoch numbers", "[expr]") {
  CHECK(eval("hour(ts)") == "10");
  CHECK(eval("minute(ts)") == "30");
  CHECK(eval("weekday(ts)") == "2");  // 2026-11-24 is a Tuesday
  CHECK(eval("weekday(0)") == "4");   // 1970-01-01 was a Thursday
  CHECK(eval("hour(1700000000)") == "22");
  CHECK(eval("date_trunc('hour', ts)") == R"("2026-11-24T10:00:00.000Z")");
  CHECK(eval("date_trunc('week', ts)") == R"("2026-11-23T00:00:00.000Z")");
  CHECK(eval("date_trunc('month', ts)") == R"("2026-11-01T00:00:00.000Z")");
  CHECK(eval("date_trunc('year', ts)") == R"("2026-01-01T00:00:00.000Z")");
  CHECK(eval("date_trunc('day', '1969-12-31T23:00:00Z')") == R"("1969-12-31T00:00:00.000Z")");
  CHECK(eval("time_bucket(15m, ts)") == R"("2026-11-24T10:30:00.000Z")");
  CHECK(eval("time_bucket(1h, -1)") == R"("1969-12-31T23:00:00.000Z")");
  CHECK(eval("time('2026-11-24T12:00:00+02:00')") == R"("2026-11-24T10:00:00.000Z")");
  CHECK(eval("event_time()") == R"("2026-11-24T10:30:15.000Z")");
  CHECK(eval("ts - event_time()") == "0.25");
  CHECK(eval("hour('not a time')") == "null");
}

TEST_CASE("the canonical form is fully parenthesised and parses to itself", "[expr]") {
  const char* cases[] = {
      "a + b * c > 1 AND NOT x IN (1, 'two') OR `user-agent` =~ 'bot'",
      "-5m + ts <= 2026-11-24T10:00:00.5Z and exists(u.id) and y is not null",
      "coalesce(a.b, \"q\\\"uote\") != lower(p)",
  };
  for (const char* text : cases) {
    const Expression e = Expression::compile(text, "--where");
    const Expression again = Expression::compile(e.canonical(), "--where");
    CHECK(again.canonical() == e.canonical());
  }
  CHECK(Expression::compile("a+b*c>1 AND NOT x", "--where").canonical() == "(((a + (b * c)) > 1) and (not x))");
}

TEST_CASE("expressions know their type at compile time where they can", "[expr]") {
  CHECK(Expression::compile("a > 1", "--where").static_type() == ss::ExprType::boolean);
  CHECK(Expression::compile("lower(a)", "--where").static_type() == ss::ExprType::string);
  CHECK_FALSE(Expression::compile("a", "--where").static_type().has_value());
  CHECK_THROWS_WITH(ss::compile_condition("lower(path)", "--where"),
                    "--where: needs a condition such as status >= 500, but 'lower(path)' gives a string");
  CHECK_NOTHROW(ss::compile_condition("ok", "--where"));
}

TEST_CASE("syntax errors name the flag, the column and what was expected", "[expr]") {
  CHECK(error_of("status ==") ==
        "--where: column 10: expected a value (a field, a literal or a function call), "
        "found end of expression");
  CHECK(error_of("status == 5 5") ==
        "--where: column 13: expected an operator or the end of the expression, found '5'");
  CHECK(error_of("(a > 1") == "--where: column 7: expected ')', found end of expression");
  CHECK(error_of("a # b") == "--where: column 3: unexpected character '#'");
  CHECK(error_of("'open") == "--where: column 1: unterminated string");
  CHECK(error_of("a =~ b") == "--where: column 6: expected a regular expression in quotes, found 'b'");
  CHECK(error_of("a =~ '('").starts_with("--where: column 3: bad regular expression /(/ at offset 1: "));
  CHECK(error_of("nosuch(a)").starts_with("--where: column 1: unknown function 'nosuch' (known: lower, upper,"));
  CHECK(error_of("lower(a, b)") == "--where: column 1: lower takes 1 argument: lower(s)");
  CHECK(error_of("exists(1)") == "--where: column 1: exists() takes a field name, such as exists(user.id)");
  CHECK(error_of("date_trunc('fortnight', ts)").starts_with("--where: column 1: date_trunc's first argument"));
  CHECK(error_of("time_bucket(0s, ts)").starts_with("--where: column 1: time_bucket's first argument"));
  CHECK(error_of("5x") == "--where: column 1: '5x' is not a number or a duration (units: ns, us, ms, s, m, h, d, w)");
  CHECK(error_of("2026-13-01") == "--where: column 1: '2026-13-01' is not a valid time");
  CHECK(error_of("a is 5") == "--where: column 6: expected null or not null after 'is', found '5'");
  CHECK(error_of("a in 5") == "--where: column 6: expected a list such as [1, 2] after 'in', found '5'");
  CHECK(error_of("a.") == "--where: column 3: expected a field name after '.'");
  CHECK(error_of("") ==
        "--where: column 1: expected a value (a field, a literal or a function call), found end of "
        "expression");
}

TEST_CASE("computed fields split NAME=EXPRESSION at the first lone =", "[expr]") {
  const ss::ComputedField f = ss::parse_computed_field("is_err = (status >= 500) == true", "--set");
  CHECK(f.name == "is_err");
  CHECK(f.value.canonical() == "((status >= 500) == true)");
  CHECK(ss::parse_computed_field("x=a!=b", "--set").value.canonical() == "(a != b)");
  CHECK_THROWS_WITH(ss::parse_computed_field("=1", "--set"), "--set =1: the name before '=' is empty");
  CHECK_THROWS_WITH(ss::parse_computed_field("a==1", "--set"), "--set a==1: expected NAME=EXPRESSION");
  CHECK_THROWS_WITH(ss::parse_computed_field("y=(", "--set"),
                    "--set y: column 2: expected a value (a field, a literal or a function call), found end of "
                    "expression");
}

TEST_CASE("expressions nested beyond the limit are refused, not a stack overflow", "[expr]") {
  CHECK_THAT(error_of(std::string(300, '-') + "1"), Catch::Contains("nests too deeply"));
  CHECK_THAT(error_of(std::string(40, '(') + "1" + std::string(40, ')')), Catch::Contains("nests too deeply"));
  std::string chain = "a";
  for (int i = 0; i < 250; ++i) chain += " or a";
  CHECK_THAT(error_of(chain), Catch::Contains("nests too deeply"));
  // What people write stays far below it.
  CHECK_NOTHROW(ss::Expression::compile(std::string(20, '(') + "1" + std::string(20, ')'), "--where"));
  CHECK_NOTHROW(ss::Expression::compile("a or b or c or d or e or f or g or h or i or j or k or l", "--where"));
}

TEST_CASE("time and duration arithmetic beyond the range of time is NULL", "[expr]") {
  ss::EventParser parser;
  REQUIRE(parser.parse(R"({"t":"2026-11-01T00:00:00Z"})") == ss::ParseOutcome::ok);
  const auto eval = [&](const std::string& text) {
    auto e = ss::Expression::compile(text, "--where");
    return e.evaluate(ss::ExprInput{parser, std::nullopt}).is_null();
  };
  CHECK(eval("999999d * 106 + 999999d"));                 // past the largest duration
  CHECK(eval("time(t) - 999999d * 106 - 999999d * 10"));  // before the earliest time
  CHECK(eval("999999d * 1e9"));
  CHECK_FALSE(eval("time(t) + 1d"));
}

TEST_CASE("a regex that hits PCRE2's match limit fails the evaluation instead of not matching", "[expr]") {
  // 25 a's match (.*a){25}, but only after more backtracking than PCRE2 allows.
  const std::string event = R"({"path":"/aaaaaaaaaaaaaaaaaaaaaaaaa","n":1})";
  ss::EventParser parser;
  REQUIRE(parser.parse(event) == ss::ParseOutcome::ok);
  for (const char* text : {R"(path =~ "(.*a){25}")", R"(path !~ "(.*a){25}")", R"(not (path =~ "(.*a){25}"))",
                           R"(n == 2 or path =~ "(.*a){25}")"}) {
    INFO(text);
    Expression e = Expression::compile(text, "--where");
    CHECK_FALSE(e.matches(ExprInput{parser, std::nullopt}));
    CHECK(e.failed());
    CHECK(e.error() == R"(regex "(.*a){25}" hit PCRE2's match limit)");
  }
  SECTION("regex_extract fails the same way, with a pattern from the event too") {
    for (const char* text : {R"(regex_extract(path, "(.*a){25}"))", R"(regex_extract(path, pattern))"}) {
      INFO(text);
      REQUIRE(parser.parse(R"({"path":"/aaaaaaaaaaaaaaaaaaaaaaaaa","pattern":"(.*a){25}"})") == ss::ParseOutcome::ok);
      Expression e = Expression::compile(text, "--set");
      CHECK(e.evaluate(ExprInput{parser, std::nullopt}).is_null());
      CHECK(e.failed());
      CHECK(e.error() == R"(regex_extract: regex "(.*a){25}" hit PCRE2's match limit)");
    }
  }
  SECTION("a regex that need not run cannot fail") {
    Expression e = Expression::compile(R"(n == 1 or path =~ "(.*a){25}")", "--where");
    CHECK(e.matches(ExprInput{parser, std::nullopt}));
    CHECK_FALSE(e.failed());
  }
  SECTION("the next evaluation starts afresh") {
    Expression e = Expression::compile(R"(path =~ "(.*a){25}")", "--where");
    CHECK_FALSE(e.matches(ExprInput{parser, std::nullopt}));
    REQUIRE(parser.parse(R"({"path":"/b"})") == ss::ParseOutcome::ok);
    CHECK_FALSE(e.matches(ExprInput{parser, std::nullopt}));
    CHECK_FALSE(e.failed());
  }
}

TEST_CASE("regex_extract gives a numbered or named group, the whole match, or NULL", "[expr]") {
  CHECK(eval(R"x(regex_extract(path, "/v([0-9]+)/", 1))x") == R"("1")");
  CHECK(eval(R"x(regex_extract(path, "Users/(?<id>[0-9]+)", "id"))x") == R"("42")");
  CHECK(eval(R"x(regex_extract(path, "[A-Z][a-z]+"))x") == R"("Users")");
  CHECK(eval(R"x(regex_extract(path, "nothing(here)", 1))x") == "null");
  CHECK(eval(R"x(regex_extract(path, "(x)?api", 1))x") == "null");
  CHECK(eval(R"x(regex_extract(none, "a", 0))x") == "null");
  CHECK(eval(R"x(regex_extract(status, "^(5)", 1))x") == R"("5")");
}

TEST_CASE("regex_extract refuses a bad literal pattern or group before any event", "[expr]") {
  CHECK_THAT(error_of(R"x(regex_extract(path, "a(", 1))x"), Catch::Contains("bad regular expression"));
  CHECK_THAT(error_of(R"x(regex_extract(path, "a(b)", 2))x"), Catch::Contains("has 1 group, not 2"));
  CHECK_THAT(error_of(R"x(regex_extract(path, "a(?<x>b)", "y"))x"), Catch::Contains("no group named y"));
  CHECK_THAT(error_of(R"x(regex_extract(path, "a", 1.5))x"), Catch::Contains("whole number"));
}

TEST_CASE("An expression lists the fields it names, each once", "[expr]") {
  const Expression e =
      Expression::compile(R"x(status >= 500 and (user.id == "x" or status < 0) and exists(ok))x", "--where");
  REQUIRE(e.fields().size() == 3);
  CHECK(e.fields()[0].text() == "status");
  CHECK(e.fields()[1].text() == "user.id");
  CHECK(e.fields()[2].text() == "ok");
}
