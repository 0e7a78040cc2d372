#include "ss/io/input_file.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "ss/base/error.hpp"
#include "support/temp_dir.hpp"

namespace {

using ss::test::TempDir;

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

void write_gzip(const std::string& path, std::string_view bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  if (!bytes.empty())
    REQUIRE(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  REQUIRE(gzclose(gz) == Z_OK);
}

std::string zstd_compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string read_all(ss::InputFile& in, size_t chunk = 4096) {
  std::string out;
  std::string buf(chunk, '\0');
  for (;;) {
    const long n = in.read(buf.data(), buf.size());
    REQUIRE(n >= 0);
    if (n == 0) break;
    out.append(buf.data(), static_cast<size_t>(n));
  }
  return out;
}

std::string sample_text(size_t lines) {
  std::string s;
  for (size_t i = 0; i < lines; ++i) s += "{\"i\":" + std::to_string(i) + ",\"msg\":\"some repeated text\"}\n";
  return s;
}

}  // namespace

TEST_CASE("InputFile reads a plain file unchanged", "[core][io]") {
  TempDir dir;
  const std::string text = sample_text(1000);
  write_file(dir.file("plain.ndjson"), text);
  ss::InputFile in(dir.file("plain.ndjson"));
  CHECK(in.compression() == ss::Compression::none);
  CHECK(in.name() == dir.file("plain.ndjson"));
  CHECK(read_all(in, 100) == text);
  CHECK(in.raw_offset() == text.size());
  CHECK(in.read(nullptr, 0) == 0);
}

TEST_CASE("InputFile reads files shorter than the magic number", "[core][io]") {
  TempDir dir;
  for (const std::string text : {"", "a", "ab", "abc", "\x1f", "\x28\xb5\x2f"}) {
    write_file(dir.file("short"), text);
    ss::InputFile in(dir.file("short"));
    CHECK(in.compression() == ss::Compression::none);
    CHECK(read_all(in) == text);
  }
}

TEST_CASE("InputFile decompresses gzip recognised by its magic bytes, whatever the name", "[core][io]") {
  TempDir dir;
  const std::string text = sample_text(5000);
  write_gzip(dir.file("events.log"), text);
  ss::InputFile in(dir.file("events.log"));
  CHECK(in.compression() == ss::Compression::gzip);
  CHECK(read_all(in, 1000) == text);
}

// ZSTD_decompressStream() called once more after a frame ended, with no input left,
// returns the size hint of a next frame (non-zero): that must not read as "truncated".
TEST_CASE("InputFile decompresses zstd recognised by its magic bytes, whatever the name", "[core][io]") {
  TempDir dir;
  const std::string text = sample_text(5000);
  write_file(dir.file("events.txt"), zstd_compress(text));
  ss::InputFile in(dir.file("events.txt"));
  CHECK(in.compression() == ss::Compression::zstd);
  CHECK(read_all(in, 1000) == text);
}

TEST_CASE("InputFile reads concatenated gzip members as one stream", "[core][io]") {
  TempDir dir;
  const std::string a = sample_text(300);
  const std::string b = "second member\n";
  write_gzip(dir.file("a.gz"), a);
  write_gzip(dir.file("b.gz"), b);
  std::ifstream ia(dir.file("a.gz"), std::ios::binary), ib(dir.file("b.gz"), std::ios::binary);
  const std::string ga((std::istreambuf_iterator<char>(ia)), {}), gb((std::istreambuf_iterator<char>(ib)), {});
  write_file(dir.file("ab.gz"), ga + gb + ga);
  ss::InputFile in(dir.file("ab.gz"));
  CHECK(read_all(in) == a + b + a);
}

TEST_CASE("InputFile reads concatenated zstd frames as one stream", "[core][io]") {
  TempDir dir;
  const std::string a = sample_text(300);
  const std::string b = "second frame\n";
  write_file(dir.file("ab.zst"), zstd_compress(a) + zstd_compress(b));
  ss::InputFile in(dir.file("ab.zst"));
  CHECK(read_all(in) == a + b);
}

TEST_CASE("InputFile reads incompressible data through gzip", "[core][io]") {
  TempDir dir;
  std::mt19937 rng(1);
  std::string noise(300000, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  write_gzip(dir.file("noise.gz"), noise);
  ss::InputFile g(dir.file("noise.gz"));
  CHECK(read_all(g, 7777) == noise);
}

TEST_CASE("InputFile reads incompressible data through zstd", "[core][io]") {
  TempDir dir;
  std::mt19937 rng(1);
  std::string noise(300000, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  write_file(dir.file("noise.zst"), zstd_compress(noise));
  ss::InputFile z(dir.file("noise.zst"));
  CHECK(read_all(z, 7777) == noise);
}

TEST_CASE("InputFile reads an empty gzip file as empty", "[core][io]") {
  TempDir dir;
  write_gzip(dir.file("empty.gz"), "");
  ss::InputFile in(dir.file("empty.gz"));
  CHECK(in.compression() == ss::Compression::gzip);
  CHECK(read_all(in).empty());
}

TEST_CASE("InputFile reports a truncated zstd file as an I/O error", "[core][io]") {
  TempDir dir;
  const std::string full = zstd_compress(sample_text(2000));
  for (const size_t cut : {size_t{5}, full.size() / 2, full.size() - 1}) {
    INFO("cut at " << cut << " of " << full.size());
    write_file(dir.file("cut.zst"), std::string_view(full).substr(0, cut));
    ss::InputFile in(dir.file("cut.zst"));
    CHECK(in.compression() == ss::Compression::zstd);
    try {
      read_all(in);
      FAIL("a truncated zstd file was read without error");
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::io);
      CHECK_THAT(e.what(), Catch::Contains(dir.file("cut.zst")));
    }
  }
}

TEST_CASE("InputFile reports a truncated gzip file as an I/O error", "[core][io]") {
  TempDir dir;
  write_gzip(dir.file("full.gz"), sample_text(2000));
  std::ifstream in_file(dir.file("full.gz"), std::ios::binary);
  const std::string full((std::istreambuf_iterator<char>(in_file)), {});
  write_file(dir.file("cut.gz"), std::string_view(full).substr(0, full.size() - 4));
  ss::InputFile in(dir.file("cut.gz"));
  try {
    read_all(in);
    FAIL("a truncated gzip file was read without error");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
  }
}

TEST_CASE("InputFile reports a file that starts like gzip but is not as an I/O error", "[core][io]") {
  TempDir dir;
  write_file(dir.file("fake.gz"), "\x1f\x8b this is not deflate data at all\n");
  ss::InputFile in(dir.file("fake.gz"));
  CHECK(in.compression() == ss::Compression::gzip);
  try {
    read_all(in);
    FAIL("garbage was read as gzip without error");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
  }
}

TEST_CASE("InputFile reports a missing file as an I/O error naming it", "[core][io]") {
  TempDir dir;
  try {
    ss::InputFile in(dir.file("missing.ndjson"));
    FAIL("opened a missing file");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("missing.ndjson"));
  }
}

TEST_CASE("InputFile reads from a pipe and reports when it would block", "[core][io]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string path = "/dev/fd/" + std::to_string(fds[0]);
  REQUIRE(::write(fds[1], "abcdef\n", 7) == 7);
  ss::InputFile in(path);
  char buf[64];
  std::string got;
  long n = in.read(buf, sizeof buf);  // the bytes sniffed for the magic number
  REQUIRE(n > 0);
  got.append(buf, static_cast<size_t>(n));
  if (got.size() < 7) {
    CHECK_FALSE(in.would_block());
    n = in.read(buf, sizeof buf);
    REQUIRE(n > 0);
    got.append(buf, static_cast<size_t>(n));
  }
  CHECK(got == "abcdef\n");
  CHECK(in.would_block());
  CHECK_FALSE(in.wait_readable(10));
  REQUIRE(::write(fds[1], "x", 1) == 1);
  CHECK(in.wait_readable(1000));
  CHECK_FALSE(in.would_block());
  ::close(fds[1]);
  ::close(fds[0]);
}

TEST_CASE("InputFile hands out what gzip decompressed before a corrupt block, then reports it", "[core][io]") {
  TempDir dir;
  const std::string text = sample_text(5000);
  {
    gzFile gz = gzopen(dir.file("stored.gz").c_str(), "wb0");  // stored blocks: their bounds are easy to find
    REQUIRE(gz != nullptr);
    REQUIRE(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
    REQUIRE(gzclose(gz) == Z_OK);
  }
  std::ifstream in_file(dir.file("stored.gz"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in_file)), {});
  // After the 10-byte header: the first stored block's header byte, LEN, NLEN, LEN bytes.
  const size_t first_len = static_cast<unsigned char>(bytes[11]) | static_cast<unsigned char>(bytes[12]) << 8;
  REQUIRE(15 + first_len < bytes.size());
  bytes[15 + first_len] = '\x06';  // the second block claims the reserved block type 3
  write_file(dir.file("bad.gz"), bytes);
  ss::InputFile in(dir.file("bad.gz"));
  std::string got;
  try {
    std::string buf(1 << 20, '\0');
    for (;;) {
      const long n = in.read(buf.data(), buf.size());
      REQUIRE(n > 0);
      got.append(buf.data(), static_cast<size_t>(n));
    }
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::io);
    CHECK_THAT(e.what(), Catch::Contains("bad.gz: gzip:"));
  }
  CHECK(got.size() == first_len);
  CHECK(got == text.substr(0, first_len));
}
