// Hands events to another operator in event-time order. Each event is held until the
// watermark passes it, then released in (time, arrival) order, so the inner operator
// sees sorted input: what logic that depends on order needs, such as sessions cut at
// an event (ss-sessionize --start-when/--end-when), where a late event could otherwise
// fall inside a session that was already cut after it. The cost is memory for the
// events of one lateness interval, and results no earlier than the watermark allows,
// which is when windows and sessions close anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ss/op/operator.hpp"

namespace ss {

class EventParser;

class EventTimeSorter final : public Operator {
 public:
  /// `inner` must outlive the sorter.
  explicit EventTimeSorter(Operator& inner);
  ~EventTimeSorter() override;

  std::string_view tool() const override { return inner_.tool(); }
  std::string semantic_params() const override { return inner_.semantic_params(); }

  /// Holds the event; the inner operator gets it when the watermark passes it.
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  /// The run loop checks each held line to be valid JSON while its source and line can
  /// still be named.
  bool holds_lines() const override { return true; }
  /// Releases the events older than `watermark`, each after telling the inner operator
  /// that the watermark has reached its time, then passes `watermark` on. So what the
  /// inner operator emits follows event time, whatever steps the watermark took.
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// close_all releases every held event first; keep_open keeps them for the snapshot.
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;

  /// The held events, then the inner operator's records.
  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

 private:
  struct Held {
    TimeUs time;
    uint64_t seq;
    uint32_t key_size;
    std::string bytes;  ///< the key, then the raw line
  };
  struct LaterFirst {
    bool operator()(const Held& a, const Held& b) const { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }
  };

  /// Releases the held events up to and including time `last`.
  void release_through(TimeUs last, OutputBuffer& out);

  Operator& inner_;
  std::vector<Held> held_;               ///< a heap under LaterFirst: the earliest on top
  std::unique_ptr<EventParser> parser_;  ///< re-parses a released event for the inner operator
  uint64_t refused_ = 0;
};

}  // namespace ss
