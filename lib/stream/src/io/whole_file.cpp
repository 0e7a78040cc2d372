#include "ss/io/whole_file.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "ss/io/huge_pages.hpp"
#include "ss/io/input_file.hpp"

namespace ss {

namespace {
constexpr size_t kReadBlock = 1u << 20;
}  // namespace

std::string read_whole_file(const std::string& path) {
  InputFile file(path);
  std::string data;
  // A plain file is read into one allocation of its size (no copies as it grows).
  struct stat st {};
  if (file.compression() == Compression::none && ::fstat(file.fd(), &st) == 0 && S_ISREG(st.st_mode))
    data.reserve(static_cast<size_t>(st.st_size) + kReadBlock);
  prefer_huge_pages(data.data(), data.capacity());
  size_t used = 0;
  for (;;) {
    if (data.size() - used < kReadBlock) data.resize(std::max(used + kReadBlock, std::min(data.capacity(), used * 2)));
    const long n = file.read(data.data() + used, data.size() - used);
    if (n < 0) continue;  // a signal interrupted a wait
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  data.resize(used);
  return data;
}

bool starts_with_json_object(std::string_view data) noexcept {
  size_t i = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) ++i;
  return i < data.size() && data[i] == '{';
}

}  // namespace ss
