#include "ss/window/sql_window_operator.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

namespace {
constexpr uint64_t kShownFailures = 5;  // the rest are counted in the summary
}  // namespace

void SqlWindowOperator::Pane::add(TimeUs ts, uint64_t seq, std::string_view key, std::string_view json) {
  events.push_back(Held{ts, seq, bytes.size(), static_cast<uint32_t>(key.size()), static_cast<uint32_t>(json.size())});
  bytes.append(key);
  bytes.append(json);
}

SqlWindowOperator::SqlWindowOperator(const WindowOptions& options)
    : options_(options),
      windows_(options.size, options.slide, options.offset),
      keys_(options.stream.key),
      query_(options.sql, options.sql_flag, options.attachments, options.sql_timeout) {
  SS_ASSERT(options.kind != WindowKind::global);
  validator_ = std::make_unique<RecordFields>();
  prefix_names_ = {"window_start", "window_end"};
  for (const auto& field : keys_.fields()) prefix_names_.push_back(field.output_name());
}

SqlWindowOperator::~SqlWindowOperator() = default;

std::string SqlWindowOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  w.string("mode", "window-sql");
  w.string("key", keys_.describe());
  w.string("time_field", options_.stream.time_field.text());
  w.number("size_us", static_cast<int64_t>(windows_.size()));
  w.number("slide_us", static_cast<int64_t>(windows_.slide()));
  w.number("offset_us", static_cast<int64_t>(windows_.offset()));
  w.string("sql", options_.sql);
  w.finish();
  return out;
}

int64_t SqlWindowOperator::first_open_window_of_pane(int64_t pane) const noexcept {
  const int64_t first = windows_.first_window_of_pane(pane);
  return closed_through_ ? std::max(first, *closed_through_ + 1) : first;
}

EventResult SqlWindowOperator::on_event(const Event& event, OutputBuffer& out) {
  if (validator_->parse(event.raw) != ParseOutcome::ok) {
    bad_reason_ = "not a valid JSON object";
    return EventResult::bad;
  }
  const TimeUs watermark = saturating_sub(event.time, options_.stream.lateness);
  if (watermark > watermark_) {
    watermark_ = watermark;
    close_through(windows_.last_window_ending_by(watermark), out);
  }
  const int64_t pane = windows_.pane_of(event.time);
  const int64_t first = windows_.first_window_of_pane(pane);
  const int64_t last = windows_.last_window_of_pane(pane);
  if (first > last) {
    // Between two windows (a slide longer than the size samples): nothing to update,
    // so it is judged by the watermark.
    if (event.time < watermark_) return EventResult::late;
    ++unassigned_events_;
    return EventResult::accepted;
  }
  // Late only when all its windows have closed; the open ones hold it.
  if (windows_.window_end(last) <= watermark_) return EventResult::late;
  if (!stopped_ && windows_.window_end(first) <= watermark_) {
    // Its older windows closed (written if they held events): they stay closed.
    const int64_t closed = windows_.last_window_ending_by(watermark_);
    if (!closed_through_ || *closed_through_ < closed) {
      closed_through_ = closed;
      done_key_.reset();
    }
  }
  panes_[pane].add(event.time, event.seq, event.key, event.raw);
  return EventResult::accepted;
}

void SqlWindowOperator::on_watermark(TimeUs watermark, OutputBuffer& out) {
  watermark_ = watermark;
  close_through(windows_.last_window_ending_by(watermark), out);
}

void SqlWindowOperator::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (mode == EndMode::close_all) close_through(INT64_MAX, out);
}

void SqlWindowOperator::close_through(int64_t last_window, OutputBuffer& out) {
  // After a stop no query runs: the windows still open wait for the next run (with
  // --state) or are reported lost.
  if (stopped_) return;
  while (!panes_.empty()) {
    const int64_t pane = panes_.begin()->first;
    const int64_t window = first_open_window_of_pane(pane);
    if (window > windows_.last_window_of_pane(pane)) {
      panes_.erase(panes_.begin());  // every window of this pane is written
      continue;
    }
    if (window > last_window) return;
    if (!close_window(window, out)) return;
    closed_through_ = window;
    done_key_.reset();
  }
}

bool SqlWindowOperator::close_window(int64_t window, OutputBuffer& out) {
  members_.clear();
  const int64_t first_pane = windows_.first_pane_of_window(window);
  const int64_t end_pane = first_pane + windows_.panes_per_window();
  for (auto it = panes_.lower_bound(first_pane); it != panes_.end() && it->first < end_pane; ++it) {
    const Pane& pane = it->second;
    for (const auto& e : pane.events) members_.push_back(Member{pane.key(e), e.ts, e.seq, pane.json(e)});
  }
  // Keys in canonical order, each key's events in event-time order (ties by arrival):
  // the table a query sees is the same however the input was split or ordered.
  std::sort(members_.begin(), members_.end(), [](const Member& a, const Member& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.ts < b.ts || (a.ts == b.ts && a.seq < b.seq);
  });
  size_t last_done = SIZE_MAX;  // the member that starts the last key group written
  for (size_t i = 0; i < members_.size();) {
    size_t end = i;
    group_.clear();
    while (end < members_.size() && members_[end].key == members_[i].key) {
      group_.push_back(WindowEventRef{members_[end].ts, members_[end].json});
      ++end;
    }
    // A run stopped in this window wrote the keys up to done_key_ already.
    if (!done_key_ || members_[i].key > *done_key_) {
      if (!run_query(window, members_[i].key, out)) {
        stopped_ = true;
        stopped_window_ = prefix_;
        if (last_done != SIZE_MAX) done_key_.emplace(members_[last_done].key);
        return false;
      }
      last_done = i;
    }
    i = end;
  }
  return true;
}

bool SqlWindowOperator::run_query(int64_t window, std::string_view key, OutputBuffer& out) {
  prefix_.clear();
  {
    JsonObjectWriter w(prefix_);
    w.members(bounds_.members(windows_.window_start(window), windows_.window_end(window)));
    keys_.write_members(key, w);
    w.finish();
  }
  const QueryOutcome outcome = query_.run(group_, prefix_, prefix_names_, out);
  if (outcome == QueryOutcome::done) return true;
  if (outcome == QueryOutcome::stopped) return false;
  ++failed_queries_;
  const std::string message = fmt::format("{} failed on the window {} ({} events): {}", options_.sql_flag, prefix_,
                                          group_.size(), query_.error());
  if (options_.stream.strict) throw_data(message);
  if (failed_queries_ <= kShownFailures) fmt::print(stderr, "{}: {}\n", tool_name(), message);
  return true;
}

void SqlWindowOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  rec.begin().optional_int64("closed_through", closed_through_).int64("watermark", watermark_);
  if (done_key_) rec.string("done_key", *done_key_);
  rec.end();
  for (const auto& [index, pane] : panes_) {
    for (const auto& e : pane.events) {
      rec.begin()
          .int64("pane", index)
          .time("ts", e.ts)
          .uint64("seq", e.seq)
          .string("key", pane.key(e))
          .string("event", pane.json(e));
      rec.end();
    }
  }
}

void SqlWindowOperator::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  const SnapshotValue head = records.expect("window").as_object();
  // Read before assigning: `closed_through` must be there, even as null.
  const SnapshotValue closed = head["closed_through"];
  const int64_t watermark = head.int64("watermark");
  if (!closed.is_null()) closed_through_ = closed.as_int64();
  watermark_ = watermark;
  if (const std::optional<SnapshotValue> done_key = head.find("done_key")) done_key_.emplace(done_key->as_string());
  SnapshotValue record;
  while (records.next("window event", record)) {
    const int64_t pane = record.int64("pane");
    const TimeUs ts = record.time("ts");
    const uint64_t seq = record.uint64("seq");
    const std::string_view key = record.string("key");
    const std::string_view event = record.string("event");
    if (windows_.pane_of(ts) != pane) record["pane"].fail("does not hold ts");
    panes_[pane].add(ts, seq, key, event);
  }
}

}  // namespace ss
