// How far ss-ingest got in one input file, as a snapshot record: the file's identity, the
// byte offset just after the last line handled, its line number, and the parser state a
// resumed read needs (the format that was sniffed, a CSV header row, the year inferred
// for times written without one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/ingest/file_identity.hpp"
#include "ss/ingest/year_inference.hpp"

namespace ss {

struct SavedPosition {
  std::string path;  ///< the input name it was read under (a rotated file keeps its old name here)
  FileIdentity identity;
  uint64_t offset = 0;  ///< decompressed bytes consumed: just after the last line handled
  uint64_t line = 0;    ///< number of that line (1-based; 0 before the first)
  /// The file's size at the last checkpoint (plain files; 0 when unknown): what a file
  /// truncated before it was read to its end lost is at least size - offset bytes.
  uint64_t size = 0;
  std::string format;                         ///< the format it was parsed as (what `auto` resolved to)
  std::optional<std::string> header;          ///< csv/tsv: the header row, fed to a new parser on resume
  std::optional<YearInference::State> years;  ///< year-less times: the inference, restored on resume
};

/// The position at the start of the file `identity`, read as `path`: nothing parsed yet.
inline SavedPosition start_of_file(std::string path, const FileIdentity& identity) {
  SavedPosition position;
  position.path = std::move(path);
  position.identity = identity;
  return position;
}

/// One snapshot record (a JSON object on one line) for `position`.
std::string saved_position_json(const SavedPosition& position);
/// Reads a record written by saved_position_json(); throws ss::Error(state) naming
/// `snapshot` when it is malformed.
SavedPosition parse_saved_position(std::string_view record, std::string_view snapshot);

/// Where a file that was just opened starts, given what the snapshot knew.
struct ResumePlan {
  enum class Kind {
    fresh,    ///< no saved position for this file: from the start
    resume,   ///< continue after `saved->offset`
    restart,  ///< the file is shorter than the saved offset (truncated): from the start, with a warning
  };
  Kind kind = Kind::fresh;
  const SavedPosition* saved = nullptr;  ///< the matching entry (resume and restart)
};

/// Finds the saved entry for the open regular file `fd` of `file_size` bytes by identity
/// (device, inode and fingerprint; the path does not matter, so a file renamed by
/// rotation is found under its new name) and decides where to start. `content_size` is
/// the size offsets count in: file_size for plain files, UINT64_MAX when unknown (a
/// compressed file, where the caller finds out while skipping). An entry with the same
/// inode whose fingerprint no longer matches is another file (a reused inode), as is a
/// compressed file shorter than the fingerprint; one with offset 0 is the same as none.
ResumePlan plan_resume(const std::vector<SavedPosition>& saved, int fd, uint64_t file_size, uint64_t content_size);

}  // namespace ss
