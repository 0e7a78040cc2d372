// ss-join --right: a stream-stream interval join on event time. A left event L and a
// right event R with equal keys match when lower <= R.time - L.time <= upper (both
// ends included). Each side keeps its events only while the other side's watermark
// still allows a match: L until the right watermark passes L.time + upper, R until the
// left watermark passes R.time - lower; memory follows the bound, not the stream
// length. An unmatched event leaves then as an outer row (--type left, right, full).
//
// A match is written when its second event arrives: the left line with the right
// event's members spliced in (prefixed). A left-only row is the left line unchanged; a
// right-only row holds the time and key under the left's names and the prefixed right
// members.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "ss/join/join_options.hpp"
#include "ss/join/joined_rows.hpp"
#include "ss/join/right_stream_reader.hpp"
#include "ss/op/operator.hpp"
#include "ss/op/watermark.hpp"

namespace ss {

class IntervalJoinOperator final : public Operator {
 public:
  /// The right stream is opened when the run starts (after restore()).
  explicit IntervalJoinOperator(const JoinOptions& options);
  ~IntervalJoinOperator() override;

  std::string_view tool() const override { return "join"; }
  std::string semantic_params() const override;

  /// The join key.
  void read_fields(const Event& event) override;
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  std::string_view bad_reason() const override { return "not valid JSON"; }
  bool passes_lines_through() const override { return true; }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  uint64_t buffered_left() const { return left_.size; }
  uint64_t buffered_right() const { return right_.size; }

 private:
  struct Row {
    TimeUs time;
    uint64_t seq;
    bool matched;
    std::string text;  // left: the raw line; right: the members a match adds
    std::string head;  // right: time and key members for a right-only row
  };
  struct Expiry {
    TimeUs at;  // the row is useless once the other side's watermark passes this
    std::string key;
    bool operator>(const Expiry& o) const { return at > o.at; }
  };
  struct Side {
    std::unordered_map<std::string, std::vector<Row>> rows;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiry;
    uint64_t size = 0;
  };

  void start_reader();
  /// Handles right items: all that are ready, or (wait) all until the right stream ends.
  void drain_right(OutputBuffer& out, bool wait);
  void on_right(RightItem& item, OutputBuffer& out);
  /// Drops the rows of `side` whose expiry is before `watermark`, writing unmatched
  /// ones as outer rows when `emit`.
  void prune(Side& side, bool left, TimeUs watermark, bool emit, OutputBuffer& out);
  void write_match(std::string_view left_line, const Row& right, OutputBuffer& out);
  void write_right_only(const Row& right, OutputBuffer& out);
  bool keep_left_outer() const { return options_.type == JoinType::left || options_.type == JoinType::full; }
  bool keep_right_outer() const { return options_.type == JoinType::right || options_.type == JoinType::full; }

  const JoinOptions& options_;
  const TimeUs lower_;
  const TimeUs upper_;
  std::unique_ptr<RightStreamReader> reader_;
  bool right_ended_ = false;
  std::string key_;       ///< the join key of the event read_fields() read
  bool has_key_ = false;  ///< every part of key_ was found

  // Saved in every snapshot ---------------------------------------------------
  Side left_;
  Side right_;
  TimeUs left_watermark_ = kMinTime;
  Watermark right_watermark_;
  JoinedRows rows_;
  uint64_t right_offset_ = 0;  // right source bytes joined so far
  uint64_t right_seq_ = 0;

  uint64_t matches_ = 0;
  uint64_t right_events_ = 0;
  uint64_t right_late_ = 0;
  uint64_t right_bad_ = 0;
};

}  // namespace ss
