// `--to file:TEMPLATE`: records go to part files placed by the path template. Parts
// are written under hidden in-progress names and become visible only at commit(N),
// when each is finished, fsync'd and renamed to `<stem>-<N>-<k><ext>`; the directories
// are then fsync'd. Every commit ends the parts it renames, so the records of one
// checkpoint are exactly the parts named with its id, and a replay of checkpoint N
// after a crash writes the same names again (rotation and numbering depend only on
// the records and their order), replacing instead of duplicating.
//
// Part names hold no pipeline, so one template belongs to one pipeline: with --state
// the sink leaves `.<last component>.ss-sink-owner` in the template's literal root
// directory, naming its pipeline id, stage and state directory, and a sink of another
// pipeline (or one without --state, which would write over its parts) refuses to
// start there instead of removing or replacing parts it did not write.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ss/sink/background_sync.hpp"
#include "ss/sink/destination.hpp"
#include "ss/sink/part_file.hpp"
#include "ss/sink/path_template.hpp"
#include "ss/sink/record_formatter.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

class FileDestination final : public Destination {
 public:
  /// `warn` reports fields a CSV/TSV header drops and what recover() removed.
  /// Throws ss::Error(usage) for a bad template.
  FileDestination(const SinkOptions& options, std::function<void(std::string_view)> warn);
  ~FileDestination() override;

  /// Takes the template for `pipeline`, or refuses with ss::Error(state) when another
  /// pipeline owns it.
  void claim(const PipelineIdentity& pipeline) override;
  /// Removes in-progress files and the parts of checkpoints after `committed`.
  void recover(uint64_t committed) override;
  WriteResult write(RecordFields& record) override;
  /// NDJSON parts whose path has no strftime conversion and no {field}: every record
  /// goes to the same path as its line.
  bool takes_lines_as_they_are() const override { return fixed_path_; }
  WriteResult write_line(std::string_view line) override;
  std::string_view bad_reason() const override { return bad_reason_; }
  size_t buffered() const override { return buffered_; }
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;
  bool uncommitted() const override { return !parts_.empty(); }

  /// Final paths renamed by the last commit, in the order the parts were started.
  const std::vector<std::string>& last_committed() const { return last_committed_; }

 private:
  struct Part {
    std::string dir;
    std::string stem;
    uint64_t k = 0;
    std::unique_ptr<PartFile> file;
    RecordFormatter formatter;
    std::list<Part*>::iterator lru;  ///< position in open_ while the file is open
  };
  struct PathParts {
    Part* open = nullptr;
    uint64_t next_k = 0;
  };

  /// The open part of path dir/stem for the next record, started when there is none
  /// or the open one is full (--max-records, --max-bytes).
  Part& part_to_write(const std::string& dir, const std::string& stem, PathParts& path);
  /// After a record of `bytes` bytes was appended to the part's buffer.
  void record_appended(Part& part, size_t bytes);
  Part& open_part(const std::string& dir, const std::string& stem, PathParts& path);
  /// Ends a part; `sync` false leaves its durability to a syncfs of the commit.
  void finish_part(Part& part, bool sync = true);
  /// Closes the least recently written part for now when --max-open-files are open.
  void make_room();
  ZstdContext take_context();
  void make_directories(const std::string& dir);
  /// Whether the names made for a record fit the file system's limits; sets
  /// bad_reason_ when not.
  bool path_fits();
  std::string owner_path() const;

  const SinkOptions options_;  // a copy: the destination may outlive the caller's options
  std::function<void(std::string_view)> warn_;
  PathTemplate template_;

  /// Flushes parts to the disk as they grow; declared before the parts, whose
  /// destructors wait for it.
  BackgroundSync syncer_;
  std::vector<std::unique_ptr<Part>> parts_;  ///< every part since the last commit, in start order
  std::unordered_map<std::string, PathParts> paths_;
  std::list<Part*> open_;  ///< open parts, most recently written first
  size_t suspended_ = 0;   ///< parts closed for now by make_room(), not yet finished
  int root_fd_ = -1;       ///< the template's literal root, for syncfs
  std::vector<ZstdContext> spare_contexts_;
  std::unordered_set<std::string> known_dirs_;
  std::unordered_set<std::string> dirs_to_sync_;
  std::unordered_set<std::string> dropped_fields_;
  std::vector<std::string> last_committed_;

  std::vector<FieldValue> values_;
  std::string dir_;
  std::string stem_;
  std::string key_;
  std::string bad_reason_;
  size_t buffered_ = 0;
  bool fixed_path_ = false;  ///< NDJSON to one path: write_line() takes the records
  std::string fixed_dir_;
  std::string fixed_stem_;
  PathParts* fixed_path_parts_ = nullptr;  ///< its entry in paths_, looked up once per checkpoint
};

}  // namespace ss
