#include "ss/window/global_operator.hpp"

#include <algorithm>
#include <optional>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

GlobalOperator::GlobalOperator(const WindowOptions& options)
    : options_(options),
      keys_(options.stream.key),
      plan_(options.aggs),
      agg_inputs_(plan_),
      clock_(options.every, options.every_processing) {
  SS_ASSERT(options.kind == WindowKind::global);
}

std::string GlobalOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  w.string("mode", "global");
  w.string("key", keys_.describe());
  w.string("time_field", options_.stream.time_field.text());
  w.string("agg", plan_.canonical_text());
  w.string("emit", options_.emit == EmitMode::final ? "final" : "update");
  w.number("every_us", static_cast<int64_t>(options_.every));
  w.boolean("every_processing", options_.every_processing);
  w.number("ttl_us", static_cast<int64_t>(options_.ttl));
  w.number("max_keys", static_cast<uint64_t>(options_.max_keys));
  w.finish();
  return out;
}

TimeUs GlobalOperator::expiry(const KeyState& s) const noexcept { return saturating_add(s.last, options_.ttl); }

uint32_t GlobalOperator::slot_for(std::string_view key, TimeUs time) {
  if (const auto it = index_.find(key); it != index_.end()) return it->second;
  return new_slot(key, time);
}

TimeUs GlobalOperator::plus_ttl(TimeUs t) const noexcept { return saturating_add(t, options_.ttl); }

bool GlobalOperator::starts_late(std::string_view key, TimeUs t, TimeUs watermark) const {
  // Its own state would expire at once: the watermark is --ttl past it.
  if (plus_ttl(t) <= watermark) return true;
  // It would have kept alive, or fallen in, a state already written as final.
  const TimeUs* last = expired_.find(key);
  return last != nullptr && t <= plus_ttl(*last);
}

uint32_t GlobalOperator::new_slot(std::string_view key, TimeUs time) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const auto it = index_.try_emplace(std::string(key), slot).first;
  KeyState& s = slots_[slot];
  s.key = &it->first;
  s.aggs = std::make_unique<AggregatorSet>(plan_);
  s.first = s.last = time;
  s.dirty = false;
  lru_.push_back(slots_, slot);
  if (options_.ttl > 0) {
    deadlines_.push(Deadline{expiry(s), slot, s.generation});
    // A key closed by --max-keys leaves its entry behind until the watermark is --ttl
    // past it: one entry per key ever seen when keys come and go faster. Rebuilt once
    // it outgrows the keys and slots, the heap stays bounded by --max-keys.
    if (deadlines_.size() > 2 * index_.size() + slots_.size() + kDeadlineSlack) rebuild_deadlines();
  }
  return slot;
}

void GlobalOperator::rebuild_deadlines() {
  std::vector<Deadline> live;
  live.reserve(index_.size());
  for (uint32_t slot = 0; slot < slots_.size(); ++slot) {
    const KeyState& s = slots_[slot];
    if (s.aggs) live.push_back(Deadline{expiry(s), slot, s.generation});
  }
  // Keys expiring at one watermark are closed in key order (close_sorted), so the
  // entries' order in the heap changes nothing.
  deadlines_ = decltype(deadlines_)(std::greater<>{}, std::move(live));
}

void GlobalOperator::read_fields(const Event& event) { agg_inputs_.read(*event.fields, event.time); }

EventResult GlobalOperator::on_event(const Event& event, OutputBuffer& out) {
  // Keys that the watermark this event brings expires are closed before it counts, so
  // a key idle for --ttl starts afresh whether or not other events came between.
  if (options_.ttl > 0) {
    TimeUs watermark;
    if (__builtin_sub_overflow(event.time, options_.stream.lateness, &watermark)) watermark = kMinTime;
    expire_through(watermark, out);
  }
  uint32_t slot;
  if (const auto it = index_.find(event.key); it != index_.end()) {
    slot = it->second;
  } else {
    // A new state: late when it, or the expired state it would join, is behind the
    // watermark by --ttl (without --ttl a state lasts until end of input: none is late).
    if (options_.ttl > 0 && starts_late(event.key, event.time, event.watermark)) return EventResult::late;
    slot = new_slot(event.key, event.time);
  }
  KeyState& s = slots_[slot];
  s.first = std::min(s.first, event.time);
  s.last = std::max(s.last, event.time);
  skipped_values_ += s.aggs->add(agg_inputs_.values(), event.time, event.seq);
  lru_.unlink(slots_, slot);
  lru_.push_back(slots_, slot);
  if (options_.emit == EmitMode::update) {
    if (clock_.per_event()) {
      write_row(s, false, false, out);
    } else if (!s.dirty) {
      s.dirty = true;
      dirty_.push_back(slot);
    }
  }
  if (options_.max_keys > 0 && index_.size() > options_.max_keys) {
    // The new key is the most recently updated, so the head is another one.
    ++evicted_;
    close_key(lru_.head(), true, out);
  }
  if (clock_.due_now()) emit_updates(out);
  return EventResult::accepted;
}

void GlobalOperator::on_watermark(TimeUs watermark, OutputBuffer& out) {
  if (options_.ttl > 0) expire_through(watermark, out);
  if (options_.emit == EmitMode::update && (clock_.due_at_watermark(watermark) || clock_.due_now())) emit_updates(out);
}

void GlobalOperator::expire_through(TimeUs watermark, OutputBuffer& out) {
  // A key expires once the watermark is --ttl past its latest event.
  std::vector<uint32_t> expired;
  while (!deadlines_.empty() && deadlines_.top().at <= watermark) {
    const Deadline top = deadlines_.top();
    deadlines_.pop();
    const KeyState& s = slots_[top.slot];
    if (s.generation != top.generation || !s.aggs) continue;  // closed already
    const TimeUs real = expiry(s);
    if (real > watermark) {
      deadlines_.push(Deadline{real, top.slot, top.generation});
      continue;
    }
    expired.push_back(top.slot);
    expired_.add(*s.key, s.last);
  }
  close_sorted(expired, out);
  // An event within --ttl of a latest time more than twice --ttl behind the watermark
  // would start a state that expires at once: late without it.
  expired_.prune_if_due([&](TimeUs last) { return plus_ttl(plus_ttl(last)) <= watermark; });
}

void GlobalOperator::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (mode == EndMode::keep_open) return;
  std::vector<uint32_t> all;
  for (uint32_t slot = lru_.head(); slot != kNone; slot = slots_[slot].lru_next) all.push_back(slot);
  close_sorted(all, out);
  dirty_.clear();
}

void GlobalOperator::close_sorted(std::vector<uint32_t>& slots, OutputBuffer& out) {
  std::sort(slots.begin(), slots.end(), [this](uint32_t a, uint32_t b) { return *slots_[a].key < *slots_[b].key; });
  for (const uint32_t slot : slots) close_key(slot, false, out);
}

void GlobalOperator::close_key(uint32_t slot, bool evicted, OutputBuffer& out) {
  KeyState& s = slots_[slot];
  write_row(s, options_.emit == EmitMode::update ? std::optional<bool>(true) : std::nullopt, evicted, out);
  lru_.unlink(slots_, slot);
  index_.erase(*s.key);
  s.key = nullptr;
  s.aggs.reset();
  s.dirty = false;
  ++s.generation;
  free_slots_.push_back(slot);
}

void GlobalOperator::emit_updates(OutputBuffer& out) {
  std::vector<uint32_t> changed;
  for (const uint32_t slot : dirty_) {
    KeyState& s = slots_[slot];
    if (!s.dirty) continue;  // closed since, or listed twice after reuse
    s.dirty = false;
    changed.push_back(slot);
  }
  dirty_.clear();
  std::sort(changed.begin(), changed.end(), [this](uint32_t a, uint32_t b) { return *slots_[a].key < *slots_[b].key; });
  for (const uint32_t slot : changed) write_row(slots_[slot], false, false, out);
}

void GlobalOperator::write_row(const KeyState& s, std::optional<bool> final, bool evicted, OutputBuffer& out) const {
  std::string& buf = out.buffer();
  JsonObjectWriter w(buf);
  w.time("first_seen", s.first);
  w.time("last_seen", s.last);
  keys_.write_members(*s.key, w);
  s.aggs->append_results(w);
  if (final) w.boolean("final", *final);
  if (evicted) w.boolean("evicted", true);
  w.finish();
  out.end_line();
}

void GlobalOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  rec.begin().int64("last_interval", clock_.last_interval());
  rec.end();
  // Least recently updated first, so restore rebuilds the same eviction order.
  for (uint32_t slot = lru_.head(); slot != kNone; slot = slots_[slot].lru_next) {
    const KeyState& s = slots_[slot];
    rec.begin().string("key", *s.key).time("first", s.first).time("last", s.last).boolean("dirty", s.dirty);
    s.aggs->save(rec.value("aggs"));
    rec.end();
  }
  // Then the expired keys' latest times.
  expired_.snapshot(writer, "expired", "last");
}

void GlobalOperator::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  clock_.restore(records.expect("global").int64("last_interval"));
  SnapshotValue record;
  while (records.next("key", record)) {
    if (record.has("expired")) {
      // An expired key's latest time (snapshots made before these were kept have none).
      const SnapshotValue expired_record = record.with_kind("expired-key");
      expired_.add(expired_record["expired"].as_string(), expired_record.time("last"));
      continue;
    }
    const std::string_view key = record.string("key");
    const TimeUs first = record.time("first");
    const TimeUs last = record.time("last");
    const bool dirty = record.boolean("dirty");
    const SnapshotValue aggs = record["aggs"];
    if (first > last) record["last"].fail("is before first");
    if (index_.count(key) != 0) record["key"].fail("is there twice");
    const uint32_t slot = slot_for(key, first);
    KeyState& s = slots_[slot];
    s.last = last;
    s.aggs->load_state(aggs);
    if (dirty) {
      s.dirty = true;
      dirty_.push_back(slot);
    }
  }
}

}  // namespace ss
