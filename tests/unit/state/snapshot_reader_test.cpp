#include "ss/state/snapshot_reader.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using ss::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

std::string zstd_compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string crc_hex(std::string_view records) {
  const auto crc = crc32(0, reinterpret_cast<const Bytef*>(records.data()), static_cast<uInt>(records.size()));
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc));
  return hex;
}

// A snapshot written by hand, so that each part can be made wrong on purpose.
std::string hand_made(std::string_view header, std::string_view records, std::string_view trailer) {
  return zstd_compress(std::string(header) + "\n" + std::string(records) + std::string(trailer) + "\n");
}

constexpr std::string_view kHeader =
    R"({"ss_snapshot":1,"tool":"sessionize","stage":"sessionize","checkpoint":9,"params":{"gap":"30m"}})";
constexpr std::string_view kRecords = "{\"k\":1}\n{\"k\":2}\n";

std::string good_trailer() { return "{\"ss_trailer\":true,\"records\":2,\"crc32\":\"" + crc_hex(kRecords) + "\"}"; }

std::string write_real_snapshot(const TempDir& dir, int records) {
  const auto path = dir.file("sessionize.9.snap.zst");
  ss::SnapshotWriter w(path, "sessionize", "sessionize", 9, R"({"gap":"30m"})");
  for (int i = 0; i < records; ++i)
    w.record("{\"session\":" + std::to_string(i) + ",\"user\":\"u" + std::to_string(i % 13) + "\"}");
  w.commit();
  return path;
}

// The message of the ss::Error(state) that reading `path` throws.
std::string state_error(const std::string& path, std::string_view tool = "sessionize") {
  try {
    ss::SnapshotReader reader(path, tool);
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    return e.what();
  }
  FAIL("the snapshot " << path << " was accepted");
  return {};
}

}  // namespace

TEST_CASE("SnapshotReader accepts a hand-made snapshot that follows the format", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("s.snap.zst");
  write_file(path, hand_made(kHeader, kRecords, good_trailer()));
  ss::SnapshotReader r(path, "sessionize");
  CHECK(r.checkpoint() == 9);
  CHECK(r.params() == R"({"gap":"30m"})");
  REQUIRE(r.record_count() == 2);
  std::string_view rec;
  REQUIRE(r.next(rec));
  CHECK(rec == "{\"k\":1}");
  REQUIRE(r.next(rec));
  CHECK(rec == "{\"k\":2}");
  CHECK_FALSE(r.next(rec));
}

TEST_CASE("SnapshotReader refuses a snapshot cut short at any length", "[core][state]") {
  TempDir dir;
  const auto path = write_real_snapshot(dir, 2000);
  const std::string full = slurp(path);
  const auto cut_path = dir.file("cut.snap.zst");
  std::vector<size_t> cuts = {
      0, 1, 3, 4, 5, 12, full.size() / 4, full.size() / 2, full.size() - 5, full.size() - 4, full.size() - 1};
  for (size_t c = 7; c < full.size(); c += full.size() / 37 + 1) cuts.push_back(c);
  for (const size_t cut : cuts) {
    INFO("cut at " << cut << " of " << full.size());
    write_file(cut_path, std::string_view(full).substr(0, cut));
    CHECK_THAT(state_error(cut_path), Catch::Contains(cut_path));
  }
}

TEST_CASE("SnapshotReader refuses a snapshot with any single byte flipped unless its content is unchanged",
          "[core][state]") {
  TempDir dir;
  const auto path = write_real_snapshot(dir, 50);
  const std::string full = slurp(path);
  std::vector<std::string> original;
  {
    ss::SnapshotReader r(path, "sessionize");
    std::string_view rec;
    while (r.next(rec)) original.emplace_back(rec);
  }
  const auto bad_path = dir.file("flipped.snap.zst");
  int refused = 0;
  for (size_t i = 0; i < full.size(); ++i) {
    INFO("byte " << i << " of " << full.size());
    std::string bad = full;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    write_file(bad_path, bad);
    try {
      ss::SnapshotReader r(bad_path, "sessionize");
      // A few bits of a zstd frame do not change what it decodes to (the content
      // checksum still matches): then the records must be exactly the original ones.
      CHECK(r.checkpoint() == 9);
      CHECK(r.params() == R"({"gap":"30m"})");
      std::vector<std::string> got;
      std::string_view rec;
      while (r.next(rec)) got.emplace_back(rec);
      CHECK(got == original);
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::state);
      ++refused;
    }
  }
  CHECK(refused > static_cast<int>(full.size()) * 9 / 10);
}

TEST_CASE("SnapshotReader refuses a snapshot of another tool, naming both", "[core][state]") {
  TempDir dir;
  const auto path = write_real_snapshot(dir, 3);
  const std::string message = state_error(path, "window");
  CHECK_THAT(message, Catch::Contains("ss-sessionize") && Catch::Contains("ss-window"));
}

TEST_CASE("SnapshotReader refuses a file that is not zstd", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("plain.snap.zst");
  write_file(path, std::string(kHeader) + "\n" + std::string(kRecords) + good_trailer() + "\n");
  CHECK_THAT(state_error(path), Catch::Contains("not a snapshot"));
  write_file(path, "");
  state_error(path);
}

TEST_CASE("SnapshotReader refuses a missing file as a state error", "[core][state]") {
  TempDir dir;
  CHECK_THAT(state_error(dir.file("none.snap.zst")), Catch::Contains("none.snap.zst"));
}

TEST_CASE("SnapshotReader refuses zstd data that is not a snapshot", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("other.snap.zst");
  write_file(path, zstd_compress("{\"ts\":1}\n{\"ts\":2}\n{\"ts\":3}\n"));
  CHECK_THAT(state_error(path), Catch::Contains("not a snapshot"));
  write_file(path, zstd_compress("just text\n"));
  state_error(path);
}

TEST_CASE("SnapshotReader refuses a trailer whose record count does not match", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("count.snap.zst");
  write_file(path, hand_made(kHeader, kRecords,
                             "{\"ss_trailer\":true,\"records\":3,\"crc32\":\"" + crc_hex(kRecords) + "\"}"));
  CHECK_THAT(state_error(path), Catch::Contains("trailer says 3"));
  // A record line lost from the middle is caught the same way.
  write_file(path, hand_made(kHeader, "{\"k\":1}\n", good_trailer()));
  state_error(path);
}

TEST_CASE("SnapshotReader refuses records whose checksum does not match", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("crc.snap.zst");
  write_file(path, hand_made(kHeader, "{\"k\":1}\n{\"k\":3}\n", good_trailer()));
  CHECK_THAT(state_error(path), Catch::Contains("checksum"));
}

TEST_CASE("SnapshotReader refuses a snapshot without a trailer", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("notrailer.snap.zst");
  write_file(path, zstd_compress(std::string(kHeader) + "\n" + std::string(kRecords)));
  state_error(path);
  write_file(path, zstd_compress(std::string(kHeader) + "\n"));
  state_error(path);
  // A last line without its newline is incomplete.
  write_file(path, zstd_compress(std::string(kHeader) + "\n" + std::string(kRecords) + good_trailer()));
  state_error(path);
}

TEST_CASE("SnapshotReader refuses an unknown format version", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("v2.snap.zst");
  write_file(path, hand_made(R"({"ss_snapshot":2,"tool":"sessionize","stage":"s","checkpoint":9,"params":{}})",
                             kRecords, good_trailer()));
  CHECK_THAT(state_error(path), Catch::Contains("version 2"));
}

TEST_CASE("SnapshotReader refuses headers that lack a part", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("header.snap.zst");
  for (const char* header : {
           R"({"ss_snapshot":1,"stage":"s","checkpoint":9,"params":{}})",
           R"({"ss_snapshot":1,"tool":"sessionize","checkpoint":9,"params":{}})",
           R"({"ss_snapshot":1,"tool":"sessionize","stage":"s","params":{}})",
           R"({"ss_snapshot":1,"tool":"sessionize","stage":"s","checkpoint":9})",
           R"({"ss_snapshot":1,"tool":"sessionize","stage":"s","checkpoint":9,"params":"gap=30m"})",
           R"({"ss_snapshot":1,"tool":"sessionize","stage":"s","checkpoint":-1,"params":{}})",
       }) {
    INFO(header);
    write_file(path, hand_made(header, kRecords, good_trailer()));
    state_error(path);
  }
}

TEST_CASE("SnapshotReader refuses data after the end of the frame", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("extra.snap.zst");
  const std::string good = hand_made(kHeader, kRecords, good_trailer());
  write_file(path, good + good);
  state_error(path);
  write_file(path, good + "garbage");
  state_error(path);
}

TEST_CASE("check_params accepts identical parameters", "[core][state]") {
  TempDir dir;
  const auto path = write_real_snapshot(dir, 1);
  ss::SnapshotReader r(path, "sessionize");
  CHECK_NOTHROW(ss::check_params(r, R"({"gap":"30m"})"));
}

TEST_CASE("check_params names the snapshot, both parameter sets and --reset-state", "[core][state]") {
  TempDir dir;
  const auto path = write_real_snapshot(dir, 1);
  ss::SnapshotReader r(path, "sessionize");
  try {
    ss::check_params(r, R"({"gap":"5m"})");
    FAIL("different parameters were accepted");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains(R"({"gap":"30m"})"));
    CHECK_THAT(message, Catch::Contains(R"({"gap":"5m"})"));
    CHECK_THAT(message, Catch::Contains("--reset-state"));
  }
}

TEST_CASE("SnapshotReader refuses a symlink to /dev/zero at once instead of reading it", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("sessionize.1.snap.zst");
  fs::create_symlink("/dev/zero", path);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THAT(state_error(path), Catch::Contains("not a regular file"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("SnapshotReader refuses a FIFO without waiting for a writer", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("sessionize.1.snap.zst");
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  CHECK_THAT(state_error(path), Catch::Contains("not a regular file"));
}

TEST_CASE("SnapshotReader refuses a frame that decompresses far beyond the bound for its size", "[core][state]") {
  // 512 MiB of zeros is a few kilobytes of zstd: past 64 MiB plus 1000 times that.
  TempDir dir;
  const auto path = dir.file("sessionize.1.snap.zst");
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  const std::string zeros(1u << 20, '0');
  std::string out(ZSTD_CStreamOutSize(), '\0');
  std::string file;
  for (int i = 0; i < 512; ++i) {
    ZSTD_inBuffer in{zeros.data(), zeros.size(), 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      REQUIRE_FALSE(ZSTD_isError(ZSTD_compressStream2(ctx, &o, &in, ZSTD_e_continue)));
      file.append(out.data(), o.pos);
    }
  }
  for (;;) {
    ZSTD_inBuffer in{nullptr, 0, 0};
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    const size_t left = ZSTD_compressStream2(ctx, &o, &in, ZSTD_e_end);
    REQUIRE_FALSE(ZSTD_isError(left));
    file.append(out.data(), o.pos);
    if (left == 0) break;
  }
  ZSTD_freeCCtx(ctx);
  REQUIRE(file.size() < (64u << 10));
  write_file(path, file);
  CHECK_THAT(state_error(path), Catch::Contains("decompresses to more than"));
}

TEST_CASE("SnapshotReader stops loading once SIGINT or SIGTERM has asked the tool to stop", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("sessionize.1.snap.zst");
  {
    ss::SnapshotWriter w(path, "sessionize", "sessionize", 1, "{}");
    w.record("{}");
    w.commit();
  }
  ss::install_stop_handlers();
  std::raise(SIGTERM);
  REQUIRE(ss::stop_requested());
  try {
    ss::SnapshotReader r(path, "sessionize");
    FAIL("the snapshot was loaded after a stop request");
  } catch (const ss::Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("stopped by a signal"));
  }
  ss::clear_stop_request();
}

TEST_CASE("check_identity refuses a snapshot renamed from another checkpoint or stage", "[core][state]") {
  TempDir dir;
  const auto path = dir.file("sessionize.5.snap.zst");
  {
    ss::SnapshotWriter w(path, "sessionize", "sessionize", 2, "{}");
    w.commit();
  }
  ss::SnapshotReader r(path, "sessionize");
  CHECK_NOTHROW(ss::check_identity(r, "sessionize", 2));
  try {
    ss::check_identity(r, "sessionize", 5);
    FAIL("a snapshot of checkpoint 2 was taken for checkpoint 5");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::state);
    CHECK_THAT(e.what(), Catch::Contains("header says checkpoint 2, its name says 5"));
  }
  try {
    ss::check_identity(r, "sessions2", 2);
    FAIL("a snapshot of stage sessionize was taken for stage sessions2");
  } catch (const ss::Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("belongs to stage sessionize, not sessions2"));
  }
}
