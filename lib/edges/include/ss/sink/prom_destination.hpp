// `--to prom:FILE` and `--to prom-http:[HOST]:PORT`: rows become Prometheus samples
// (prom_row_reader.hpp) and each series holds its latest value (prom_exposition.hpp).
//
// prom:FILE is node_exporter's textfile collector file: the whole exposition is
// written to a temporary file in the same directory (`FILE.tmp.PID.RANDOM`, a name the
// collector's *.prom pattern does not match), fsync'd and renamed over FILE, so the
// collector never reads half a file. prom-http serves GET /metrics from a thread of
// its own, and goes on serving after end of input until SIGINT or SIGTERM (linger()).
//
// Commits: with --state the samples of a checkpoint become visible at commit(N) (the
// file is written, the endpoint shows them) and abandon() drops them; without
// --state every flush() makes them visible, as stdout does. A series holds only its
// latest value, so the replay of a checkpoint after a crash sets the same values
// again: output is exactly-once in that nothing of an uncommitted checkpoint is shown
// with --state, and a replay changes nothing that was shown.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ss/sink/destination.hpp"
#include "ss/sink/prom_exposition.hpp"
#include "ss/sink/prom_http_server.hpp"
#include "ss/sink/prom_row_reader.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

class PromDestination final : public Destination {
 public:
  /// Opens the HTTP endpoint, or checks the file's directory can take the file.
  /// Throws ss::Error(io).
  explicit PromDestination(const SinkOptions& options);
  ~PromDestination() override;

  /// Removes temporary files that a killed sink left beside FILE.
  void recover(uint64_t committed) override;
  WriteResult write(RecordFields& record) override;
  std::string_view bad_reason() const override { return "no numeric field to write as a Prometheus sample"; }
  size_t buffered() const override { return buffered_; }
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;
  /// Also true for prom:FILE without --state until the file is first written: a run
  /// whose input held no sample still replaces the last run's file, with no series.
  bool uncommitted() const override { return uncommitted_ || (!server_ && !options_.has_state() && !published_); }
  /// prom-http: serves until SIGINT or SIGTERM.
  void linger() override;

  /// The exposition as GET /metrics or the file shows it now (tests).
  std::string exposition();

 private:
  void publish();
  void write_file(const std::string& text);
  void remove_stale_temps();

  const SinkOptions options_;  // a copy: the destination may outlive the caller's options
  PromRowReader reader_;
  std::vector<PromSample> pending_;  ///< samples not yet visible
  size_t buffered_ = 0;
  bool uncommitted_ = false;
  bool published_ = false;  ///< the file or endpoint showed this run's samples once
  std::mutex mutex_;        ///< guards exposition_ against the HTTP thread
  PromExposition exposition_;
  std::unique_ptr<PromHttpServer> server_;
};

}  // namespace ss
