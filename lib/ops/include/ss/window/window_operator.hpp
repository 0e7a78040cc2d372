// Tumbling and sliding window aggregation on event time. Events go into panes of
// gcd(size, slide), one pane per event and key, so an event costs O(1) whatever the
// size and slide; when the watermark passes a window's end its panes are combined,
// the window is written, and the panes no later window needs are freed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/agg/agg_inputs.hpp"
#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator_set.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/op/operator.hpp"
#include "ss/window/update_clock.hpp"
#include "ss/window/window_assigner.hpp"
#include "ss/window/window_options.hpp"
#include "ss/window/window_record.hpp"

namespace ss {

class PaneGroups;  // window/pane_groups.hpp and window/window_panes.hpp, beside the sources
struct PaneGroupEntry;
struct WindowPanes;

class WindowOperator final : public Operator {
 public:
  /// Precondition: options.kind is tumbling or sliding, as finish_window_options leaves it.
  explicit WindowOperator(const WindowOptions& options);
  ~WindowOperator() override;

  std::string_view tool() const override { return "window"; }
  std::string semantic_params() const override;

  /// Adds the event to its key's pane, or returns EventResult::late when all its
  /// windows have closed; with sliding windows it counts in the open ones only. With --emit update and no --every,
  /// writes the event's windows for its key at once, marked "final":false.
  /// The --agg inputs.
  void read_fields(const Event& event) override;
  std::string_view read_failure() const override { return agg_inputs_.failure(); }
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  /// Writes every window that ends at or before `watermark`, in window order, each
  /// window's keys in canonical key order; then, with --every, the changed groups.
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// An event is late only when every window holding it has been written (closed).
  bool judges_lateness() const override { return true; }
  /// close_all writes every open window (with --fill, up to the newest event time);
  /// keep_open leaves them for the next run.
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  void watch_fields(FieldPresence& presence) const override { presence.watch_all(plan_.fields(), "--agg"); }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  /// Panes and (pane, key) groups held now.
  size_t open_panes() const noexcept;
  size_t open_groups() const noexcept;
  /// Values the numeric aggregates skipped (missing, null or not numbers).
  uint64_t skipped_values() const noexcept { return skipped_values_; }
  /// Events that fell between windows (a slide longer than the size).
  uint64_t unassigned_events() const noexcept { return unassigned_events_; }

 private:
  /// --fill: when a key was first and last seen (event time).
  struct KeySeen {
    TimeUs first;
    TimeUs last;
  };
  /// A group marked dirty: its pane and its entry there (a freed pane is never made
  /// again, so a reference to one is recognised as stale).
  struct DirtyRef {
    int64_t pane;
    uint32_t entry;
  };
  /// One row of a closing window: a key and its aggregates. Rows are written in key
  /// order; `order` (the key's first 8 bytes, big-endian) settles most comparisons of
  /// the sort without a call to compare the strings.
  struct Row {
    Row(std::string_view k, const AggregatorSet* a);
    std::string_view key;
    const AggregatorSet* aggs;
    uint64_t order;
    friend bool operator<(const Row& a, const Row& b) noexcept {
      return a.order != b.order ? a.order < b.order : a.key < b.key;
    }
  };

  /// The entry for `key` in `pane` (made when absent), valid until the pane grows.
  PaneGroupEntry& group_for(int64_t pane, std::string_view key, uint32_t* index = nullptr);
  /// The groups of `pane`, made (from a spare table when there is one) when absent.
  PaneGroups& pane_at(int64_t pane);
  void erase_panes_before(int64_t pane);
  void close_through(int64_t last_window, OutputBuffer& out);
  void close_window(int64_t window, OutputBuffer& out);
  void add_fill_rows(int64_t window);
  void prune_seen(TimeUs next_start);
  /// The aggregates of `key` in `window`: a pane's own set for tumbling windows, else
  /// the panes combined into `scratch`.
  const AggregatorSet& window_aggs(int64_t window, std::string_view key, AggregatorSet& scratch) const;
  void emit_event_updates(int64_t pane, std::string_view key, OutputBuffer& out);
  void emit_updates(OutputBuffer& out);
  void write_row(int64_t window, std::string_view key, const AggregatorSet& aggs, std::optional<bool> final,
                 OutputBuffer& out);
  /// The first window of `pane` not yet closed.
  int64_t first_open_window_of_pane(int64_t pane) const noexcept;

  const WindowOptions options_;
  const WindowAssigner windows_;
  const KeyExtractor keys_;
  WindowBoundsText bounds_;  ///< the rows' window_start and window_end, per window
  const AggPlan plan_;
  const AggregatorSet empty_;  // the results of a group without events (--fill)
  AggInputs agg_inputs_;

  // State saved by snapshot() --------------------------------------------
  std::unique_ptr<WindowPanes> panes_;                // the panes and their groups
  std::map<std::string, KeySeen, std::less<>> seen_;  // --fill: keys and when seen
  std::optional<int64_t> closed_through_;             // every window up to here is written
  TimeUs watermark_ = kMinTime;
  UpdateClock clock_;  // its last interval
  // -----------------------------------------------------------------------
  TimeUs earliest_seen_ = kMaxTime;  // --fill: the earliest first-seen time of any key
  // The watermark that closes the next window holding data (or fill rows), as
  // close_through last found it; kMinTime when a new pane or key may have made an
  // earlier one. An event's watermark below it has nothing to close.
  TimeUs next_close_ = kMinTime;
  std::vector<DirtyRef> dirty_;  // groups with dirty set
  std::vector<Row> rows_;        // reused per closing window
  uint64_t skipped_values_ = 0;
  uint64_t unassigned_events_ = 0;
};

}  // namespace ss
