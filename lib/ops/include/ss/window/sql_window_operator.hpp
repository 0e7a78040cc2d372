// ss-window --sql: tumbling and sliding windows whose result is an SQL query over the
// window's events rather than aggregates. Events are held per pane of gcd(size,
// slide), as WindowOperator holds aggregates, so sliding windows share them; when the
// watermark passes a window's end the query runs on its events (per key with --key,
// in key order) and the panes no later window needs are freed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/key/key_extractor.hpp"
#include "ss/op/operator.hpp"
#include "ss/window/window_assigner.hpp"
#include "ss/window/window_options.hpp"
#include "ss/window/window_query.hpp"
#include "ss/window/window_record.hpp"

namespace ss {

class RecordFields;

class SqlWindowOperator final : public Operator {
 public:
  /// Precondition: options.sql is set and options.kind is tumbling or sliding. Throws
  /// ss::Error(usage) for SQL that does not compile (see WindowQuery).
  explicit SqlWindowOperator(const WindowOptions& options);
  ~SqlWindowOperator() override;

  std::string_view tool() const override { return "window"; }
  std::string semantic_params() const override;

  /// Holds the event in its pane. An event that is not one valid JSON object is bad:
  /// SQLite would get it only when its window closes, too late to name its line.
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  /// Runs the query on every window that ends at or before `watermark`, in window order.
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// An event is late only when every window holding it has been written (closed).
  bool judges_lateness() const override { return true; }
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  std::string_view bad_reason() const override { return bad_reason_; }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  /// Windows (or window and key groups) whose query failed in SQLite or ran past
  /// --sql-timeout; each was reported.
  uint64_t failed_queries() const noexcept { return failed_queries_; }
  /// Whether a stop signal interrupted a query: from that window on no query ran.
  bool stopped() const noexcept { return stopped_; }
  /// The window and key (a JSON object) whose query the stop interrupted.
  const std::string& stopped_window() const noexcept { return stopped_window_; }
  /// Events that fell between windows (a slide longer than the size).
  uint64_t unassigned_events() const noexcept { return unassigned_events_; }

 private:
  /// The events of one pane: their bytes (key, then the raw line) in one buffer.
  struct Pane {
    struct Held {
      TimeUs ts;
      uint64_t seq;
      size_t offset;
      uint32_t key_size;
      uint32_t json_size;
    };
    std::string bytes;
    std::vector<Held> events;

    void add(TimeUs ts, uint64_t seq, std::string_view key, std::string_view json);
    std::string_view key(const Held& e) const { return std::string_view(bytes).substr(e.offset, e.key_size); }
    std::string_view json(const Held& e) const {
      return std::string_view(bytes).substr(e.offset + e.key_size, e.json_size);
    }
  };
  /// One event of a closing window.
  struct Member {
    std::string_view key;
    TimeUs ts;
    uint64_t seq;
    std::string_view json;
  };

  int64_t first_open_window_of_pane(int64_t pane) const noexcept;
  void close_through(int64_t last_window, OutputBuffer& out);
  /// Runs the query per key group; false when a stop interrupted it (the window stays
  /// open, done_key_ telling the groups already written).
  bool close_window(int64_t window, OutputBuffer& out);
  /// False only when a stop interrupted the query; a failure is counted and reported.
  bool run_query(int64_t window, std::string_view key, OutputBuffer& out);

  const WindowOptions options_;
  const WindowAssigner windows_;
  const KeyExtractor keys_;
  WindowQuery query_;
  std::vector<std::string> prefix_names_;    // window_start, window_end, the key fields
  std::unique_ptr<RecordFields> validator_;  ///< checks each event whole
  std::string bad_reason_;

  // State saved by snapshot() --------------------------------------------
  std::map<int64_t, Pane> panes_;          // pane index -> its events
  std::optional<int64_t> closed_through_;  // every window up to here is written
  TimeUs watermark_ = kMinTime;
  std::optional<std::string> done_key_;  // the window after closed_through_ has its rows for keys up to here
  // -----------------------------------------------------------------------
  bool stopped_ = false;
  std::string stopped_window_;
  std::vector<Member> members_;        // reused per closing window
  std::vector<WindowEventRef> group_;  // reused per key group
  std::string prefix_;
  WindowBoundsText bounds_;  // the rows' window_start and window_end, per window
  uint64_t failed_queries_ = 0;
  uint64_t unassigned_events_ = 0;
};

}  // namespace ss
