#include "ss/report/html_escape.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("html_escaped turns markup characters into entities", "[report]") {
  CHECK(ss::html_escaped(R"(<script>alert("x") & 'y'</script>)") ==
        "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
}

TEST_CASE("html_escaped keeps UTF-8 and replaces invalid bytes and control characters", "[report]") {
  CHECK(ss::html_escaped("caf\xC3\xA9 \xE2\x89\xA5") == "caf\xC3\xA9 \xE2\x89\xA5");
  CHECK(ss::html_escaped("a\xFF"
                         "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(ss::html_escaped("a\x01"
                         "b\tc") ==
        "a\xEF\xBF\xBD"
        "b\tc");
  CHECK(ss::html_escaped("\xC3") == "\xEF\xBF\xBD");
}

TEST_CASE("script JSON cannot close its script element", "[report]") {
  std::string out;
  ss::append_script_json(out, R"({"key":"</script><script>x()</script>"})");
  CHECK(out == R"({"key":"\u003c/script>\u003cscript>x()\u003c/script>"})");
}
