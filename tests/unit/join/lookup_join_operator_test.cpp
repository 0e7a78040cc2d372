// LookupJoinOperator through the run loop: fields spliced into the raw line, inner and
// left joins, versioned lookups by event time, and a reload between two events.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ss/join/lookup_join_operator.hpp"
#include "ss/join/table_watcher.hpp"
#include "ss/op/run_loop.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

std::string run_join(ss::JoinOptions options, const fs::path& input, const fs::path& out_path) {
  options.stream.inputs = {input.string()};
  options.stream.progress = false;
  {
    ss::LookupJoinOperator op(options);
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ss::OutputBuffer out(fd, out_path.string());
    ss::run_operator(op, options.stream, out);
    out.flush();
    ::close(fd);
  }
  std::ifstream in(out_path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ss::JoinOptions options_for(const fs::path& table, const std::string& on, ss::JoinType type) {
  ss::JoinOptions o;
  o.table.path = table.string();
  o.table.on = ss::parse_join_keys({on});
  o.type = type;
  o.stream.lateness = 100LL * 365 * 86400 * 1000000;
  return o;
}

}  // namespace

TEST_CASE("A left join splices the row's fields into the raw line and passes unmatched events unchanged", "[join]") {
  TempDir dir;
  const auto table = dir.write("users.csv", "id,plan\nu1,pro\nu2,free\n");
  const auto input = dir.write("in",
                               "{\"ts\":1, \"user\":\"u1\" }\n{\"ts\":2,\"user\":\"u9\"}\n{\"ts\":3,\"user\":\"u2\"}\n"
                               "{\"ts\":4}\n");
  const auto out = run_join(options_for(table, "user=id", ss::JoinType::left), input, dir.path() / "out");
  CHECK(out ==
        "{\"ts\":1, \"user\":\"u1\" ,\"plan\":\"pro\"}\n{\"ts\":2,\"user\":\"u9\"}\n"
        "{\"ts\":3,\"user\":\"u2\",\"plan\":\"free\"}\n{\"ts\":4}\n");
}

TEST_CASE("An inner join drops events without a row, also those missing a key part", "[join]") {
  TempDir dir;
  const auto table = dir.write("t.ndjson", "{\"a\":1,\"b\":\"x\",\"v\":true}\n");
  const auto input =
      dir.write("in",
                "{\"ts\":1,\"a\":1,\"b\":\"x\"}\n{\"ts\":2,\"a\":\"1\",\"b\":\"x\"}\n{\"ts\":3,\"a\":1}\n"
                "{\"ts\":4,\"a\":1,\"b\":\"y\"}\n");
  const auto out = run_join(options_for(table, "a,b", ss::JoinType::inner), input, dir.path() / "out");
  // The number 1 and the string "1" are the same key: keys compare by text.
  CHECK(out == "{\"ts\":1,\"a\":1,\"b\":\"x\",\"v\":true}\n{\"ts\":2,\"a\":\"1\",\"b\":\"x\",\"v\":true}\n");
}

TEST_CASE("A versioned table joins the row valid at each event's time, in any arrival order", "[join]") {
  TempDir dir;
  const auto table = dir.write("prices.csv", "sku,from,price\na,2026-01-01T00:00:00Z,10\na,2026-01-02T00:00:00Z,12\n");
  const auto input = dir.write("in",
                               "{\"ts\":\"2026-01-02T00:00:00Z\",\"sku\":\"a\"}\n"
                               "{\"ts\":\"2026-01-01T23:59:59.999999Z\",\"sku\":\"a\"}\n"
                               "{\"ts\":\"2025-12-31T23:59:59.999999Z\",\"sku\":\"a\"}\n"
                               "{\"ts\":\"2026-01-01T00:00:00Z\",\"sku\":\"a\"}\n");
  auto o = options_for(table, "sku", ss::JoinType::left);
  o.table.valid_from = ss::FieldPath("from");
  const auto out = run_join(o, input, dir.path() / "out");
  CHECK(out ==
        "{\"ts\":\"2026-01-02T00:00:00Z\",\"sku\":\"a\",\"price\":12}\n"
        "{\"ts\":\"2026-01-01T23:59:59.999999Z\",\"sku\":\"a\",\"price\":10}\n"
        "{\"ts\":\"2025-12-31T23:59:59.999999Z\",\"sku\":\"a\"}\n"
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"sku\":\"a\",\"price\":10}\n");
}

TEST_CASE("The watcher loads a table renamed into place and one rewritten in place, and skips a bad version",
          "[join]") {
  TempDir dir;
  const auto table = dir.write("t.csv", "id,v\n1,old\n");
  ss::TableSpec spec;
  spec.path = table;
  spec.on = ss::parse_join_keys({"id"});
  auto current = ss::load_table(spec).table;
  ss::TableWatcher watcher(spec, ss::table_file_version(spec.path), std::chrono::milliseconds(20));
  const auto wait_ready = [&] {
    for (int i = 0; i < 500 && !watcher.ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return watcher.ready();
  };
  const auto value = [&] {
    size_t size = 0;
    const char* p = current->find("1", 0, size);
    return p ? std::string(p, size) : std::string("<none>");
  };
  // Rename into place: another inode.
  dir.write("t.csv.new", "id,v\n1,renamed\n");
  fs::rename(dir.path() / "t.csv.new", table);
  REQUIRE(wait_ready());
  current = watcher.take(current);
  CHECK(value() == "\"v\":\"renamed\"");
  // In place: same inode, other size.
  std::ofstream(table, std::ios::binary | std::ios::trunc) << "id,v\n1,rewritten in place\n";
  REQUIRE(wait_ready());
  current = watcher.take(current);
  CHECK(value() == "\"v\":\"rewritten in place\"");
  // A broken version is refused; the table in use stays.
  std::ofstream(table, std::ios::binary | std::ios::trunc) << "id,v\n1\n";
  for (int i = 0; i < 500 && watcher.failed_reloads() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(watcher.failed_reloads() == 1);
  CHECK_FALSE(watcher.ready());
  CHECK(value() == "\"v\":\"rewritten in place\"");
}
