#include "ss/io/huge_pages.hpp"

#include <sys/mman.h>

namespace ss {

HugePageRange huge_pages_within(uintptr_t begin, size_t bytes) noexcept {
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  const uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  return last > first ? HugePageRange{first, last} : HugePageRange{first, first};
}

void prefer_huge_pages(const void* data, size_t bytes) noexcept {
  const HugePageRange range = huge_pages_within(reinterpret_cast<uintptr_t>(data), bytes);
  if (range.last == range.first) return;
#ifdef MADV_HUGEPAGE
  // Advice: a failure changes nothing.
  ::madvise(reinterpret_cast<void*>(range.first), range.last - range.first, MADV_HUGEPAGE);
#endif
}

}  // namespace ss
