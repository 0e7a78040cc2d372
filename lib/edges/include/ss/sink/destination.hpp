// Where ss-sink writes, and the commit protocol every destination follows:
//
//   recover(C)  at start with --state: make every output of checkpoints after C (the
//               id in DIR/COMMITTED) and every leftover of an interrupted run disappear;
//   write()     take one record (it may be buffered); write_line() for destinations
//               that take a record as its line, unchanged;
//   flush()     write what is buffered to the destination, not yet visible as committed;
//   commit(N)   make everything written so far durable and visible as checkpoint N; a
//               replay of checkpoint N after a crash produces the same output again
//               and overwrites, never duplicates;
//   abandon()   drop everything written since the last commit.
//
// The sink loop writes DIR/COMMITTED only after commit(N) returned, so a crash between
// the two leaves output that recover() removes at the next start.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "ss/io/line_reader.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/sink/pipeline_identity.hpp"

namespace ss {

class Diagnostics;
class OutputBuffer;
struct SinkOptions;

enum class WriteResult {
  accepted,
  bad,  ///< the destination cannot take this record; the reason is in bad_reason()
};

/// A record that write() took but the destination refused when it wrote it out
/// (an SQLite constraint, type or size error): where it came from, why, and its line.
using RejectRecord =
    std::function<void(std::string_view source, uint64_t line, std::string_view reason, std::string_view text)>;

class Destination {
 public:
  virtual ~Destination() = default;

  /// With --state, before recover(): the pipeline the sink belongs to. The destination
  /// keys its bookkeeping by it, and takes back only what this pipeline wrote. Throws
  /// ss::Error(state) when the destination belongs to another pipeline and the two
  /// cannot be kept apart.
  virtual void claim(const PipelineIdentity& pipeline) { (void)pipeline; }
  /// Throws ss::Error(io) when the destination cannot be cleaned up.
  virtual void recover(uint64_t committed) = 0;
  /// The newest checkpoint the destination holds for the claimed pipeline, from its
  /// own bookkeeping (SQLite); nullopt when it keeps none or holds nothing yet.
  virtual std::optional<uint64_t> committed_checkpoint() { return std::nullopt; }

  /// The line the next write() or write_line() takes, for rejections found later.
  void set_origin(const Line& line) { origin_ = &line; }
  /// Called for each record found unusable after write() accepted it; the record is
  /// then not in the destination. Without it such records are dropped silently.
  void on_reject(RejectRecord reject) { reject_ = std::move(reject); }
  /// Takes one valid JSON object; throws ss::Error(io) on write failures.
  virtual WriteResult write(RecordFields& record) = 0;
  /// True when write() would take every record and write its line unchanged, looking
  /// at nothing else of it: the sink then calls write_line() for lines it knows to be
  /// JSON objects, without parsing their fields.
  virtual bool takes_lines_as_they_are() const { return false; }
  /// write() for a line that is one valid JSON object, where takes_lines_as_they_are().
  virtual WriteResult write_line(std::string_view line);
  virtual std::string_view bad_reason() const { return "unusable record"; }
  /// Records taken since the last flush().
  virtual size_t buffered() const = 0;
  virtual void flush() = 0;
  /// Throws ss::Error(io); after a failure nothing of checkpoint N is committed
  /// (files: parts already renamed are removed by the next recover()).
  virtual void commit(uint64_t checkpoint) = 0;
  /// Never throws.
  virtual void abandon() noexcept = 0;
  /// True when records were taken since the last commit or abandon.
  virtual bool uncommitted() const = 0;
  /// After end of input and the last commit: a destination that others read while the
  /// sink runs (prom-http) goes on serving until SIGINT or SIGTERM; others return.
  virtual void linger() {}

 protected:
  const Line* origin_ = nullptr;
  RejectRecord reject_;
};

/// The warnings of a table destination's recover(): `removed` rows appended after
/// `committed` taken back, or a checkpoint `held` in the database that COMMITTED does not
/// say (upserted rows stay until the replay; an older one misses output).
void warn_recovered(const std::function<void(std::string_view)>& warn, std::string_view database, int64_t removed,
                    std::optional<int64_t> held, uint64_t committed);

/// The destination named by options.kind. `out` is stdout for `--to -`; warnings go
/// through `diagnostics`. Throws ss::Error(usage) for bad templates and schemas,
/// ss::Error(io) when the destination cannot be opened.
std::unique_ptr<Destination> make_destination(const SinkOptions& options, OutputBuffer& out, Diagnostics& diagnostics);

}  // namespace ss
