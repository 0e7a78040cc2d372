// A temporary directory for the ss-ingest unit tests, removed with everything in it.
#pragma once

#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace ss::test {

class IngestTestDir {
 public:
  IngestTestDir() {
    char tmpl[] = "/tmp/ss-ingest-test.XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~IngestTestDir() { std::filesystem::remove_all(path_); }
  IngestTestDir(const IngestTestDir&) = delete;
  IngestTestDir& operator=(const IngestTestDir&) = delete;

  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, std::string_view bytes, bool append = false) const {
    std::ofstream out(file(name), std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
    return file(name);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace ss::test
