#include "ss/ingest/file_identity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "ss/base/hash64.hpp"
#include "support/temp_dir.hpp"

using ss::FileIdentity;
using ss::IdentityMatch;

namespace {

struct OpenFile {
  explicit OpenFile(const std::string& path) : fd(::open(path.c_str(), O_RDONLY)) { REQUIRE(fd >= 0); }
  ~OpenFile() { ::close(fd); }
  uint64_t size() const {
    struct stat st {};
    ::fstat(fd, &st);
    return static_cast<uint64_t>(st.st_size);
  }
  int fd;
};

}  // namespace

TEST_CASE("a file's identity is its device, inode and the hash of its first bytes", "[ingest][identity]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "hello\n");
  OpenFile f(path);
  const auto id = ss::identify_file(f.fd);
  REQUIRE(id);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(id->device == static_cast<uint64_t>(st.st_dev));
  CHECK(id->inode == static_cast<uint64_t>(st.st_ino));
  CHECK(id->fingerprint_bytes == 6);
  CHECK(id->fingerprint == ss::hash64("hello\n"));
}

TEST_CASE("the fingerprint covers at most the first 1024 bytes", "[ingest][identity]") {
  ss::test::TempDir dir;
  const std::string big(3000, 'x');
  OpenFile f(dir.write("big.log", big));
  const auto id = ss::identify_file(f.fd);
  REQUIRE(id);
  CHECK(id->fingerprint_bytes == ss::kFingerprintBytes);
  CHECK(id->fingerprint == ss::hash64(std::string(1024, 'x')));
}

TEST_CASE("pipes have no identity", "[ingest][identity]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK_FALSE(ss::identify_file(fds[0]));
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("a file that grew, or was renamed, is still the same file", "[ingest][identity]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "line 1\n");
  FileIdentity saved;
  {
    OpenFile f(path);
    saved = *ss::identify_file(f.fd);
  }
  dir.write("a.log", "line 2\n", true);
  REQUIRE(std::rename(path.c_str(), dir.file("a.log.1").c_str()) == 0);
  OpenFile f(dir.file("a.log.1"));
  CHECK(ss::match_identity(saved, f.fd, f.size()) == IdentityMatch::same);
}

TEST_CASE("a file shorter than its fingerprinted prefix was truncated", "[ingest][identity]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "line 1\nline 2\n");
  OpenFile f(path);
  const FileIdentity saved = *ss::identify_file(f.fd);
  REQUIRE(::truncate(path.c_str(), 3) == 0);
  CHECK(ss::match_identity(saved, f.fd, f.size()) == IdentityMatch::truncated);
}

TEST_CASE("the same inode with other first bytes is another file", "[ingest][identity]") {
  ss::test::TempDir dir;
  const std::string path = dir.write("a.log", "line 1\n");
  OpenFile f(path);
  const FileIdentity saved = *ss::identify_file(f.fd);
  dir.write("a.log", "LINE 1\nmore\n");  // rewritten in place: same inode
  CHECK(ss::match_identity(saved, f.fd, f.size()) == IdentityMatch::other);
}

TEST_CASE("another inode is another file even with the same content", "[ingest][identity]") {
  ss::test::TempDir dir;
  OpenFile a(dir.write("a.log", "same\n"));
  OpenFile b(dir.write("b.log", "same\n"));
  const FileIdentity saved = *ss::identify_file(a.fd);
  CHECK(ss::match_identity(saved, b.fd, b.size()) == IdentityMatch::other);
}
