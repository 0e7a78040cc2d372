#include "ss/window/window_query.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using ss::TimeUs;

namespace {

constexpr TimeUs kT0 = 1793491200000000;  // 2026-11-01T00:00:00Z

/// Runs `query` on `events` (one JSON object each, one second apart) with a fixed
/// prefix and returns the lines written.
std::string run(ss::WindowQuery& query, const std::vector<std::string>& events,
                const std::vector<std::string>& prefix_names = {"w"}) {
  std::vector<ss::WindowEventRef> refs;
  for (size_t i = 0; i < events.size(); ++i)
    refs.push_back(ss::WindowEventRef{kT0 + static_cast<TimeUs>(i) * 1000000, events[i]});
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);  // never flushed: read back below
  std::string prefix = "{";
  for (size_t i = 0; i < prefix_names.size(); ++i) prefix += (i ? ",\"" : "\"") + prefix_names[i] + "\":0";
  prefix += "}";
  REQUIRE(query.run(refs, prefix, prefix_names, out) == ss::QueryOutcome::done);
  std::string text = std::move(out.buffer());
  out.buffer().clear();
  return text;
}

using ss::test::TempDir;

std::string usage_error(const std::string& sql, const std::vector<ss::SqlAttachment>& attachments = {}) {
  try {
    ss::WindowQuery query(sql, "--sql", attachments);
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  FAIL("no error for " << sql);
  return {};
}

}  // namespace

TEST_CASE("window query: the columns a query names exist before any event, found on an empty table") {
  ss::WindowQuery query("SELECT path, e.status, count(*) FROM events e WHERE Bytes > 0 GROUP BY path", "--sql", {});
  CHECK(query.query_columns() == std::vector<std::string>{"path", "status", "Bytes"});
}

TEST_CASE("window query: values keep their JSON types") {
  ss::WindowQuery query(
      "SELECT typeof(i) AS i, typeof(r) AS r, typeof(s) AS s, typeof(b) AS b, typeof(o) AS o, typeof(n) AS n, "
      "typeof(missing) AS m, i + 1 AS i1, o AS o_text, ts FROM events",
      "--sql", {});
  CHECK(run(query, {R"({"i":41,"r":1.5,"s":"x","b":true,"o":{"a":[1,2]},"n":null})"}) ==
        R"({"w":0,"i":"integer","r":"real","s":"text","b":"integer","o":"text","n":"null","m":"null","i1":42,)"
        R"("o_text":"{\"a\":[1,2]}","ts":"2026-11-01T00:00:00.000000Z"})"
        "\n");
}

TEST_CASE("window query: JSON function results are written as JSON, other text as strings") {
  ss::WindowQuery query("SELECT json_group_array(p) AS a, json_object('k', max(p)) AS o, max(p) AS s FROM events",
                        "--sql", {});
  CHECK(run(query, {R"({"p":"x\"y"})", R"({"p":"z"})"}) == R"({"w":0,"a":["x\"y","z"],"o":{"k":"z"},"s":"z"})"
                                                           "\n");
}

TEST_CASE(
    "window query: SELECT * has ts, the query's columns, then fields in first-seen order, one per name "
    "ignoring case") {
  ss::WindowQuery query("SELECT * FROM events WHERE x IS NULL OR x > 0", "--sql", {});
  CHECK(run(query, {R"({"ts":"ignored","b":1,"A":"first"})", R"({"a":"second","c":2})"}) ==
        R"({"w":0,"ts":"2026-11-01T00:00:00.000000Z","x":null,"b":1,"A":"first","c":null})"
        "\n"
        R"({"w":0,"ts":"2026-11-01T00:00:01.000000Z","x":null,"b":null,"A":"second","c":2})"
        "\n");
  SECTION("the next window has its own columns") {
    CHECK(run(query, {R"({"d":4})"}) == R"({"w":0,"ts":"2026-11-01T00:00:00.000000Z","x":null,"d":4})"
                                        "\n");
  }
}

TEST_CASE("window query: a result column named like a prefix member is left out") {
  ss::WindowQuery query("SELECT host, count(*) AS n, 1 AS n FROM events GROUP BY host", "--sql", {});
  CHECK(run(query, {R"({"host":"a"})"}, {"window_start", "host"}) == R"({"window_start":0,"host":0,"n":1})"
                                                                     "\n");
}

TEST_CASE("window query: an empty window runs the query on an empty table") {
  ss::WindowQuery query("SELECT count(*) AS n FROM events", "--sql", {});
  CHECK(run(query, {}) == R"({"w":0,"n":0})"
                          "\n");
}

TEST_CASE("window query: a failure while the query runs is reported, not thrown") {
  ss::WindowQuery query("SELECT json_extract(d, '$.a') AS a FROM events", "--sql", {});
  std::vector<std::string> events{R"({"d":"not json"})"};
  std::vector<ss::WindowEventRef> refs{{kT0, events[0]}};
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);
  const std::vector<std::string> names{"w"};
  CHECK(query.run(refs, R"({"w":0})", names, out) == ss::QueryOutcome::failed);
  CHECK(query.error() == "malformed JSON");
  CHECK(out.buffer().empty());
  SECTION("and the query works again on the next window") {
    CHECK(run(query, {R"({"d":"{\"a\":2}"})"}) == "{\"w\":0,\"a\":2}\n");
  }
}

TEST_CASE("window query: errors show when the query is compiled, with the column") {
  CHECK(usage_error("SELECT count(* FROM events") == "--sql: near \"FROM\": syntax error (at column 16)");
  CHECK(usage_error("SELECT * FROM nowhere") == "--sql: no such table: nowhere");
  CHECK(usage_error("SELECT nosuchfn(x) FROM events") == "--sql: no such function: nosuchfn (at column 8)");
  CHECK(usage_error("DELETE FROM events") == "--sql: not authorized: DELETE from events (a query may only read)");
  CHECK(usage_error("SELECT 1; SELECT 2") == "--sql: expected one statement, found more after column 10");
  CHECK(usage_error("  ; ") == "--sql: the query is empty");
  SECTION("a qualified column of another table is not taken for a field") {
    TempDir dir;
    const auto users = dir.write("u.csv", "user,team\na,blue\n");
    CHECK(usage_error("SELECT u.nope FROM events JOIN users u USING (user)", {{"users", users}}) ==
          "--sql: no such column: u.nope (at column 8)");
  }
}

TEST_CASE("window query: --attach loads CSV and NDJSON tables and attaches databases read-only") {
  TempDir dir;
  const auto csv = dir.write("users.csv", "\xEF\xBB\xBFuser,team,n,N\n\"b, jr\",red,007,1.5e3\na,blue,7,x\n");
  const auto ndjson =
      dir.write("teams.ndjson", "{\"team\":\"red\",\"lead\":\"r\"}\n\n{\"team\":\"blue\",\"size\":3}\n");
  ss::WindowQuery query(
      "SELECT e.user, u.team, typeof(u.n) AS n_type, u.N_2 AS n2, t.lead, t.size FROM events e "
      "JOIN users u USING (user) JOIN teams t USING (team) ORDER BY e.user",
      "--sql", {{"users", csv}, {"teams", ndjson}});
  CHECK(run(query, {R"({"user":"b, jr"})", R"({"user":"a"})", R"({"user":"c"})"}) ==
        R"({"w":0,"user":"a","team":"blue","n_type":"integer","n2":"x","lead":null,"size":3})"
        "\n"
        R"({"w":0,"user":"b, jr","team":"red","n_type":"text","n2":1500,"lead":"r","size":null})"
        "\n");

  SECTION("a database") {
    const auto db_path = (dir.path() / "ref.db").string();
    {
      ss::SqliteConnection db(db_path);
      db.exec("CREATE TABLE hosts(host TEXT, dc TEXT); INSERT INTO hosts VALUES ('w1', 'ams')");
    }
    ss::WindowQuery with_db("SELECT h.dc FROM events JOIN ref.hosts h USING (host)", "--sql", {{"ref", db_path}});
    CHECK(run(with_db, {R"({"host":"w1"})"}) == R"({"w":0,"dc":"ams"})"
                                                "\n");
  }
  SECTION("a missing file is a usage error") {
    CHECK(usage_error("SELECT 1", {{"x", (dir.path() / "none.csv").string()}}) ==
          "--attach: cannot read " + (dir.path() / "none.csv").string() + ": No such file or directory");
  }
}

TEST_CASE("window query: --attach names are plain identifiers and not taken") {
  CHECK(ss::parse_sql_attachment("users=a=b.csv").path == "a=b.csv");
  CHECK_THROWS_WITH(ss::parse_sql_attachment("users"), "--attach: expected NAME=PATH, got \"users\"");
  CHECK_THROWS_WITH(ss::parse_sql_attachment("1x=a.csv"),
                    "--attach: the name \"1x\" must be letters, digits and _ (not starting with a digit)");
  CHECK_THROWS_WITH(ss::parse_sql_attachment("Events=a.csv"),
                    "--attach: the name \"Events\" is taken (main, temp and events are)");
}

TEST_CASE("window query: only reading is authorized, so statements that reach outside the query are refused") {
  TempDir dir;
  const std::string target = (dir.path() / "created.db").string();
  CHECK(usage_error("ATTACH '" + target + "' AS x") == "--sql: not authorized: ATTACH (a query may only read)");
  CHECK_FALSE(fs::exists(target));
  CHECK(usage_error("ATTACH 'file:" + target + "?mode=rwc' AS x") ==
        "--sql: not authorized: ATTACH (a query may only read)");
  CHECK_FALSE(fs::exists(target));
  CHECK(usage_error("DETACH main") == "--sql: not authorized: DETACH (a query may only read)");
  CHECK(usage_error("PRAGMA writable_schema=1") ==
        "--sql: not authorized: PRAGMA writable_schema (a query may only read)");
  CHECK(usage_error("PRAGMA table_info(events)") == "--sql: not authorized: PRAGMA table_info (a query may only read)");
  CHECK(usage_error("REINDEX") == "--sql: expected a query (SELECT or WITH ... SELECT) that returns rows");
  CHECK(usage_error("ANALYZE") == "--sql: not authorized: a change of the schema (a query may only read)");
  CHECK(usage_error("BEGIN") == "--sql: not authorized: BEGIN (a query may only read)");
  CHECK(usage_error("SAVEPOINT s") == "--sql: not authorized: SAVEPOINT (a query may only read)");
  CHECK(usage_error("CREATE TABLE t(a)") == "--sql: not authorized: a change of the schema (a query may only read)");
  CHECK(usage_error("DROP TABLE events") == "--sql: not authorized: a change of the schema (a query may only read)");
  CHECK(usage_error("UPDATE sqlite_master SET sql = ''") == "--sql: table sqlite_master may not be modified");
  CHECK(usage_error("INSERT INTO events(ts) VALUES (1)") ==
        "--sql: not authorized: INSERT into events (a query may only read)");
  CHECK(usage_error("SELECT fts3_tokenizer('simple')") ==
        "--sql: not authorized to use function: fts3_tokenizer (a query may only read)");
  CHECK(usage_error("SELECT load_extension('/nonexistent')") ==
        "--sql: not authorized to use function: load_extension (a query may only read)");
}

TEST_CASE("window query: reads, recursive CTEs, table-valued and window functions stay allowed") {
  ss::WindowQuery query(
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3) "
      "SELECT (SELECT sum(i) FROM c) AS s, (SELECT count(*) FROM json_each('[1,2]')) AS j, "
      "row_number() OVER (ORDER BY v) AS r, upper(v) AS u FROM events",
      "--sql", {});
  CHECK(run(query, {R"({"v":"a"})"}) == R"({"w":0,"s":6,"j":2,"r":1,"u":"A"})"
                                        "\n");
}

TEST_CASE("window query: the tool's own statements pass the read-only guard") {
  // Loading a window (DELETE, DROP and CREATE TABLE, INSERT, BEGIN/COMMIT) and --attach
  // (ATTACH, CREATE TABLE, INSERT) are not the user's query.
  TempDir dir;
  const auto csv = dir.write("u.csv", "user,team\na,blue\n");
  ss::WindowQuery query("SELECT * FROM events JOIN users USING (user)", "--sql", {{"users", csv}});
  CHECK(run(query, {R"({"user":"a"})"}) == R"({"w":0,"ts":"2026-11-01T00:00:00.000000Z","user":"a","team":"blue"})"
                                           "\n");
  CHECK(run(query, {R"({"user":"a","x":1})"}) ==
        R"({"w":0,"ts":"2026-11-01T00:00:00.000000Z","user":"a","x":1,"team":"blue"})"
        "\n");
}

namespace {
constexpr const char* kEndless =
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) AS n FROM c";
}  // namespace

TEST_CASE("window query: a query that runs past its time limit is stopped and writes nothing") {
  ss::WindowQuery query(kEndless, "--sql", {}, 200000);  // 200ms
  std::vector<ss::WindowEventRef> refs;
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);
  const std::vector<std::string> names{"w"};
  const auto start = std::chrono::steady_clock::now();
  CHECK(query.run(refs, R"({"w":0})", names, out) == ss::QueryOutcome::timed_out);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(query.error() == "stopped after running longer than --sql-timeout 200ms");
  CHECK(out.buffer().empty());
  SECTION("and the next run has its own time") {
    ss::WindowQuery quick("SELECT count(*) AS n FROM events", "--sql", {}, 200000);
    CHECK(run(quick, {}) == R"({"w":0,"n":0})"
                            "\n");
  }
}

TEST_CASE("window query: a stop signal interrupts a running query") {
  ss::install_stop_handlers();
  std::raise(SIGTERM);
  REQUIRE(ss::stop_requested());
  ss::WindowQuery query(kEndless, "--sql", {});
  std::vector<ss::WindowEventRef> refs;
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);
  const std::vector<std::string> names{"w"};
  const ss::QueryOutcome outcome = query.run(refs, R"({"w":0})", names, out);
  ss::clear_stop_request();
  CHECK(outcome == ss::QueryOutcome::stopped);
  CHECK(out.buffer().empty());
}
