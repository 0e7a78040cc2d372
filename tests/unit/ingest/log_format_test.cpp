#include "ss/ingest/log_format.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/base/error.hpp"

using ss::LogFormat;
using ss::LogFormatDialect;
using ss::LogValueType;

namespace {

/// The steps as text: `'lit'` for a literal, `name:T` for a field (T: the type's first
/// letters), `"name"` when quoted, `|'term'` its terminator, `@spec` a time's format.
std::string shape(const LogFormat& f) {
  std::string s;
  for (const auto& step : f.steps()) {
    if (!s.empty()) s += ' ';
    if (step.literal) {
      s += "'" + step.text + "'";
      continue;
    }
    s += step.quoted ? "\"" + step.name + "\"" : step.name;
    if (!step.terminator.empty()) s += "|'" + step.terminator + "'";
    if (!step.time_spec.empty()) s += "@" + step.time_spec;
  }
  return s;
}

std::string usage_error(LogFormatDialect dialect, std::string_view format) {
  try {
    LogFormat f(dialect, format);
  } catch (const ss::Error& e) {
    if (e.kind() == ss::ErrorKind::usage) return e.what();
  }
  return "<no usage error>";
}

}  // namespace

TEST_CASE("log format: Apache combined compiles to literals and typed fields", "[ingest]") {
  const LogFormat f(LogFormatDialect::apache, R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i")");
  CHECK(shape(f) ==
        R"(client|' ' ' ' ident|' ' ' ' user|' [' ' [' ts|'] '@clf '] ' "request" ' ' status|' ' ' ' bytes|' ' ' ' )"
        R"("referer" ' ' "user_agent")");
  CHECK(f.field_count() == 9);
  CHECK(f.steps()[f.time_step()].name == "ts");
  CHECK(f.steps()[0].type == LogValueType::client);
  CHECK(f.steps()[2].type == LogValueType::text);
}

TEST_CASE("log format: nginx variables, braces and pasted escapes", "[ingest]") {
  const LogFormat f(LogFormatDialect::nginx,
                    R"($remote_addr - ${remote_user} [$time_local] \"$request\" $status $request_time )"
                    R"($upstream_response_time $http_x_forwarded_for)");
  CHECK(shape(f) == R"(client|' - ' ' - ' user|' [' ' [' ts|'] '@clf '] ' "request" ' ' status|' ' ' ' )"
                    R"(request_time|' ' ' ' upstream_response_time|' ' ' ' x_forwarded_for)");
}

TEST_CASE("log format: time directives give their time formats", "[ingest]") {
  CHECK(shape(LogFormat(LogFormatDialect::apache, "%{%Y-%m-%dT%H:%M:%S%z}t %D")) ==
        "ts|' '@%Y-%m-%dT%H:%M:%S%z ' ' request_time_us");
  CHECK(shape(LogFormat(LogFormatDialect::apache, "%{msec}t %T")) == "ts|' '@epoch_ms ' ' request_time_s");
  CHECK(shape(LogFormat(LogFormatDialect::apache, "%{end:sec}t %{ms}T")) == "ts|' '@epoch_s ' ' request_time_ms");
  CHECK(shape(LogFormat(LogFormatDialect::nginx, "$msec $bytes_sent")) == "ts|' '@epoch_s ' ' bytes_sent");
  CHECK(shape(LogFormat(LogFormatDialect::nginx, "$time_iso8601 $host")) == "ts|' '@rfc3339 ' ' host");
}

TEST_CASE("log format: Apache modifiers, headers out, ports and a percent sign", "[ingest]") {
  CHECK(
      shape(LogFormat(LogFormatDialect::apache, "%t %!200,304{Referer}i %<s %{Content-Type}o %{remote}p 100%%")) ==
      "'[' ts|'] '@clf '] ' referer|' ' ' ' status|' ' ' ' response_content_type|' ' ' ' client_port|' 100%' ' 100%'");
}

TEST_CASE("log format: usage errors name the directive", "[ingest]") {
  using D = LogFormatDialect;
  CHECK(usage_error(D::apache, "%t %Z") == "--log-format: unknown Apache directive %Z");
  CHECK(usage_error(D::nginx, "$time_local $bogus_thing") == "--log-format: unknown nginx variable $bogus_thing");
  CHECK(usage_error(D::apache, "%h %l") == "--log-format: the format has no time: it needs %t or %{format}t");
  CHECK(usage_error(D::nginx, "$remote_addr") ==
        "--log-format: the format has no time: it needs $time_local, $time_iso8601 or $msec");
  CHECK(usage_error(D::apache, "%t %{sec}t") == "--log-format: %t and %{sec}t are both the time: give one");
  CHECK(usage_error(D::apache, "%t %b %B") == "--log-format: %b and %B both give the field \"bytes\"");
  CHECK(usage_error(D::apache, "%t %h%l") == "--log-format: %h and %l need text between them to tell where one ends");
  CHECK(usage_error(D::apache, "%t %{Referer") == "--log-format: unclosed { in %{Referer");
  CHECK(usage_error(D::apache, "%t %>") == "--log-format: incomplete directive %>");
  CHECK(usage_error(D::apache, "%t %{x}b") == "--log-format: %{x}b takes no {argument}");
  CHECK(usage_error(D::apache, "%{msec_frac}t").find("%{msec_frac}t is a fraction of a second alone") !=
        std::string::npos);
  CHECK(usage_error(D::nginx, "$time_local $") == "--log-format: expected a variable name after $ in $time_local $");
  CHECK(usage_error(D::nginx, "") == "--log-format: expected a format line, got an empty one");
}
