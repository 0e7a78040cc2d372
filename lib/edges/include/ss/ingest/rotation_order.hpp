// The order ss-ingest reads the files of one rotation chain in (access.log, access.log.1,
// access.log.2.gz, access.log-20261201): oldest content first, whatever order the shell
// glob gave, so that a cron run after a rotation emits the old file's last lines before
// the new file's first ones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

/// One input as found before reading.
struct RotationInput {
  std::string path;
  bool regular = false;  ///< a regular file (pipes, stdin and missing files keep their place)
  bool known = false;    ///< a saved position names it (by inode, or by its content after compression or a copy)
  int64_t mtime_ns = 0;  ///< last modification
};

/// The chain a file belongs to: its path without a compression suffix (.gz, .zst) and
/// then without a rotation suffix (`.N`, `-YYYYMMDD`, `.YYYYMMDD`, `-YYYY-MM-DD`):
/// `log/access.log` for `log/access.log.2.gz`.
std::string rotation_chain(std::string_view path);

/// How many rotations old the name says a file is, for files of one chain modified at
/// the same time: 0 for the live name, N for `.N` (larger is older), and for a date
/// suffix a value above every `.N` that falls as the date rises (later is newer).
int64_t rotation_age(std::string_view path);

/// Reorders `inputs` in place: the regular files of each chain are sorted and put in the
/// places the chain's files held. Within a chain: files a saved position knows come
/// first (they were read before: resume them), then the rest; each group by mtime, oldest
/// first, ties by rotation_age (older first), then by name. Other inputs keep their places.
void order_rotation_chains(std::vector<RotationInput>& inputs);

}  // namespace ss
