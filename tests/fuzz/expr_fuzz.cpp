// libFuzzer target for the expression language (ss-expr(7)): any bytes given to
// --where must give a compiled expression or a usage error, never a crash, a hang or
// another kind of error. A compiled expression is evaluated on a few events, and its
// canonical form must compile to itself (snapshots compare it).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ss/base/error.hpp"
#include "ss/expr/expression.hpp"
#include "ss/json/event_parser.hpp"

namespace {

constexpr std::string_view kEvents[] = {
    R"({"ts":"2026-11-01T10:00:00Z","status":503,"path":"/api/x","ms":12.5,"user":{"id":"u1"},"ok":true,"tags":[1]})",
    R"({"status":"404","path":null,"ms":-0.0,"a.b":1,"user":"x"})",
    R"({})",
};

[[noreturn]] void fail(const char* what, const std::string& text) {
  std::fprintf(stderr, "%s: %s\n", what, text.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    ss::Expression expression = ss::Expression::compile(text, "--where");
    static ss::EventParser parser;
    for (const std::string_view event : kEvents) {
      if (parser.parse(event) != ss::ParseOutcome::ok) fail("test event does not parse", std::string(event));
      expression.evaluate(ss::ExprInput{parser, 1793527200000000});
      expression.evaluate(ss::ExprInput{parser, std::nullopt});
    }
    const ss::Expression again = ss::Expression::compile(expression.canonical(), "--where");
    if (again.canonical() != expression.canonical())
      fail("canonical form does not compile to itself", expression.canonical() + "  ->  " + again.canonical());
  } catch (const ss::Error& e) {
    if (e.kind() != ss::ErrorKind::usage) fail("an error that is not a usage error", std::string(text));
  }
  return 0;
}
