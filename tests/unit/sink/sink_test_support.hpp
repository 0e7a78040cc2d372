// Helpers shared by the sink's unit tests: a temporary directory, file reading and
// zstd decoding, parsed records from text, and running SQL for checks.
#pragma once

#include <sqlite3.h>
#include <unistd.h>
#include <zstd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/json/record_fields.hpp"
#include "support/temp_dir.hpp"

namespace sink_test {

namespace fs = std::filesystem;

using ss::test::TempDir;

/// Runs the test body with the working directory set to `dir` (templates are relative).
class ChangeDir {
 public:
  explicit ChangeDir(const std::string& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~ChangeDir() { fs::current_path(old_); }

 private:
  fs::path old_;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void spit(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  REQUIRE(out.good());
}

/// Decompresses a file that must hold exactly one complete zstd frame.
inline std::string unzstd_one_frame(const std::string& path) {
  const std::string data = slurp(path);
  const size_t frame = ZSTD_findFrameCompressedSize(data.data(), data.size());
  REQUIRE_FALSE(ZSTD_isError(frame));
  REQUIRE(frame == data.size());
  std::string out;
  ZSTD_DStream* ds = ZSTD_createDStream();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  size_t left = 1;
  while (in.pos < in.size || left != 0) {
    ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
    left = ZSTD_decompressStream(ds, &o, &in);
    REQUIRE_FALSE(ZSTD_isError(left));
    out.append(chunk.data(), o.pos);
    if (in.pos == in.size && o.pos == 0 && left != 0) FAIL("truncated frame");
  }
  ZSTD_freeDStream(ds);
  return out;
}

/// A record parsed from JSON text, kept alive with its parser.
struct Parsed {
  explicit Parsed(std::string text) : line(std::move(text)) { REQUIRE(record.parse(line) == ss::ParseOutcome::ok); }
  std::string line;
  ss::RecordFields record;
};

/// The rows of `sql` on the database at `path`, each row's columns joined by `|`
/// (NULL as `NULL`), rows in the query's order.
inline std::vector<std::string> query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  INFO(sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i > 0) row += "|";
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      row += text != nullptr ? text : "NULL";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

}  // namespace sink_test
