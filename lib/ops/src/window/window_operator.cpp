#include "ss/window/window_operator.hpp"

#include "window_panes.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/window/window_record.hpp"

namespace ss {

namespace {

// Erased panes kept for reuse: a pane opens as one closes, in tumbling and sliding
// windows alike, so a couple cover a steady stream.
constexpr size_t kSparePanes = 2;

}  // namespace

WindowOperator::Row::Row(std::string_view k, const AggregatorSet* a) : key(k), aggs(a), order(0) {
  // Bytes compare unsigned, as in string_view's order; a short key is padded with zeros,
  // which orders it first among the keys it prefixes, and a tie falls to the keys.
  unsigned char bytes[8] = {};
  if (!k.empty()) std::memcpy(bytes, k.data(), std::min(k.size(), sizeof bytes));
  for (const unsigned char b : bytes) order = (order << 8) | b;
}

WindowOperator::WindowOperator(const WindowOptions& options)
    : options_(options),
      windows_(options.size, options.slide, options.offset),
      keys_(options.stream.key),
      plan_(options.aggs),
      empty_(plan_),
      agg_inputs_(plan_),
      panes_(std::make_unique<WindowPanes>()),
      clock_(options.every, options.every_processing) {
  SS_ASSERT(options.kind != WindowKind::global);
}

WindowOperator::~WindowOperator() = default;

std::string WindowOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  w.string("mode", "window");
  w.string("key", keys_.describe());
  w.string("time_field", options_.stream.time_field.text());
  w.number("size_us", static_cast<int64_t>(windows_.size()));
  w.number("slide_us", static_cast<int64_t>(windows_.slide()));
  w.number("offset_us", static_cast<int64_t>(windows_.offset()));
  w.string("agg", plan_.canonical_text());
  w.string("emit", options_.emit == EmitMode::final ? "final" : "update");
  w.number("every_us", static_cast<int64_t>(options_.every));
  w.boolean("every_processing", options_.every_processing);
  w.boolean("fill", options_.fill);
  w.number("ttl_us", static_cast<int64_t>(options_.ttl));
  w.boolean("partial", options_.partial);
  w.finish();
  return out;
}

size_t WindowOperator::open_panes() const noexcept { return panes_->map.size(); }

size_t WindowOperator::open_groups() const noexcept {
  size_t n = 0;
  for (const auto& [index, groups] : panes_->map) n += groups.size();
  return n;
}

int64_t WindowOperator::first_open_window_of_pane(int64_t pane) const noexcept {
  const int64_t first = windows_.first_window_of_pane(pane);
  return closed_through_ ? std::max(first, *closed_through_ + 1) : first;
}

PaneGroups& WindowOperator::pane_at(int64_t pane) {
  const auto [it, made] = panes_->map.try_emplace(pane);
  if (made) {
    next_close_ = kMinTime;  // its windows may close before the one close_through waits for
    if (!panes_->spare.empty()) {
      it->second = std::move(panes_->spare.back());
      panes_->spare.pop_back();
    }
  }
  return it->second;
}

PaneGroups::Entry& WindowOperator::group_for(int64_t pane, std::string_view key, uint32_t* index) {
  // Events come mostly in time order, so most hit the pane of the previous one.
  if (panes_->cached == nullptr || panes_->cached_index != pane) {
    panes_->cached = &pane_at(pane);
    panes_->cached_index = pane;
  }
  const uint32_t entry = panes_->cached->find_or_add(key, PaneGroups::hash_key(key), plan_);
  if (index != nullptr) *index = entry;
  return panes_->cached->at(entry);
}

void WindowOperator::read_fields(const Event& event) { agg_inputs_.read(*event.fields, event.time); }

EventResult WindowOperator::on_event(const Event& event, OutputBuffer& out) {
  // The watermark this event brings closes its windows before the event counts, so
  // --fill --ttl sees a key idle up to here, whether or not other events came between.
  const TimeUs watermark = saturating_sub(event.time, options_.stream.lateness);
  if (watermark > watermark_) {
    watermark_ = watermark;
    if (watermark >= next_close_) close_through(windows_.last_window_ending_by(watermark), out);
  }
  const int64_t pane = windows_.pane_of(event.time);
  // A held pane has a window still open (closing the last one frees it): the event of
  // a new pane is the one to judge. It is late only when all its windows have closed,
  // as in Flink, Kafka Streams and Spark; the open ones count it, whatever the watermark.
  const bool known_pane = panes_->cached != nullptr && panes_->cached_index == pane;  // made for an earlier event
  bool unassigned = false;
  if (!known_pane) {
    const int64_t first = windows_.first_window_of_pane(pane);
    const int64_t last = windows_.last_window_of_pane(pane);
    if (first > last) {
      // Between two windows (a slide longer than the size samples): nothing to update,
      // so it is judged by the watermark.
      if (event.time < watermark_) return EventResult::late;
      unassigned = true;
    } else if (windows_.window_end(last) <= watermark_) {
      return EventResult::late;
    } else if (windows_.window_end(first) <= watermark_) {
      // Its older windows closed (written if they held data): they stay closed.
      const int64_t closed = windows_.last_window_ending_by(watermark_);
      if (!closed_through_ || *closed_through_ < closed) closed_through_ = closed;
    }
  }
  if (options_.fill) {
    // Also an event between two windows makes its key known.
    auto it = seen_.find(event.key);
    if (it == seen_.end()) {
      seen_.emplace(std::string(event.key), KeySeen{event.time, event.time});
      earliest_seen_ = std::min(earliest_seen_, event.time);
      next_close_ = kMinTime;  // its zero rows may start before the window close_through waits for
    } else {
      it->second.first = std::min(it->second.first, event.time);
      it->second.last = std::max(it->second.last, event.time);
    }
  }
  if (unassigned) {
    ++unassigned_events_;
    return EventResult::accepted;
  }
  uint32_t index = 0;
  PaneGroups::Entry& group = group_for(pane, event.key, &index);
  skipped_values_ += group.aggs.add(agg_inputs_.values(), event.time, event.seq);
  if (options_.emit == EmitMode::update) {
    if (clock_.per_event()) {
      emit_event_updates(pane, event.key, out);
    } else {
      if (!group.dirty) {
        group.dirty = true;
        dirty_.push_back(DirtyRef{pane, index});
      }
      if (clock_.due_now()) emit_updates(out);
    }
  }
  return EventResult::accepted;
}

void WindowOperator::on_watermark(TimeUs watermark, OutputBuffer& out) {
  watermark_ = watermark;
  if (watermark >= next_close_) close_through(windows_.last_window_ending_by(watermark), out);
  if (options_.emit == EmitMode::update && (clock_.due_at_watermark(watermark) || clock_.due_now())) emit_updates(out);
}

void WindowOperator::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (mode == EndMode::keep_open) return;
  if (options_.fill) {
    // Zero rows reach up to the newest event time of the whole stream, which every
    // shard knows through the watermark: so shards fill exactly as one process does.
    if (watermark_ != kMinTime)
      close_through(windows_.last_window_starting_by(saturating_add(watermark_, options_.stream.lateness)), out);
  } else {
    close_through(INT64_MAX, out);
  }
  dirty_.clear();
}

void WindowOperator::erase_panes_before(int64_t pane) {
  while (!panes_->map.empty() && panes_->map.begin()->first < pane) {
    PaneGroups& groups = panes_->map.begin()->second;
    if (panes_->cached == &groups) panes_->cached = nullptr;
    if (panes_->spare.size() < kSparePanes) {
      groups.clear();
      panes_->spare.push_back(std::move(groups));
    }
    panes_->map.erase(panes_->map.begin());
  }
}

void WindowOperator::close_through(int64_t last_window, OutputBuffer& out) {
  for (;;) {
    // The next window to write: the first one holding data, or with --fill the one
    // after the last written, since known keys get a row in every window.
    std::optional<int64_t> next;
    while (!panes_->map.empty()) {
      const int64_t pane = panes_->map.begin()->first;
      const int64_t first = first_open_window_of_pane(pane);
      if (first > windows_.last_window_of_pane(pane)) {
        erase_panes_before(pane + 1);
        continue;
      }
      next = first;
      break;
    }
    if (options_.fill && !seen_.empty()) {
      // Known keys get a row in every window after their first event, also where this
      // process (a shard) has no data at all.
      int64_t fill = 0;
      if (closed_through_) fill = *closed_through_ + 1;
      else fill = windows_.last_window_starting_by(earliest_seen_) + 1;
      next = next ? std::min(*next, fill) : fill;
    }
    if (!next || *next > last_window) {
      next_close_ = next ? windows_.window_end(*next) : kMaxTime;
      return;
    }
    close_window(*next, out);
    closed_through_ = *next;
    erase_panes_before(windows_.first_pane_of_window(*next + 1));
    if (options_.fill && options_.ttl > 0) prune_seen(windows_.window_start(*next + 1));
  }
}

void WindowOperator::close_window(int64_t window, OutputBuffer& out) {
  rows_.clear();
  const int64_t first_pane = windows_.first_pane_of_window(window);
  const int64_t end_pane = first_pane + windows_.panes_per_window();
  if (windows_.panes_per_window() == 1) {
    // Tumbling (or size == pane): the pane is the window.
    const auto it = panes_->map.find(first_pane);
    if (it != panes_->map.end()) {
      for (const auto& group : it->second.entries()) rows_.emplace_back(group.key, &group.aggs);
    }
  } else {
    panes_->combined.clear();
    for (auto it = panes_->map.lower_bound(first_pane); it != panes_->map.end() && it->first < end_pane; ++it) {
      for (const auto& group : it->second.entries())
        panes_->combined.at(panes_->combined.find_or_add(group.key, group.hash, plan_)).aggs.merge(group.aggs);
    }
    for (const auto& group : panes_->combined.entries()) rows_.emplace_back(group.key, &group.aggs);
  }
  std::sort(rows_.begin(), rows_.end());
  if (options_.fill) add_fill_rows(window);

  const std::optional<bool> final = options_.emit == EmitMode::update ? std::optional<bool>(true) : std::nullopt;
  for (const Row& row : rows_) {
    if (options_.partial) {
      append_window_partial(out.buffer(), windows_.window_start(window), windows_.window_end(window), row.key,
                            *row.aggs);
      out.end_line();
    } else {
      write_row(window, row.key, *row.aggs, final, out);
    }
  }
}

void WindowOperator::add_fill_rows(int64_t window) {
  // rows_ is sorted by key, and so is seen_: merge the keys without events in, in order.
  const TimeUs start = windows_.window_start(window);
  const size_t data_rows = rows_.size();
  size_t i = 0;
  for (const auto& [key, seen] : seen_) {
    if (seen.first >= start) continue;  // first seen in this window or later
    if (options_.ttl > 0 && saturating_add(seen.last, options_.ttl) <= start) continue;  // idle too long
    while (i < data_rows && rows_[i].key < key) ++i;
    if (i < data_rows && rows_[i].key == key) continue;
    rows_.emplace_back(key, &empty_);
  }
  if (rows_.size() > data_rows) {
    std::inplace_merge(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(data_rows), rows_.end());
  }
}

void WindowOperator::prune_seen(TimeUs next_start) {
  // A key idle for --ttl before the next window starts gets no more zero rows; an
  // event for it later starts it afresh.
  for (auto it = seen_.begin(); it != seen_.end();) {
    if (saturating_add(it->second.last, options_.ttl) <= next_start) it = seen_.erase(it);
    else ++it;
  }
}

const AggregatorSet& WindowOperator::window_aggs(int64_t window, std::string_view key, AggregatorSet& scratch) const {
  const int64_t first_pane = windows_.first_pane_of_window(window);
  const uint64_t hash = PaneGroups::hash_key(key);
  if (windows_.panes_per_window() == 1) {
    const auto pane = panes_->map.find(first_pane);
    if (pane != panes_->map.end()) {
      const uint32_t entry = pane->second.find(key, hash);
      if (entry != PaneGroups::kNotFound) return pane->second.at(entry).aggs;
    }
    return empty_;
  }
  scratch = AggregatorSet(plan_);
  const int64_t end_pane = first_pane + windows_.panes_per_window();
  for (auto it = panes_->map.lower_bound(first_pane); it != panes_->map.end() && it->first < end_pane; ++it) {
    const uint32_t entry = it->second.find(key, hash);
    if (entry != PaneGroups::kNotFound) scratch.merge(it->second.at(entry).aggs);
  }
  return scratch;
}

void WindowOperator::emit_event_updates(int64_t pane, std::string_view key, OutputBuffer& out) {
  AggregatorSet scratch(plan_);
  const int64_t last = windows_.last_window_of_pane(pane);
  for (int64_t window = first_open_window_of_pane(pane); window <= last; ++window)
    write_row(window, key, window_aggs(window, key, scratch), false, out);
}

void WindowOperator::emit_updates(OutputBuffer& out) {
  if (dirty_.empty()) return;
  std::vector<std::pair<int64_t, std::string_view>> targets;
  for (const DirtyRef& ref : dirty_) {
    const auto pane = panes_->map.find(ref.pane);
    if (pane == panes_->map.end()) continue;  // its windows are all written
    PaneGroups::Entry& group = pane->second.at(ref.entry);
    group.dirty = false;
    const int64_t last = windows_.last_window_of_pane(ref.pane);
    for (int64_t window = first_open_window_of_pane(ref.pane); window <= last; ++window)
      targets.emplace_back(window, group.key);
  }
  dirty_.clear();
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  AggregatorSet scratch(plan_);
  for (const auto& [window, key] : targets) write_row(window, key, window_aggs(window, key, scratch), false, out);
}

void WindowOperator::write_row(int64_t window, std::string_view key, const AggregatorSet& aggs,
                               std::optional<bool> final, OutputBuffer& out) {
  append_window_row(out.buffer(), bounds_, windows_.window_start(window), windows_.window_end(window), keys_, key, aggs,
                    final);
  out.end_line();
}

void WindowOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  rec.begin()
      .optional_int64("closed_through", closed_through_)
      .int64("watermark", watermark_)
      .int64("last_interval", clock_.last_interval());
  rec.end();
  // Keys in canonical order, so equal state gives an equal snapshot.
  std::vector<const PaneGroups::Entry*> sorted;
  for (const auto& [index, groups] : panes_->map) {
    sorted.clear();
    for (const auto& entry : groups.entries()) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->key < b->key; });
    for (const auto* entry : sorted) {
      rec.begin().int64("pane", index).string("key", entry->key).boolean("dirty", entry->dirty);
      entry->aggs.save(rec.value("aggs"));
      rec.end();
    }
  }
  for (const auto& [key, seen] : seen_) {
    rec.begin().string("seen", key).time("first", seen.first).time("last", seen.last);
    rec.end();
  }
}

void WindowOperator::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  const SnapshotValue head = records.expect("window").as_object();
  // Read before assigning: `closed_through` must be there, even as null.
  const SnapshotValue closed = head["closed_through"];
  const int64_t watermark = head.int64("watermark");
  const int64_t last_interval = head.int64("last_interval");
  if (!closed.is_null()) closed_through_ = closed.as_int64();
  watermark_ = watermark;
  clock_.restore(last_interval);

  SnapshotValue record;
  while (records.next("window state", record)) {
    if (const std::optional<SnapshotValue> pane_value = record.find("pane")) {
      const SnapshotValue pane_record = record.with_kind("pane");
      const int64_t pane = pane_value->with_kind("pane").as_int64();
      const std::string_view key = pane_record.string("key");
      const bool dirty = pane_record.boolean("dirty");
      const SnapshotValue aggs = pane_record["aggs"];
      uint32_t index = 0;
      PaneGroups::Entry& entry = group_for(pane, key, &index);
      entry.aggs.load_state(aggs);
      if (dirty) {
        entry.dirty = true;
        dirty_.push_back(DirtyRef{pane, index});
      }
      continue;
    }
    const SnapshotValue seen = record.with_kind("seen");
    const std::string_view key = seen.string("seen");
    const int64_t first = seen.time("first");
    const int64_t last = seen.time("last");
    if (first > last) seen["last"].fail("is before first");
    seen_.insert_or_assign(std::string(key), KeySeen{first, last});
    earliest_seen_ = std::min(earliest_seen_, first);
  }
}

}  // namespace ss
