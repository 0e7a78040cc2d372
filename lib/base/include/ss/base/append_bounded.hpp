// Appending a record whose size has a known upper bound with plain stores. Each
// std::string::push_back or append checks the capacity and writes the terminator
// again; a record of thirty pieces paid that thirty times (a fifth of ss-ingest's
// instructions for an access-log line).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace ss {

/// Appends what `write(char* at)` writes at `at`: at most `bound` bytes, `write`
/// returning the end of them. The string grows by `bound` first and is cut back after.
template <typename Write>
void append_bounded(std::string& out, size_t bound, Write&& write) {
  const size_t mark = out.size();
  out.resize(mark + bound);
  char* const end = write(out.data() + mark);
  // A bound too small has let `write` run past the string's room: stop before the
  // damage spreads (a unit case per writer checks its bound on the worst case).
  if (end > out.data() + mark + bound) std::abort();
  out.resize(static_cast<size_t>(end - out.data()));
}

/// Copies `text` to `p` and returns the end: for member names and other text of known size.
[[gnu::always_inline]] inline char* write_text(char* p, std::string_view text) noexcept {
  if (!text.empty()) std::memcpy(p, text.data(), text.size());  // an empty view may hold no pointer
  return p + text.size();
}

}  // namespace ss
