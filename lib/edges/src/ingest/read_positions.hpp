// How far ss-ingest has read each file it knows: the positions restored from the last
// snapshot and those of the files opened in this run. It decides where a file just
// opened starts (after the bytes a snapshot says were read, or from the start with a
// warning when the file was truncated or rewritten), and it is what a checkpoint saves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ingest_source.hpp"
#include "ss/ingest/file_identity.hpp"
#include "ss/ingest/kafka_position.hpp"
#include "ss/ingest/saved_position.hpp"
#include "ss/ingest/year_inference.hpp"
#include "ss/op/diagnostics.hpp"

namespace ss {

class ReadPositions {
 public:
  /// Warnings (truncated files, lost bytes) go to `diagnostics`.
  explicit ReadPositions(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  /// Every position, in the order they were restored or made. An IngestSource refers to
  /// one by its index (IngestSource::entry).
  const std::vector<SavedPosition>& entries() const { return positions_; }
  bool empty() const { return positions_.empty(); }
  /// Adds a position read from a snapshot.
  void add_restored(SavedPosition position) { positions_.push_back(std::move(position)); }

  /// The next offset to read of each Kafka partition known, restored or read in this
  /// run (partition -> offset), and the topic they belong to.
  const std::map<int32_t, int64_t>& kafka_offsets() const { return kafka_offsets_; }
  const std::string& kafka_topic() const { return kafka_topic_; }
  /// Adds a Kafka position read from a snapshot.
  void add_restored_kafka(const KafkaPosition& position) {
    kafka_topic_ = position.topic;
    kafka_offsets_[position.partition] = position.next_offset;
  }
  /// The topic read in this run (positions of another topic are not kept).
  void set_kafka_topic(const std::string& topic) {
    if (topic != kafka_topic_) kafka_offsets_.clear();
    kafka_topic_ = topic;
  }
  /// The message at `next_offset - 1` of `partition` is handled.
  void advance_kafka(int32_t partition, int64_t next_offset) {
    kafka_offsets_[partition] = next_offset;
    dirty_ = true;
  }

  /// Whether lines were handled (or positions changed) since mark_saved().
  bool dirty() const { return dirty_; }
  void mark_dirty() { dirty_ = true; }
  /// Everything is in a snapshot now.
  void mark_saved() { dirty_ = false; }

  /// The record ending at `end_offset`, whose last line is numbered `line`, of the file
  /// at `entry` (IngestSource::kNoEntry: not a file) is handled.
  void advance(size_t entry, uint64_t end_offset, uint64_t line) {
    if (entry != IngestSource::kNoEntry) {
      positions_[entry].offset = end_offset;
      positions_[entry].line = line;
    }
    dirty_ = true;
  }
  /// The parser state of the file at `entry` that a resumed read needs again.
  void set_format(size_t entry, const std::string& format) {
    if (entry != IngestSource::kNoEntry) positions_[entry].format = format;
  }
  void set_header(size_t entry, const std::optional<std::string>& header) {
    if (entry != IngestSource::kNoEntry) positions_[entry].header = header;
  }
  void set_years(size_t entry, const std::optional<YearInference::State>& years) {
    if (entry != IngestSource::kNoEntry) positions_[entry].years = years;
  }

  /// The reader of `s` has just opened a file: finds its saved position (by identity,
  /// or the saved file whose content it continues, s.continues), seeks the reader past
  /// what was read of it, and sets s.entry (kNoEntry for what is not a regular file).
  /// Returns the position it resumes from; null when it is read from the start, with a
  /// warning when lines read before may be lost.
  const SavedPosition* open(IngestSource& s);
  /// Takes the identity and size of the files open in `sources` into their positions,
  /// before they are saved.
  void refresh(const std::vector<std::unique_ptr<IngestSource>>& sources);

 private:
  /// Warns when the file just opened as `s` had been read in place before and has since
  /// been truncated or rewritten, so lines written before that may be lost.
  void warn_if_truncated(IngestSource& s, const FileIdentity& identity);

  /// The file of `entry` is read to its end by another name, or gone: its position is
  /// never resumed again, and it is left out of the next snapshot.
  void retire(size_t entry);

  Diagnostics& diagnostics_;
  std::vector<SavedPosition> positions_;  ///< one per file known: restored or read in this run
  std::string kafka_topic_;
  std::map<int32_t, int64_t> kafka_offsets_;  ///< Kafka partition -> next offset to read
  bool dirty_ = false;                        ///< lines were handled since the last snapshot
};

}  // namespace ss
