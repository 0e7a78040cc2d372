#include "ss/state/snapshot_writer.hpp"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

std::string decompressed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string z((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const unsigned long long size = ZSTD_getFrameContentSize(z.data(), z.size());
  std::string out;
  if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR) {
    out.resize(size);
    const size_t n = ZSTD_decompress(out.data(), out.size(), z.data(), z.size());
    REQUIRE_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
  }
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  ZSTD_inBuffer input{z.data(), z.size(), 0};
  std::string chunk(1 << 16, '\0');
  while (input.pos < input.size) {
    ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
    const size_t rc = ZSTD_decompressStream(ctx, &output, &input);
    REQUIRE_FALSE(ZSTD_isError(rc));
    out.append(chunk.data(), output.pos);
  }
  ZSTD_freeDCtx(ctx);
  return out;
}

}  // namespace

TEST_CASE("SnapshotWriter writes header, records and trailer as NDJSON in one zstd frame", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("sessionize.7.snap.zst");
  {
    ss::SnapshotWriter w(path, "sessionize", "sessionize", 7, R"({"gap":"30m"})");
    w.record(R"({"k":"a"})");
    w.buffer() = R"({"k":"b"})";
    w.record(w.buffer());
    CHECK(w.records() == 2);
    w.commit();
  }
  const std::string records = "{\"k\":\"a\"}\n{\"k\":\"b\"}\n";
  const auto crc = crc32(0, reinterpret_cast<const Bytef*>(records.data()), static_cast<uInt>(records.size()));
  char crc_hex[16];
  std::snprintf(crc_hex, sizeof crc_hex, "%08lx", static_cast<unsigned long>(crc));
  CHECK(decompressed(path) ==
        "{\"ss_snapshot\":1,\"tool\":\"sessionize\",\"stage\":\"sessionize\",\"checkpoint\":7,\"params\":{\"gap\":"
        "\"30m\"}}\n" +
            records + "{\"ss_trailer\":true,\"records\":2,\"crc32\":\"" + crc_hex + "\"}\n");
  CHECK(dir.names() == std::vector<std::string>{"sessionize.7.snap.zst"});
}

TEST_CASE("SnapshotWriter writes an empty params object when given none", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("x.1.snap.zst");
  {
    ss::SnapshotWriter w(path, "window", "x", 1, "");
    w.commit();
  }
  ss::SnapshotReader r(path, "window");
  CHECK(r.params() == "{}");
  CHECK(r.record_count() == 0);
}

TEST_CASE("SnapshotWriter round trips many records through SnapshotReader", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("window.42.snap.zst");
  std::vector<std::string> records;
  for (int i = 0; i < 50000; ++i)
    records.push_back("{\"key\":\"k" + std::to_string(i) + "\",\"n\":" + std::to_string(i * 7) + ",\"s\":\"\\u00e9\"}");
  {
    ss::SnapshotWriter w(path, "window", "window", 42, R"({"key":"user","tumble":"1m"})");
    for (const auto& r : records) w.record(r);
    w.commit();
  }
  ss::SnapshotReader reader(path, "window");
  CHECK(reader.checkpoint() == 42);
  CHECK(reader.params() == R"({"key":"user","tumble":"1m"})");
  CHECK(reader.path() == path);
  REQUIRE(reader.record_count() == records.size());
  std::string_view rec;
  size_t i = 0;
  while (reader.next(rec)) {
    REQUIRE(i < records.size());
    REQUIRE(rec == records[i]);
    ++i;
  }
  CHECK(i == records.size());
  CHECK_FALSE(reader.next(rec));
}

TEST_CASE("SnapshotWriter dropped without commit leaves neither the file nor a temp file", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("ingest.3.snap.zst");
  {
    ss::SnapshotWriter w(path, "ingest", "ingest", 3, "{}");
    for (int i = 0; i < 100000; ++i) w.record(R"({"offset":12345678})");  // enough to reach the disk
    CHECK(dir.names().size() == 1);                                       // the temp file exists while writing
  }
  CHECK(dir.names().empty());
}

TEST_CASE("SnapshotWriter keeps the temp file out of the final name until commit", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("ingest.3.snap.zst");
  ss::SnapshotWriter w(path, "ingest", "ingest", 3, "{}");
  w.record("{}");
  CHECK_FALSE(fs::exists(path));
  const auto names = dir.names();
  REQUIRE(names.size() == 1);
  CHECK(names[0].rfind("ingest.3.snap.zst.tmp.", 0) == 0);
  w.commit();
  CHECK(fs::exists(path));
  CHECK(dir.names() == std::vector<std::string>{"ingest.3.snap.zst"});
}

TEST_CASE("SnapshotWriter replaces an older file of the same name", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("s.1.snap.zst");
  for (int round = 0; round < 2; ++round) {
    ss::SnapshotWriter w(path, "t", "s", 1, "{}");
    w.record("{\"round\":" + std::to_string(round) + "}");
    w.commit();
  }
  ss::SnapshotReader r(path, "t");
  std::string_view rec;
  REQUIRE(r.next(rec));
  CHECK(rec == "{\"round\":1}");
}

TEST_CASE("SnapshotWriter reports a failed rename as an I/O error and leaves no temp file", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("s.5.snap.zst");
  // A non-empty directory under the final name makes rename() fail.
  fs::create_directory(path);
  std::ofstream(path + "/occupied") << "x";
  {
    ss::SnapshotWriter w(path, "t", "s", 5, "{}");
    w.record("{}");
    try {
      w.commit();
      FAIL("commit over a non-empty directory succeeded");
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::io);
      CHECK_THAT(e.what(), Catch::Contains("s.5.snap.zst"));
    }
  }
  CHECK(dir.names() == std::vector<std::string>{"s.5.snap.zst"});
  CHECK(fs::is_directory(path));
}

TEST_CASE("SnapshotWriter reports a directory it cannot write to as an I/O error", "[core][state]") {
  TempDir dir;
  try {
    ss::SnapshotWriter w(dir.file("missing/s.1.snap.zst"), "t", "s", 1, "{}");
    FAIL("a snapshot was started in a missing directory");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
  }
}
