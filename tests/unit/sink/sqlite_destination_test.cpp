#include "ss/sink/sqlite_destination.hpp"

#include <catch2/catch.hpp>

#include "sink_test_support.hpp"
#include "ss/base/error.hpp"

using sink_test::Parsed;
using sink_test::query;
using sink_test::TempDir;
using ss::SinkOptions;
using ss::SqliteDestination;
using Rows = std::vector<std::string>;

namespace {

SinkOptions sqlite_options(const std::string& db, const std::string& table, bool state = true) {
  SinkOptions o;
  o.kind = ss::DestinationKind::sqlite;
  o.target = db;
  o.table = table;
  if (state) o.stream.state_dir = "/unused";  // only has_state() is looked at
  return o;
}

void write(SqliteDestination& d, const std::string& line) {
  Parsed p(line);
  REQUIRE(d.write(p.record) == ss::WriteResult::accepted);
}

}  // namespace

TEST_CASE("SqliteDestination creates the table from the first records with JSON types", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "events"), [](std::string_view) {});
  write(d, R"({"user":"u1","n":3,"x":1.5,"ok":true,"tags":["a","b"],"later":null})");
  write(d, R"({"user":"u2","n":4,"x":2,"ok":false,"tags":[],"later":"now"})");
  d.commit(1);
  CHECK(query(db, "SELECT name, type FROM pragma_table_info('events')") ==
        Rows{"user|TEXT", "n|INTEGER", "x|REAL", "ok|INTEGER", "tags|TEXT", "later|TEXT"});
  CHECK(query(db, "SELECT user, n, x, ok, tags, later FROM events ORDER BY rowid") ==
        Rows{"u1|3|1.5|1|[\"a\",\"b\"]|NULL", "u2|4|2.0|0|[]|now"});
  CHECK(query(db, "SELECT typeof(n), typeof(x), typeof(tags) FROM events LIMIT 1") == Rows{"integer|real|text"});
  CHECK(query(db, "SELECT stage, checkpoint FROM _ss_sink_checkpoints") == Rows{"sink|1"});
  CHECK(query(db, "PRAGMA journal_mode") == Rows{"wal"});
}

TEST_CASE("SqliteDestination gives a new database large pages and leaves an existing one as it is", "[sink][sqlite]") {
  TempDir tmp;
  // One record into table t of `db`, committed as checkpoint 1, the destination closed.
  const auto write_one = [](const std::string& db, const std::string& record) {
    SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
    write(d, record);
    d.commit(1);
  };
  const std::string fresh = tmp.file("fresh.db");
  write_one(fresh, R"({"a":1})");
  CHECK(query(fresh, "PRAGMA page_size") == Rows{"65536"});
  const std::string existing = tmp.file("existing.db");
  ss::SqliteConnection(existing).exec("CREATE TABLE t (a INTEGER)");
  write_one(existing, R"({"a":2})");
  CHECK(query(existing, "PRAGMA page_size") == Rows{"4096"});
  CHECK(query(existing, "SELECT a FROM t") == Rows{"2"});
}

TEST_CASE("SqliteDestination adds a column for a new field", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  write(d, R"({"a":1})");
  d.commit(1);
  write(d, R"({"a":2,"b":"new","A":3})");  // A shares the column of a
  d.commit(2);
  CHECK(query(db, "SELECT name, type FROM pragma_table_info('t')") == Rows{"a|INTEGER", "b|TEXT"});
  CHECK(query(db, "SELECT a, b FROM t ORDER BY rowid") == Rows{"1|NULL", "3|new"});
}

TEST_CASE("SqliteDestination upserts on session_id when the first record has it", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "sessions"), [](std::string_view) {});
  write(d, R"({"session_id":"s1","events":1,"user":"u1"})");
  write(d, R"({"session_id":"s2","events":5,"user":"u2"})");
  d.commit(1);
  write(d, R"({"session_id":"s1","events":2,"user":"u1"})");
  Parsed no_id(R"({"events":9})");
  CHECK(d.write(no_id.record) == ss::WriteResult::bad);
  CHECK(d.bad_reason() == "no id field \"session_id\" (or it is null)");
  d.commit(2);
  CHECK(query(db, "SELECT session_id, events FROM sessions ORDER BY session_id") == Rows{"s1|2", "s2|5"});
  CHECK(query(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'sessions_ss_id'") == Rows{"1"});
  // Upserted rows leave no rowid ranges behind: a replay overwrites them instead.
  CHECK(query(db, "SELECT count(*) FROM _ss_sink_appended") == Rows{"0"});
}

TEST_CASE("SqliteDestination appends with --no-id and upserts on --id", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SECTION("--no-id") {
    SinkOptions o = sqlite_options(db, "t");
    o.no_id = true;
    SqliteDestination d(o, [](std::string_view) {});
    write(d, R"({"session_id":"s1"})");
    write(d, R"({"session_id":"s1"})");
    d.commit(1);
    CHECK(query(db, "SELECT count(*) FROM t") == Rows{"2"});
  }
  SECTION("--id") {
    SinkOptions o = sqlite_options(db, "t");
    o.id = ss::FieldPath("k");
    SqliteDestination d(o, [](std::string_view) {});
    write(d, R"({"k":1,"v":"a"})");
    write(d, R"({"k":1,"v":"b"})");
    write(d, R"({"k":2,"v":"c"})");
    d.commit(1);
    CHECK(query(db, "SELECT k, v FROM t ORDER BY k") == Rows{"1|b", "2|c"});
  }
}

TEST_CASE("SqliteDestination keeps --schema columns and drops other fields", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SinkOptions o = sqlite_options(db, "t");
  o.schema = "user TEXT NOT NULL, n INTEGER";
  std::vector<std::string> warnings;
  SqliteDestination d(o, [&](std::string_view w) { warnings.emplace_back(w); });
  write(d, R"({"user":"u1","n":"7","extra":true})");
  write(d, R"({"user":"u2","extra":false})");
  d.commit(1);
  CHECK(query(db, "SELECT user, n, typeof(n) FROM t ORDER BY rowid") == Rows{"u1|7|integer", "u2|NULL|null"});
  CHECK(warnings == std::vector<std::string>{"field \"extra\" has no column in table t (--schema); dropped"});
}

TEST_CASE("SqliteDestination refuses a --schema SQLite cannot read as a usage error", "[sink][sqlite]") {
  TempDir tmp;
  SinkOptions o = sqlite_options(tmp.file("out.db"), "t");
  o.schema = "user TEXT,,";
  SqliteDestination d(o, [](std::string_view) {});
  write(d, R"({"user":"u1"})");
  try {
    d.flush();
    FAIL("accepted a bad schema");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    CHECK_THAT(e.what(), Catch::StartsWith("--schema: "));
  }
}

TEST_CASE("SqliteDestination rows become visible only at commit", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  write(d, R"({"a":1})");
  d.commit(1);
  write(d, R"({"a":2})");
  d.flush();
  CHECK(d.uncommitted());
  CHECK(query(db, "SELECT a FROM t") == Rows{"1"});
  d.abandon();
  CHECK_FALSE(d.uncommitted());
  // The table came with checkpoint 1; a column added in the abandoned transaction is gone.
  write(d, R"({"a":3,"b":"x"})");
  d.flush();
  CHECK(query(db, "SELECT name FROM pragma_table_info('t')") == Rows{"a"});
  d.abandon();
  write(d, R"({"a":4})");
  d.commit(2);
  CHECK(query(db, "SELECT a FROM t ORDER BY rowid") == Rows{"1", "4"});
  CHECK(query(db, "SELECT name FROM pragma_table_info('t')") == Rows{"a"});
}

TEST_CASE("SqliteDestination recover deletes rows appended after the committed checkpoint", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
    d.recover(0);
    for (int i = 0; i < 3; ++i) write(d, "{\"i\":" + std::to_string(i) + "}");
    d.commit(1);
    for (int i = 3; i < 5; ++i) write(d, "{\"i\":" + std::to_string(i) + "}");
    d.commit(2);
    for (int i = 5; i < 9; ++i) write(d, "{\"i\":" + std::to_string(i) + "}");
    d.commit(3);
  }
  // Only the newest ranges are kept: older ones are final.
  CHECK(query(db, "SELECT checkpoint, first_rowid, last_rowid FROM _ss_sink_appended") == Rows{"3|6|9"});
  CHECK(query(db, "SELECT checkpoint FROM _ss_sink_checkpoints") == Rows{"3"});
  std::vector<std::string> warnings;
  {
    // COMMITTED says 2: checkpoint 3 reached the database, but COMMITTED was not written.
    SqliteDestination d(sqlite_options(db, "t"), [&](std::string_view w) { warnings.emplace_back(w); });
    d.recover(2);
    CHECK(query(db, "SELECT i FROM t ORDER BY rowid") == Rows{"0", "1", "2", "3", "4"});
    CHECK(query(db, "SELECT checkpoint FROM _ss_sink_checkpoints") == Rows{"2"});
    CHECK(query(db, "SELECT count(*) FROM _ss_sink_appended") == Rows{"0"});
    for (int i = 5; i < 9; ++i) write(d, "{\"i\":" + std::to_string(i) + "}");
    d.commit(3);
  }
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("removed 4 rows appended after checkpoint 2"));
  CHECK(query(db, "SELECT group_concat(i) FROM t") == Rows{"0,1,2,3,4,5,6,7,8"});
}

TEST_CASE("SqliteDestination recover keeps other stages' rows", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SinkOptions a = sqlite_options(db, "t");
  SinkOptions b = sqlite_options(db, "u");
  b.stream.stage_name = "other";
  {
    SqliteDestination da(a, [](std::string_view) {});
    da.recover(0);
    write(da, R"({"x":1})");
    da.commit(1);
  }
  {
    SqliteDestination db_other(b, [](std::string_view) {});
    db_other.recover(0);
    write(db_other, R"({"y":1})");
    db_other.commit(5);
  }
  SqliteDestination again(a, [](std::string_view) {});
  again.recover(0);
  CHECK(query(db, "SELECT count(*) FROM t") == Rows{"0"});
  CHECK(query(db, "SELECT count(*) FROM u") == Rows{"1"});
}

TEST_CASE("SqliteDestination reports a full database naming it, and commits nothing incomplete", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
    d.recover(0);
    write(d, R"({"i":0,"pad":"x"})");
    d.commit(1);
    // The database may not grow past its current pages: SQLITE_FULL, as on a full disk.
    d.connection().exec("PRAGMA max_page_count = " + query(db, "PRAGMA page_count")[0]);
    std::string message;
    try {
      for (int i = 1; i < 20000; ++i)
        write(d, "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(100, 'x') + "\"}");
      d.commit(2);
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::io);
      message = e.what();
    }
    CHECK_THAT(message, Catch::Contains(db + ": write failed: database or disk is full"));
    d.abandon();
  }
  CHECK(query(db, "SELECT count(*) FROM t") == Rows{"1"});
  CHECK(query(db, "SELECT checkpoint FROM _ss_sink_checkpoints") == Rows{"1"});
}

namespace {

ss::PipelineIdentity pipeline(const std::string& id) { return ss::PipelineIdentity{id, "sink", "/state/" + id}; }

struct Rejected {
  std::vector<std::string> reasons;
  std::vector<uint64_t> lines;
};

}  // namespace

TEST_CASE("SqliteDestination recovery deletes the checkpoint's rows when a record has a rowid field",
          "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
    d.claim(pipeline("a"));
    d.recover(0);
    // The rowid field makes a column named rowid that would shadow the real rowid.
    for (int i = 1; i <= 3; ++i)
      write(d, "{\"rowid\":" + std::to_string(100 + i) + ",\"i\":" + std::to_string(i) + "}");
    d.commit(1);
    for (int i = 4; i <= 5; ++i) write(d, "{\"rowid\":" + std::to_string(i - 3) + ",\"i\":" + std::to_string(i) + "}");
    d.commit(2);
  }
  // A crash between the database commit of 2 and COMMITTED: the restart recovers to 1.
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  d.claim(pipeline("a"));
  d.recover(1);
  CHECK(query(db, "SELECT group_concat(i) FROM t") == Rows{"1,2,3"});
  for (int i = 4; i <= 5; ++i) write(d, "{\"rowid\":" + std::to_string(i - 3) + ",\"i\":" + std::to_string(i) + "}");
  d.commit(2);
  CHECK(query(db, "SELECT group_concat(i) FROM t") == Rows{"1,2,3,4,5"});
}

TEST_CASE("SqliteDestination recovery names rows by an INTEGER PRIMARY KEY when rowid, _rowid_ and oid are columns",
          "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
    d.connection().exec(
        "CREATE TABLE t (k INTEGER PRIMARY KEY, rowid INTEGER, _rowid_ INTEGER, oid INTEGER, i INTEGER)");
    d.claim(pipeline("a"));
    d.recover(0);
    write(d, R"({"rowid":7,"_rowid_":7,"oid":7,"i":1})");
    d.commit(1);
    // Explicit keys far apart: runs of rowids, not one range that would take row 50.
    write(d, R"({"k":40,"i":2})");
    write(d, R"({"k":60,"i":3})");
    d.commit(2);
    d.connection().exec("INSERT INTO t (k, i) VALUES (50, 99)");
  }
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  d.claim(pipeline("a"));
  d.recover(1);
  CHECK(query(db, "SELECT group_concat(i) FROM (SELECT i FROM t ORDER BY k)") == Rows{"1,99"});
}

TEST_CASE("SqliteDestination recovery leaves the rows of another pipeline with the same stage name", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination first(sqlite_options(db, "t"), [](std::string_view) {});
    first.claim(pipeline("first"));
    first.recover(0);
    for (int i = 0; i < 1000; ++i) write(first, "{\"i\":" + std::to_string(i) + "}");
    first.commit(1);
    CHECK(first.committed_checkpoint() == std::optional<uint64_t>(1));
  }
  // A second pipeline, default --name too, its own state directory at checkpoint 0.
  std::vector<std::string> warnings;
  SqliteDestination second(sqlite_options(db, "t"), [&](std::string_view w) { warnings.emplace_back(w); });
  second.claim(pipeline("second"));
  CHECK_FALSE(second.committed_checkpoint().has_value());
  second.recover(0);
  CHECK(warnings.empty());
  write(second, R"({"i":1000})");
  second.commit(1);
  CHECK(query(db, "SELECT count(*) FROM t") == Rows{"1001"});
  CHECK(query(db, "SELECT pipeline, stage, checkpoint FROM _ss_sink_checkpoints ORDER BY pipeline") ==
        Rows{"first|sink|1", "second|sink|1"});
}

TEST_CASE("SqliteDestination upsert replaces the row's values and sets the fields the record lacks to null",
          "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  {
    SqliteDestination d(sqlite_options(db, "s"), [](std::string_view) {});
    write(d, R"({"session_id":"a","events":3,"note":"first"})");
    d.commit(1);
  }
  // A later run whose records never name `note`.
  SqliteDestination d(sqlite_options(db, "s"), [](std::string_view) {});
  write(d, R"({"session_id":"a","events":5})");
  d.commit(2);
  CHECK(query(db, "SELECT session_id, events, note FROM s") == Rows{"a|5|NULL"});
}

TEST_CASE("SqliteDestination refuses a field name with a NUL and commits the other records", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  write(d, R"({"a":1})");
  Parsed bad(R"({"a":2,"b\u0000c":3})");
  CHECK(d.write(bad.record) == ss::WriteResult::bad);
  CHECK_THAT(std::string(d.bad_reason()), Catch::Contains("NUL"));
  write(d, R"({"a":3,"b":4})");
  d.commit(1);
  CHECK(query(db, "SELECT a, b FROM t ORDER BY rowid") == Rows{"1|NULL", "3|4"});
  CHECK(query(db, "SELECT count(*) FROM pragma_table_info('t')") == Rows{"2"});
}

TEST_CASE("SqliteDestination refuses a record that needs more columns than SQLite allows", "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  std::string wide = "{";
  for (int i = 0; i < 2001; ++i) wide += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":1";
  wide += "}";
  Parsed bad(wide);
  CHECK(d.write(bad.record) == ss::WriteResult::bad);
  CHECK_THAT(std::string(d.bad_reason()), Catch::Contains("SQLite allows at most 2000"));
  write(d, R"({"f0":1,"x":2})");
  d.commit(1);
  CHECK(query(db, "SELECT f0, x FROM t") == Rows{"1|2"});
}

TEST_CASE("SqliteDestination rejects rows that break the table's constraints and writes the rest of the batch",
          "[sink][sqlite]") {
  TempDir tmp;
  const std::string db = tmp.file("out.db");
  SqliteDestination d(sqlite_options(db, "t"), [](std::string_view) {});
  d.connection().exec("CREATE TABLE t (user TEXT NOT NULL, n INTEGER CHECK (n >= 0)) STRICT");
  Rejected rejected;
  d.on_reject([&](std::string_view, uint64_t line, std::string_view reason, std::string_view) {
    rejected.lines.push_back(line);
    rejected.reasons.emplace_back(reason);
  });
  const char* lines[] = {R"({"user":"a","n":1})", R"({"n":2})", R"({"user":"c","n":-3})", R"({"user":"d","n":"four"})",
                         R"({"user":"e","n":5})"};
  uint64_t number = 0;
  for (const char* text : lines) {
    Parsed p(text);
    ss::Line line{p.line, "in.ndjson", ++number, 0, false};
    d.set_origin(line);
    REQUIRE(d.write(p.record) == ss::WriteResult::accepted);
  }
  d.commit(1);
  CHECK(query(db, "SELECT group_concat(user) FROM t") == Rows{"a,e"});
  CHECK(rejected.lines == std::vector<uint64_t>{2, 3, 4});
  REQUIRE(rejected.reasons.size() == 3);
  CHECK_THAT(rejected.reasons[0], Catch::Contains("NOT NULL"));
  CHECK_THAT(rejected.reasons[1], Catch::Contains("CHECK"));
}
