#include "ss/json/field_path.hpp"

#include <catch2/catch.hpp>

#include "ss/base/error.hpp"

using ss::FieldPath;

namespace {

ss::ErrorKind error_kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ss::Error& e) {
    return e.kind();
  }
  FAIL("no ss::Error thrown");
  return ss::ErrorKind::internal;
}

}  // namespace

TEST_CASE("FieldPath splits a dotted path into segments and a JSON pointer", "[core][json]") {
  const FieldPath p("http.request.status");
  CHECK(p.text() == "http.request.status");
  CHECK(p.segments() == std::vector<std::string>{"http", "request", "status"});
  CHECK(p.pointer() == "/http/request/status");
  CHECK(p.output_name() == "status");
}

TEST_CASE("FieldPath of a plain name has one segment", "[core][json]") {
  const FieldPath p("user");
  CHECK(p.segments() == std::vector<std::string>{"user"});
  CHECK(p.pointer() == "/user");
  CHECK(p.output_name() == "user");
}

TEST_CASE("FieldPath keeps a dot inside a quoted segment", "[core][json]") {
  const FieldPath p(R"("a.b".c)");
  CHECK(p.segments() == std::vector<std::string>{"a.b", "c"});
  CHECK(p.pointer() == "/a.b/c");
  CHECK(p.output_name() == "c");
  const FieldPath q(R"(x."k8s.io/name")");
  CHECK(q.segments() == std::vector<std::string>{"x", "k8s.io/name"});
  CHECK(q.output_name() == "k8s.io/name");
}

TEST_CASE("FieldPath escapes tilde and slash in the JSON pointer", "[core][json]") {
  CHECK(FieldPath("a~b").pointer() == "/a~0b");
  CHECK(FieldPath("a/b").pointer() == "/a~1b");
  CHECK(FieldPath("x.~/").pointer() == "/x/~0~1");
  CHECK(FieldPath("a/b").segments() == std::vector<std::string>{"a/b"});
}

TEST_CASE("FieldPath accepts a quoted empty segment", "[core][json]") {
  const FieldPath p(R"(a."")");
  CHECK(p.segments() == std::vector<std::string>{"a", ""});
  CHECK(p.pointer() == "/a/");
}

TEST_CASE("FieldPath refuses empty names and unterminated quotes as usage errors", "[core][json]") {
  CHECK(error_kind_of([] { FieldPath(""); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { FieldPath("a..b"); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { FieldPath(".a"); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { FieldPath("a."); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { FieldPath(R"("a.b)"); }) == ss::ErrorKind::usage);
}

TEST_CASE("FieldPaths compare by their JSON pointer", "[core][json]") {
  CHECK(FieldPath("a.b") == FieldPath(R"("a"."b")"));
  CHECK_FALSE(FieldPath("a.b") == FieldPath(R"("a.b")"));
}

TEST_CASE("parse_field_list splits on commas outside quotes and ignores spaces", "[core][json]") {
  const auto paths = ss::parse_field_list(R"(user, http.status ,"d,e")");
  REQUIRE(paths.size() == 3);
  CHECK(paths[0].pointer() == "/user");
  CHECK(paths[1].pointer() == "/http/status");
  CHECK(paths[2].segments() == std::vector<std::string>{"d,e"});
}

TEST_CASE("parse_field_list keeps spaces inside quotes", "[core][json]") {
  const auto paths = ss::parse_field_list(R"("first name")");
  REQUIRE(paths.size() == 1);
  CHECK(paths[0].segments() == std::vector<std::string>{"first name"});
}

TEST_CASE("parse_field_list refuses an empty list and empty entries", "[core][json]") {
  CHECK(error_kind_of([] { ss::parse_field_list(""); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { ss::parse_field_list("a,"); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { ss::parse_field_list(",a"); }) == ss::ErrorKind::usage);
  CHECK(error_kind_of([] { ss::parse_field_list("a,,b"); }) == ss::ErrorKind::usage);
}
