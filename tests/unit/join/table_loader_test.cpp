// load_table: CSV (RFC 4180 quoting, BOM, CRLF, numbers kept as numbers) and NDJSON
// tables, --select and --prefix, composite keys, and errors that name file and line.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ss/base/error.hpp"
#include "ss/join/join_options.hpp"
#include "ss/join/table_loader.hpp"

namespace fs = std::filesystem;

namespace {

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& content) {
    std::string tmpl = (fs::temp_directory_path() / "ss-join-table.XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    close(fd);
    path = tmpl;
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { fs::remove(path); }
};

ss::TableSpec spec(const fs::path& path, const std::string& on) {
  ss::TableSpec s;
  s.path = path.string();
  s.on = ss::parse_join_keys({on});
  return s;
}

std::string find(const ss::LookupTable& t, std::string_view key, ss::TimeUs time = 0) {
  size_t size = 0;
  const char* p = t.find(key, time, size);
  return p ? std::string(p, size) : std::string("<none>");
}

std::string error_of(const ss::TableSpec& s) {
  try {
    ss::load_table(s);
  } catch (const ss::Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST_CASE("ss-join --on parses single, renamed, composite and quoted key fields", "[join]") {
  const auto keys = ss::parse_join_keys({"user", "a=b,c"});
  REQUIRE(keys.size() == 3);
  CHECK(keys[0].stream.text() == "user");
  CHECK(keys[0].table.text() == "user");
  CHECK(keys[1].stream.text() == "a");
  CHECK(keys[1].table.text() == "b");
  CHECK(keys[2].table.text() == "c");
  CHECK_THROWS_AS(ss::parse_join_keys({"a="}), ss::Error);
  CHECK_THROWS_AS(ss::parse_join_keys({"a,,b"}), ss::Error);
  const auto quoted = ss::parse_join_keys({"\"x,y\""});
  REQUIRE(quoted.size() == 1);
}

TEST_CASE("A CSV table with quoting, a BOM and CRLF renders numbers as numbers and the rest as strings", "[join]") {
  TempFile f("\xEF\xBB\xBFid,name,limit,zip\r\n1,\"Ann, \"\"A\"\"\",10,02134\r\n2,\"two\nlines\",1.5e3,x\r\n\r\n");
  const auto loaded = ss::load_table(spec(f.path, "id"));
  CHECK(loaded.csv);
  CHECK(find(*loaded.table, "1") == R"("name":"Ann, \"A\"","limit":10,"zip":"02134")");
  CHECK(find(*loaded.table, "2") == R"("name":"two\nlines","limit":1.5e3,"zip":"x")");
  CHECK(loaded.table->rows() == 2);
}

TEST_CASE("ss-join --select picks and orders the added fields and --prefix renames them", "[join]") {
  TempFile f("id,a,b\n1,x,y\n");
  auto s = spec(f.path, "user=id");
  s.select = ss::parse_field_list("b,id");
  s.prefix = "t_";
  const auto loaded = ss::load_table(s);
  CHECK(find(*loaded.table, "1") == R"("t_b":"y","t_id":1)");
}

TEST_CASE("A composite key joins its parts in --on order", "[join]") {
  TempFile f("region,host,rack\neu,h1,r7\nus,h1,r9\n");
  const auto loaded = ss::load_table(spec(f.path, "region,host"));
  CHECK(find(*loaded.table, "eu\x1fh1") == R"("rack":"r7")");
  CHECK(find(*loaded.table, "us\x1fh1") == R"("rack":"r9")");
}

TEST_CASE("A CSV row with another number of fields is an error naming file and line", "[join]") {
  TempFile f("id,a\n1,x\n2\n");
  CHECK(error_of(spec(f.path, "id")) == f.path.string() + ":3: expected 2 fields, got 1");
  TempFile q("id,a\n1,\"open\n");
  CHECK(error_of(spec(q.path, "id")) == q.path.string() + ":2: unterminated quoted field");
}

TEST_CASE("A key or selected column missing from the CSV header is a usage error", "[join]") {
  TempFile f("id,a\n1,x\n");
  CHECK(error_of(spec(f.path, "user")) == "--on: " + f.path.string() + " has no column \"user\"");
  auto s = spec(f.path, "id");
  s.select = ss::parse_field_list("nope");
  CHECK(error_of(s) == "--select: " + f.path.string() + " has no column \"nope\"");
}

TEST_CASE("An NDJSON table keeps values as raw JSON and skips the key field by default", "[join]") {
  TempFile f(
      "{\"id\":7,\"tags\":[1, 2],\"o\":{\"x\":\"\\u00e9\"},\"ok\":true,\"n\":null}\n\n{\"id\":\"s\",\"v\":1.50}\n");
  const auto loaded = ss::load_table(spec(f.path, "id"));
  CHECK_FALSE(loaded.csv);
  CHECK(find(*loaded.table, "7") == R"("tags":[1, 2],"o":{"x":"\u00e9"},"ok":true,"n":null)");
  CHECK(find(*loaded.table, "s") == R"("v":1.50)");
}

TEST_CASE("NDJSON table errors name file and line: bad JSON and a missing key", "[join]") {
  TempFile f("{\"id\":1}\n{\"id\":2,\n");
  CHECK(error_of(spec(f.path, "id")) == f.path.string() + ":2: not valid JSON");
  TempFile g("{\"id\":1}\n{\"other\":2}\n");
  CHECK(error_of(spec(g.path, "id")) == g.path.string() + ":2: no key field \"id\"");
}

TEST_CASE("A versioned CSV table reads RFC 3339 and epoch valid-from times", "[join]") {
  TempFile f("sku,from,price\na,2026-01-01T00:00:00Z,10\na,1767312000,12\n");
  auto s = spec(f.path, "sku");
  s.valid_from = ss::FieldPath("from");
  const auto loaded = ss::load_table(s);
  const ss::TimeUs jan1 = 1767225600LL * 1000000;
  CHECK(find(*loaded.table, "a", jan1 - 1) == "<none>");
  CHECK(find(*loaded.table, "a", jan1) == R"("price":10)");
  CHECK(find(*loaded.table, "a", jan1 + 86400LL * 1000000 - 1) == R"("price":10)");
  CHECK(find(*loaded.table, "a", jan1 + 86400LL * 1000000) == R"("price":12)");
  TempFile bad("sku,from,price\na,yesterday,1\n");
  auto sb = spec(bad.path, "sku");
  sb.valid_from = ss::FieldPath("from");
  CHECK(error_of(sb) == bad.path.string() + ":2: unparseable time in \"from\"");
}
