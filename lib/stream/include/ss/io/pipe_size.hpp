// The tools pass hundreds of MB/s to each other through pipes. Linux's default pipe
// holds 64 KiB, so a writer flushing 1 MiB blocks and its reader took turns 16 times
// per block, each turn a context switch (costly on a virtual machine). A pipe of 1 MiB
// (the unprivileged limit, /proc/sys/fs/pipe-max-size) takes a whole block at once.
#pragma once

#include <cstddef>

namespace ss {

inline constexpr size_t kPipeBytes = 1u << 20;

/// Grows the pipe behind `fd` to kPipeBytes when `fd` is a pipe holding less. Only an
/// attempt: a system that refuses (a lower limit, the user's pipe quota spent) keeps
/// its pipe, and anything but a pipe is left alone.
void enlarge_pipe(int fd) noexcept;

}  // namespace ss
