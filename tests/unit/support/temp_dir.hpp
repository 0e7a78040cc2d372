// A directory under $TMPDIR (or /tmp) for one test, removed with everything in it when
// the test ends, and the few file helpers the tests use on it.
#pragma once

#include <stdlib.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace ss::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ss-unit-test.XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// The path of `name` in the directory, as text.
  std::string file(std::string_view name) const { return (path_ / name).string(); }

  /// Writes `bytes` to `name` (replacing it, or after what it holds with `append`) and
  /// returns its path.
  std::string write(std::string_view name, std::string_view bytes, bool append = false) const {
    std::ofstream out(file(name), std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
    return file(name);
  }

  /// The names of the entries directly in the directory, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  /// Every regular file below the directory, as paths relative to it, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_))
      if (e.is_regular_file()) out.push_back(std::filesystem::relative(e.path(), path_).string());
    std::sort(out.begin(), out.end());
    return out;
  }

  /// How many entries the directory holds.
  size_t count() const { return names().size(); }

 private:
  std::filesystem::path path_;
};

}  // namespace ss::test
