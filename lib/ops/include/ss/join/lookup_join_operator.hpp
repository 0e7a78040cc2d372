// ss-join with --table: each event looks up its key in a table and gets the row's
// fields spliced in before its closing brace (the event is never re-serialised).
// Unmatched events pass unchanged (--type left) or are dropped and counted (inner).
// With --valid-from the table is a history and an event joins the row valid at its
// event time; with --reload a TableWatcher swaps in new versions between two events.
#pragma once

#include <memory>
#include <string>

#include "ss/join/join_options.hpp"
#include "ss/join/joined_rows.hpp"
#include "ss/join/lookup_table.hpp"
#include "ss/join/table_watcher.hpp"
#include "ss/op/operator.hpp"

namespace ss {

class LookupJoinOperator final : public Operator {
 public:
  /// Loads the table; throws ss::Error (io, data, usage) when it cannot be used.
  explicit LookupJoinOperator(const JoinOptions& options);
  ~LookupJoinOperator() override;

  std::string_view tool() const override { return "join"; }
  std::string semantic_params() const override;

  /// The join key.
  void read_fields(const Event& event) override;
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  void on_watermark(TimeUs, OutputBuffer&) override {}
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  std::string_view bad_reason() const override { return "not valid JSON"; }
  bool passes_lines_through() const override { return true; }

  /// The table lives in its file, not in snapshots: nothing to save but the header.
  void snapshot(SnapshotWriter&) const override {}
  void restore(SnapshotReader&) override {}

  uint64_t matched() const { return matched_; }
  uint64_t unmatched() const { return unmatched_; }

 private:
  const JoinOptions& options_;
  std::shared_ptr<const LookupTable> table_;
  std::unique_ptr<TableWatcher> watcher_;
  std::string key_;            ///< the join key of the event read_fields() read
  bool complete_key_ = false;  ///< every part of key_ was found
  JoinedRows rows_;
  uint64_t matched_ = 0;
  uint64_t unmatched_ = 0;
};

}  // namespace ss
