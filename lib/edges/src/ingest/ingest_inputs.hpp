// The inputs of ss-ingest and the order they are read in: each input checked before
// the first barrier, the files of a rotated log oldest first, a compressed or copied
// rotation recognised as the continuation of a file read before, a file renamed by
// rotation since the last run finished before its input; then one after the other, or
// all in turn with --follow.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ingest_source.hpp"
#include "kafka_input.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/ingest/saved_position.hpp"
#include "ss/op/diagnostics.hpp"

namespace ss {

class IngestInputs {
 public:
  /// Warnings (skipped inputs, rotations found) go to `diagnostics`.
  IngestInputs(const IngestOptions& options, Diagnostics& diagnostics);

  /// With --from: asks the cluster for the partitions to read (ss::Error(io) when no
  /// broker answers), and there are no files. Otherwise:
  /// decides the inputs to read and their order, given the positions a snapshot
  /// restored (`saved`); opens none of them for reading (a FIFO's writer must not see
  /// its reader come and go). Checks that every input of the options ("-" when there is
  /// none) can be opened: ss::Error(io) naming the first that cannot, unless
  /// --skip-unreadable. Finds inputs whose content continues a saved file under another
  /// inode (a compressed or copied rotation), and orders each rotation chain oldest
  /// first.
  void prepare(const std::vector<SavedPosition>& saved);
  /// Makes a source for each input prepare() chose, and puts before an input the file
  /// it was renamed to by a rotation since the last run. `before_block` runs before a
  /// reader waits for input.
  void open(const std::vector<SavedPosition>& saved, const std::function<void()>& before_block);

  /// With --from: the topic read instead of files (made by prepare()); else null.
  KafkaInput* kafka() { return kafka_.get(); }

  std::vector<std::unique_ptr<IngestSource>>& sources() { return sources_; }
  const std::vector<std::unique_ptr<IngestSource>>& sources() const { return sources_; }
  /// The bytes of the regular files among the inputs when they were opened (for
  /// progress).
  uint64_t total_size() const { return total_size_; }
  /// The bytes read of every input so far.
  uint64_t bytes_read() const {
    uint64_t total = 0;
    for (const auto& s : sources_) total += s->reader->bytes_read();
    return total;
  }

  /// What one turn over the inputs found.
  struct Turn {
    bool active = false;              ///< an input had not ended
    bool progressed = false;          ///< something was read
    IngestSource* waiting = nullptr;  ///< the first input that has not ended (to wait on when all are idle)
  };
  /// Gives each input that has not ended to `pump` (which returns whether anything
  /// happened): without --follow only the first of them, as the inputs are read one
  /// after the other; with it each in turn, until a stop is requested.
  template <typename Pump>
  Turn turn(Pump&& pump);

 private:
  /// The inputs to read, in order (see prepare()).
  std::vector<std::string> order_inputs(const std::vector<std::string>& inputs,
                                        const std::vector<SavedPosition>& saved);
  void add_rotated_predecessors(const std::vector<SavedPosition>& saved);

  const IngestOptions& options_;
  Diagnostics& diagnostics_;
  std::vector<std::unique_ptr<IngestSource>> sources_;
  std::unique_ptr<KafkaInput> kafka_;
  std::vector<std::string> paths_;           ///< the inputs to read, in order
  std::map<std::string, size_t> continues_;  ///< input path -> index in the saved positions its content continues
  uint64_t total_size_ = 0;
};

template <typename Pump>
IngestInputs::Turn IngestInputs::turn(Pump&& pump) {
  Turn t;
  for (auto& s : sources_) {
    if (s->ended) continue;
    t.active = true;
    if (pump(*s)) t.progressed = true;
    if (!s->ended && t.waiting == nullptr) t.waiting = s.get();
    // Without --follow the inputs are read one after the other.
    if (!options_.follow || stop_requested()) break;
  }
  return t;
}

}  // namespace ss
