#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "ss/base/error.hpp"

namespace {

// Runs `f` with file descriptor 2 (and 1 when `also_stdout`) sent to a temp file;
// returns what was written there.
template <typename F>
std::string capture_output(F&& f, bool also_stdout = false) {
  char path[] = "/tmp/ss-tool-main-test.XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_err = ::dup(2);
  const int saved_out = ::dup(1);
  ::dup2(fd, 2);
  if (also_stdout) ::dup2(fd, 1);
  f();
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_err, 2);
  ::dup2(saved_out, 1);
  ::close(saved_err);
  ::close(saved_out);
  ::close(fd);
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ::unlink(path);
  return text;
}

struct Args {
  std::vector<std::string> storage;
  std::vector<char*> argv;
  explicit Args(std::vector<std::string> args) : storage(std::move(args)) {
    for (auto& a : storage) argv.push_back(a.data());
  }
  int argc() const { return static_cast<int>(argv.size()); }
};

}  // namespace

TEST_CASE("run_cli parses the flags, runs the body and returns its status", "[core][cli]") {
  CLI::App app("a test tool", "ss-parsetest");
  std::string key;
  app.add_option("--key", key);
  Args args({"ss-parsetest", "--key", "user"});
  bool ran = false;
  const int status = ss::run_cli(app, args.argc(), args.argv.data(), [&] {
    ran = true;
    CHECK(key == "user");  // parsed before the body runs
    return 5;
  });
  CHECK(ran);
  CHECK(status == 5);
  CHECK(ss::tool_name() == "ss-parsetest");
}

TEST_CASE("run_cli turns a bad flag into exit 2 with the reason, without running the body", "[core][cli]") {
  CLI::App app("a test tool", "ss-flagtest");
  Args args({"ss-flagtest", "--no-such-flag"});
  bool ran = false;
  int status = -1;
  const std::string err = capture_output([&] {
    status = ss::run_cli(app, args.argc(), args.argv.data(), [&] {
      ran = true;
      return 0;
    });
  });
  CHECK(status == 2);
  CHECK_FALSE(ran);
  CHECK_THAT(err, Catch::StartsWith("ss-flagtest: ") && Catch::Contains("--no-such-flag") &&
                      Catch::Contains("Run with --help for usage."));
}

TEST_CASE("run_cli turns an ss::Error thrown while parsing into its exit status", "[core][cli]") {
  CLI::App app("a test tool", "ss-callbacktest");
  std::string value;
  app.add_option("--gap", value)->check([](const std::string& v) -> std::string {
    if (v == "bad") ss::throw_usage("--gap: expected a duration, got \"bad\"");
    return {};
  });
  Args args({"ss-callbacktest", "--gap", "bad"});
  int status = -1;
  const std::string err =
      capture_output([&] { status = ss::run_cli(app, args.argc(), args.argv.data(), [] { return 0; }); });
  CHECK(status == 2);
  CHECK(err == "ss-callbacktest: --gap: expected a duration, got \"bad\"\n");
}

TEST_CASE("run_cli prints ss::Error from the body as tool: message and maps its kind", "[core][cli]") {
  const std::vector<std::pair<ss::ErrorKind, int>> kinds = {{ss::ErrorKind::usage, 2},
                                                            {ss::ErrorKind::data, 1},
                                                            {ss::ErrorKind::io, 1},
                                                            {ss::ErrorKind::state, 3},
                                                            {ss::ErrorKind::internal, 70}};
  for (const auto& [kind, expected] : kinds) {
    CLI::App app("a test tool", "ss-errortest");
    Args args({"ss-errortest"});
    int status = -1;
    const ss::ErrorKind k = kind;
    const std::string err = capture_output([&] {
      status =
          ss::run_cli(app, args.argc(), args.argv.data(), [k]() -> int { throw ss::Error(k, "app.log:3: broken"); });
    });
    CHECK(status == expected);
    CHECK(err == "ss-errortest: app.log:3: broken\n");
  }
}

TEST_CASE("run_cli ends quietly with 0 when the output pipe broke", "[core][cli]") {
  CLI::App app("a test tool", "ss-pipetest");
  Args args({"ss-pipetest"});
  int status = -1;
  const std::string err = capture_output(
      [&] { status = ss::run_cli(app, args.argc(), args.argv.data(), []() -> int { throw ss::BrokenPipe(); }); });
  CHECK(status == 0);
  CHECK(err.empty());
}

TEST_CASE("run_cli reports running out of memory with exit 1", "[core][cli]") {
  CLI::App app("a test tool", "ss-memtest");
  Args args({"ss-memtest"});
  int status = -1;
  const std::string err = capture_output(
      [&] { status = ss::run_cli(app, args.argc(), args.argv.data(), []() -> int { throw std::bad_alloc(); }); });
  CHECK(status == 1);
  CHECK(err == "ss-memtest: out of memory\n");
}

TEST_CASE("run_cli reports any other exception as an internal error with exit 70", "[core][cli]") {
  CLI::App app("a test tool", "ss-bugtest");
  Args args({"ss-bugtest"});
  int status = -1;
  const std::string err = capture_output([&] {
    status = ss::run_cli(app, args.argc(), args.argv.data(), []() -> int { throw std::logic_error("oops"); });
  });
  CHECK(status == 70);
  CHECK(err == "ss-bugtest: internal error: oops\n");
}

TEST_CASE("run_cli prints --help on stdout and returns 0 without running the body", "[core][cli]") {
  CLI::App app("a test tool for help", "ss-helptest");
  std::string key;
  app.add_option("--key", key, "Key fields");
  Args args({"ss-helptest", "--help"});
  bool ran = false;
  int status = -1;
  const std::string out = capture_output(
      [&] {
        status = ss::run_cli(app, args.argc(), args.argv.data(), [&] {
          ran = true;
          return 0;
        });
      },
      true);
  CHECK(status == 0);
  CHECK_FALSE(ran);
  CHECK_THAT(out, Catch::Contains("a test tool for help") && Catch::Contains("--key"));
}

TEST_CASE("run_cli prints --version with the commit on stdout and returns 0 without running the body", "[core][cli]") {
  CLI::App app("a test tool", "ss-versiontest");
  Args args({"ss-versiontest", "--version"});
  bool ran = false;
  int status = -1;
  const std::string out = capture_output(
      [&] {
        status = ss::run_cli(app, args.argc(), args.argv.data(), [&] {
          ran = true;
          return 0;
        });
      },
      true);
  CHECK(status == 0);
  CHECK_FALSE(ran);
  CHECK(out == ss::version_line("ss-versiontest") + "\n");
  CHECK_THAT(out, Catch::Matches("ss-versiontest [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit ([0-9a-f]{7,}|unknown)\\)\n"));
}

TEST_CASE("run_cli lists --version in --help", "[core][cli]") {
  CLI::App app("a test tool", "ss-versionhelp");
  Args args({"ss-versionhelp", "--help"});
  const std::string out =
      capture_output([&] { ss::run_cli(app, args.argc(), args.argv.data(), [] { return 0; }); }, true);
  CHECK_THAT(out, Catch::Contains("--version"));
}

TEST_CASE("set_tool_name changes the prefix of diagnostics", "[core][cli]") {
  const std::string before = ss::tool_name();
  ss::set_tool_name("ss-renamed");
  CHECK(ss::tool_name() == "ss-renamed");
  ss::set_tool_name(before);
}

TEST_CASE("run_cli refuses an empty value for a flag that takes one, with exit 2", "[core][cli]") {
  // `--state "$STATE"` with STATE unset: taken as "no state", the run would replay
  // everything next time with exit 0.
  CLI::App app("a test tool", "ss-emptytest");
  std::string state = "unchanged";
  bool verbose = false;
  std::vector<std::string> files;
  app.add_option("--state", state);
  app.add_flag("--verbose", verbose);
  app.add_option("files", files);
  SECTION("an empty value is refused, naming the flag") {
    Args args({"ss-emptytest", "--state", ""});
    bool ran = false;
    int status = -1;
    const std::string err = capture_output([&] {
      status = ss::run_cli(app, args.argc(), args.argv.data(), [&] {
        ran = true;
        return 0;
      });
    });
    CHECK(status == 2);
    CHECK_FALSE(ran);
    CHECK_THAT(err, Catch::StartsWith("ss-emptytest: --state: expected a value, got an empty string"));
  }
  SECTION("--flag= is the same empty value") {
    Args args({"ss-emptytest", "--state="});
    int status = -1;
    capture_output([&] { status = ss::run_cli(app, args.argc(), args.argv.data(), [] { return 0; }); });
    CHECK(status == 2);
  }
  SECTION("flags without a value and positional arguments are left alone") {
    Args args({"ss-emptytest", "--verbose", ""});
    int status = -1;
    capture_output([&] { status = ss::run_cli(app, args.argc(), args.argv.data(), [] { return 0; }); });
    CHECK(status == 0);
    CHECK(verbose);
    CHECK(files == std::vector<std::string>{""});  // the open that follows names it
  }
}

TEST_CASE("run_cli takes an empty value for a flag marked by allow_empty_value", "[core][cli]") {
  CLI::App app("a test tool", "ss-allowtest");
  std::string prefix = "right_";
  std::string state;
  ss::allow_empty_value(app.add_option("--prefix", prefix, "Put this before added names"));
  app.add_option("--state", state);
  Args args({"ss-allowtest", "--prefix", ""});
  int status = -1;
  const std::string err =
      capture_output([&] { status = ss::run_cli(app, args.argc(), args.argv.data(), [] { return 0; }); });
  CHECK(status == 0);
  CHECK(err.empty());
  CHECK(prefix.empty());

  SECTION("the mark dies with its App: a later App's flag, at the same address or not, is checked") {
    // A mark kept outside the App (a set of option pointers) exempted a later option
    // that the allocator placed where a marked one had been.
    for (int round = 0; round < 8; ++round) {
      {
        CLI::App marked("a test tool", "ss-allowtest");
        std::string p;
        ss::allow_empty_value(marked.add_option("--prefix", p));
      }
      CLI::App later("a test tool", "ss-allowtest");
      std::string later_prefix;
      later.add_option("--prefix", later_prefix);
      Args later_args({"ss-allowtest", "--prefix", ""});
      int later_status = -1;
      capture_output(
          [&] { later_status = ss::run_cli(later, later_args.argc(), later_args.argv.data(), [] { return 0; }); });
      CHECK(later_status == 2);
    }
  }
  SECTION("the mark adds nothing to --help") {
    CLI::App help_app("a test tool", "ss-allowtest");
    std::string p;
    ss::allow_empty_value(help_app.add_option("--prefix", p, "Put this before added names"));
    CHECK_THAT(help_app.help(), Catch::Contains("--prefix TEXT") && !Catch::Contains("empty value allowed"));
  }
}
