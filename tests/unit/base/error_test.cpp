#include "ss/base/error.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("exit_code maps each error kind to the documented exit status", "[core][cli]") {
  CHECK(ss::exit_code(ss::ErrorKind::usage) == 2);
  CHECK(ss::exit_code(ss::ErrorKind::data) == 1);
  CHECK(ss::exit_code(ss::ErrorKind::io) == 1);
  CHECK(ss::exit_code(ss::ErrorKind::state) == 3);
  CHECK(ss::exit_code(ss::ErrorKind::internal) == 70);
}

TEST_CASE("ss::Error carries its kind and message", "[core][cli]") {
  const ss::Error e(ss::ErrorKind::state, "st/x.1.snap.zst: corrupt");
  CHECK(e.kind() == ss::ErrorKind::state);
  CHECK(std::string(e.what()) == "st/x.1.snap.zst: corrupt");
  const std::runtime_error& base = e;  // catchable as a standard exception
  CHECK(std::string(base.what()) == "st/x.1.snap.zst: corrupt");
}

TEST_CASE("The throw helpers throw ss::Error of their kind", "[core][cli]") {
  auto kind_of = [](void (*thrower)(const std::string&)) {
    try {
      thrower("message");
    } catch (const ss::Error& e) {
      CHECK(std::string(e.what()) == "message");
      return e.kind();
    }
    return ss::ErrorKind::internal;
  };
  CHECK(kind_of(ss::throw_usage) == ss::ErrorKind::usage);
  CHECK(kind_of(ss::throw_io) == ss::ErrorKind::io);
  CHECK(kind_of(ss::throw_state) == ss::ErrorKind::state);
  CHECK(kind_of(ss::throw_data) == ss::ErrorKind::data);
}

TEST_CASE("BrokenPipe is a standard exception with a fixed message", "[core][cli]") {
  const ss::BrokenPipe e;
  const std::exception& base = e;
  CHECK(std::string(base.what()) == "broken pipe");
}
