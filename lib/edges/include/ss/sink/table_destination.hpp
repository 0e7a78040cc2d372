// What the table destinations (SQLite, PostgreSQL) share: records taken into a
// RowBatch under the destination's limits, with the upsert id chosen at the first
// record; each subclass writes the batch to its database.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "ss/sink/destination.hpp"
#include "ss/sink/row_batch.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/table_columns.hpp"
#include "ss/sink/upsert_id.hpp"

namespace ss {

class TableDestination : public Destination {
 public:
  /// Takes the record into the batch, writing the batch (flush()) once its text
  /// reaches kBatchTextBytes.
  void claim(const PipelineIdentity& pipeline) final { pipeline_ = pipeline; }
  WriteResult write(RecordFields& record) final;
  std::string_view bad_reason() const final { return bad_reason_; }
  size_t buffered() const final { return batch_.rows(); }
  bool uncommitted() const final { return uncommitted_; }

  /// A batch is written once its text reaches this size, whatever --batch-size says.
  static constexpr size_t kBatchTextBytes = 64u << 20;

 protected:
  TableDestination(const SinkOptions& options, std::function<void(std::string_view)> warn)
      : options_(options), warn_(std::move(warn)), pipeline_{"", options.stage(), ""} {}

  /// The table's columns, where the batch registers the records' fields.
  virtual TableColumns& columns() = 0;
  /// What the database cannot take, seen from a record alone.
  virtual const RowLimits& limits() const = 0;

  const SinkOptions options_;  // a copy: the destination may outlive the caller's options
  std::function<void(std::string_view)> warn_;
  PipelineIdentity pipeline_;  ///< whose bookkeeping rows the destination reads and writes
  RowBatch batch_;
  UpsertId id_;
  bool uncommitted_ = false;  ///< records taken since the last commit or abandon

 private:
  std::string bad_reason_;
};

}  // namespace ss
