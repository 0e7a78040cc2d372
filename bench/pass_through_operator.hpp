// The benchmark's operator: it keeps no state and writes every on-time event out
// unchanged, so bench/ measures the run loop's own cost (read, split, parse the time
// field, write).
#pragma once

#include "ss/op/operator.hpp"
#include "ss/state/snapshot_reader.hpp"

namespace ss {

class PassThroughOperator final : public Operator {
 public:
  std::string_view tool() const override { return "passthrough"; }
  std::string semantic_params() const override { return "{}"; }
  EventResult on_event(const Event& event, OutputBuffer& out) override {
    out.line(event.raw);
    return EventResult::accepted;
  }
  bool passes_lines_through() const override { return true; }
  void on_watermark(TimeUs, OutputBuffer&) override {}
  void on_end_of_input(EndMode, OutputBuffer&) override {}
  void snapshot(SnapshotWriter&) const override {}
  void restore(SnapshotReader&) override {}
};

}  // namespace ss
