// Large buffers filled in one go (a lookup table loaded at start, a whole file read
// into memory) take a page fault for every 4 KiB they touch; on a virtual machine a
// fault costs microseconds, and a 150 MB table took 36,000 of them, a third of its
// load time. Asking for transparent huge pages makes that a fault per 2 MiB.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ss {

/// Advises the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge
/// pages. Only advice: does nothing where the kernel does not offer them, and nothing
/// for buffers too small to hold an aligned 2 MiB page.
void prefer_huge_pages(const void* data, size_t bytes) noexcept;

/// The whole 2 MiB pages inside [begin, begin + bytes), as [first, last) addresses;
/// first == last when none fits.
struct HugePageRange {
  uintptr_t first = 0;
  uintptr_t last = 0;
};
HugePageRange huge_pages_within(uintptr_t begin, size_t bytes) noexcept;

}  // namespace ss
