#include "ss/session/session_operator.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>

#include "ss/base/error.hpp"
#include "ss/base/hash64.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/time/duration.hpp"

namespace ss {

SessionOperator::SessionOperator(const SessionOptions& options)
    : options_(options),
      keys_(options.stream.key),
      plan_(options.aggs),
      agg_inputs_(plan_),
      judges_lateness_(!options.cuts_at_events()) {
  if (!options.start_when.empty()) start_when_ = compile_condition(options.start_when, "--start-when");
  if (!options.end_when.empty()) end_when_ = compile_condition(options.end_when, "--end-when");
}

std::string SessionOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  w.string("key", keys_.describe());
  w.string("time_field", options_.stream.time_field.text());
  w.number("gap_us", static_cast<int64_t>(options_.gap));
  w.number("max_duration_us", static_cast<int64_t>(options_.max_duration));
  w.boolean("annotate", options_.annotate);
  w.string("agg", plan_.canonical_text());
  if (start_when_) w.string("start_when", start_when_->canonical());
  if (end_when_) w.string("end_when", end_when_->canonical());
  w.finish();
  return out;
}

TimeUs SessionOperator::deadline_of(const Session& s) const { return saturating_add(s.end, options_.gap); }

uint32_t SessionOperator::allocate_session(std::string_view key, uint32_t key_hash, TimeUs time, uint64_t seq) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(sessions_.size());
    sessions_.emplace_back();
  }
  Session& s = sessions_[slot];
  s.key.assign(key);
  s.key_hash = key_hash;
  s.start = s.end = time;
  s.events = 0;
  s.first_seq = s.last_active = seq;
  if (!options_.annotate && plan_.size() > 0) s.aggs.emplace(plan_);
  s.live = true;
  link_to_key(slot);
  lru_.push_back(sessions_, slot);
  ++open_count_;
  push_deadline(slot);
  return slot;
}

uint32_t SessionOperator::first_session(std::string_view key, uint32_t key_hash) const {
  return by_key_.find(key, key_hash, [this](uint32_t slot) -> std::string_view { return sessions_[slot].key; });
}

void SessionOperator::link_to_key(uint32_t slot) {
  Session& s = sessions_[slot];
  const uint32_t first = first_session(s.key, s.key_hash);
  if (first == kNone) {
    s.key_next = kNone;
    by_key_.insert(s.key_hash, slot);
  } else if (sessions_[first].start >= s.start) {
    s.key_next = first;
    by_key_.replace(s.key_hash, first, slot);
  } else {
    // Before the first later-or-equal start, as a sorted insert would put it.
    uint32_t before = first;
    while (sessions_[before].key_next != kNone && sessions_[sessions_[before].key_next].start < s.start)
      before = sessions_[before].key_next;
    s.key_next = sessions_[before].key_next;
    sessions_[before].key_next = slot;
  }
}

void SessionOperator::unlink_from_key(uint32_t slot) {
  Session& s = sessions_[slot];
  const uint32_t first = first_session(s.key, s.key_hash);
  if (first == slot) {
    if (s.key_next == kNone) by_key_.erase(s.key_hash, slot);
    else by_key_.replace(s.key_hash, slot, s.key_next);
  } else {
    uint32_t before = first;
    while (sessions_[before].key_next != slot) before = sessions_[before].key_next;
    sessions_[before].key_next = s.key_next;
  }
  s.key_next = kNone;
}

void SessionOperator::add_event_to(uint32_t slot, const Event& event) {
  Session& s = sessions_[slot];
  s.start = std::min(s.start, event.time);
  s.end = std::max(s.end, event.time);
  ++s.events;
  if (options_.annotate) {
    s.buffered.push_back(BufferedEvent{event.time, event.seq, std::string(event.raw)});
  } else if (s.aggs) {
    skipped_values_ += s.aggs->add(agg_inputs_.values(), event.time, event.seq);
  }
  touch(slot);
}

uint32_t SessionOperator::merge_sessions(uint32_t earlier, uint32_t later) {
  Session& a = sessions_[earlier];
  Session& b = sessions_[later];
  a.start = std::min(a.start, b.start);
  a.end = std::max(a.end, b.end);
  a.events += b.events;
  a.first_seq = std::min(a.first_seq, b.first_seq);
  a.last_active = std::max(a.last_active, b.last_active);
  if (a.aggs && b.aggs) a.aggs->merge(*b.aggs);
  if (options_.annotate) {
    for (auto& e : b.buffered) a.buffered.push_back(std::move(e));
  }
  unlink_from_key(later);
  free_session(later);
  push_deadline(earlier);
  return earlier;
}

void SessionOperator::read_fields(const Event& event) {
  agg_inputs_.read(*event.fields, event.time);
  const ExprInput input{*event.fields, event.time};
  starts_ = start_when_ && start_when_->matches(input);
  ends_ = end_when_ && end_when_->matches(input);
}

EventResult SessionOperator::on_event(const Event& event, OutputBuffer& out) {
  if ((start_when_ && start_when_->failed()) || (end_when_ && end_when_->failed())) {
    bad_reason_ = start_when_ && start_when_->failed() ? "--start-when: " + start_when_->error()
                                                       : "--end-when: " + end_when_->error();
    return EventResult::bad;
  }
  const uint32_t key_hash = FlatIndex::hash(event.key);
  const TimeUs t = event.time;
  const TimeUs gap = options_.gap;

  // Sessions of a key lie more than a gap apart, so an event is within reach of at
  // most two: the last one starting at or before it, and the one after that.
  uint32_t before = kNone;
  uint32_t after = kNone;
  for (uint32_t slot = first_session(event.key, key_hash); slot != kNone; slot = sessions_[slot].key_next) {
    const Session& s = sessions_[slot];
    if (t >= s.start - gap && t <= s.end + gap) {
      if (before == kNone) before = slot;
      else after = slot;
    }
  }
  if (before == kNone && judges_lateness_ && starts_late(event.key, key_hash, t, event.watermark))
    return EventResult::late;
  if (starts_ && before != kNone) {
    // Events come in time order here (EventTimeSorter): the key's open session is
    // complete, and this event starts the next one.
    close_session(before, false, out);
    before = after = kNone;
  }
  const TimeUs max = options_.max_duration;
  auto fits = [&](uint32_t slot) {
    const Session& s = sessions_[slot];
    return max == 0 || std::max(s.end, t) - std::min(s.start, t) <= max;
  };
  uint32_t target = kNone;
  if (before != kNone && after != kNone) {
    const Session& a = sessions_[before];
    const Session& b = sessions_[after];
    if (max == 0 || std::max(b.end, t) - std::min(a.start, t) <= max) target = merge_sessions(before, after);
    else if (fits(before)) target = before;
    else if (fits(after)) target = after;
  } else if (before != kNone && fits(before)) {
    target = before;
  }
  if (target == kNone && before != kNone && max != 0) {
    // --max-duration: the session this event would stretch is cut here, emitted now;
    // the event starts the next one.
    if (!fits(before)) close_session(before, false, out);
    if (after != kNone && sessions_[after].live && !fits(after)) close_session(after, false, out);
  }
  if (target == kNone) target = allocate_session(event.key, key_hash, t, event.seq);
  add_event_to(target, event);
  if (ends_) {
    close_session(target, false, out);  // nothing later can join it
    return EventResult::accepted;
  }
  if (options_.max_open > 0 && open_count_ > options_.max_open) {
    ++forced_closes_;
    close_session(lru_.head(), true, out);
  }
  return EventResult::accepted;
}

bool SessionOperator::starts_late(std::string_view key, uint32_t key_hash, TimeUs t, TimeUs watermark) const {
  // Its own session would close at once: the watermark has passed its deadline.
  if (saturating_add(t, options_.gap) < watermark) return true;
  // It would join a session already emitted.
  const TimeUs* end = closed_ends_.find(key, key_hash);
  return end != nullptr && t <= saturating_add(*end, options_.gap);
}

void SessionOperator::push_deadline(uint32_t slot) {
  const Session& s = sessions_[slot];
  deadlines_.push(Deadline{deadline_of(s), s.first_seq, slot, s.generation});
  // A session closed before its deadline (--max-open, --max-duration, --end-when) or
  // merged away leaves its entry behind until the watermark passes it: with a long gap
  // that is one entry per key ever seen. Rebuilt from the session slots once it holds
  // more entries than twice the open sessions plus the slots, the heap stays bounded
  // by the sessions ever open at once, and the rebuild (a pass over the slots) costs
  // O(1) amortised per push.
  if (deadlines_.size() > 2 * open_count_ + sessions_.size() + kDeadlineSlack) rebuild_deadlines();
}

void SessionOperator::rebuild_deadlines() {
  std::vector<Deadline> live;
  live.reserve(open_count_);
  for (uint32_t slot = 0; slot < sessions_.size(); ++slot) {
    const Session& s = sessions_[slot];
    if (s.live) live.push_back(Deadline{deadline_of(s), s.first_seq, slot, s.generation});
  }
  // The sessions' current deadlines: close_until would have re-pushed outdated ones
  // with these anyway, so sessions close at the same watermarks in the same order.
  deadlines_ = decltype(deadlines_)(DeadlineAfter{}, std::move(live));
}

void SessionOperator::close_until(TimeUs watermark, OutputBuffer& out) {
  while (!deadlines_.empty()) {
    const Deadline top = deadlines_.top();
    if (top.at >= watermark) break;
    deadlines_.pop();
    Session& s = sessions_[top.slot];
    if (!s.live || s.generation != top.generation) continue;  // merged away or closed
    const TimeUs real = deadline_of(s);
    if (real != top.at || s.first_seq != top.first_seq) {
      deadlines_.push(Deadline{real, s.first_seq, top.slot, s.generation});
      continue;
    }
    if (judges_lateness_) closed_ends_.add(s.key, s.key_hash, s.end);
    close_session(top.slot, false, out);
  }
  // An event within the gap of an end more than two gaps behind the watermark would
  // start a session the watermark passed the gap of: late without the end.
  closed_ends_.prune_if_due(
      [&](TimeUs end) { return saturating_add(saturating_add(end, options_.gap), options_.gap) < watermark; });
}

void SessionOperator::on_watermark(TimeUs watermark, OutputBuffer& out) { close_until(watermark, out); }

void SessionOperator::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (mode == EndMode::close_all) close_until(kMaxTime, out);
  // A session whose deadline saturated at kMaxTime is still open: close it too.
  if (mode == EndMode::close_all) {
    while (lru_.head() != kNone) close_session(lru_.head(), false, out);
  }
}

SessionOperator::SessionId SessionOperator::session_id(const Session& s) const {
  // The hash of the key, a separator and the start in decimal, as since the first release:
  // ids written by earlier runs must match.
  std::string& material = id_material_;
  material.assign(s.key);
  material.push_back(kKeySeparator);
  char digits[24];
  material.append(digits, std::to_chars(digits, std::end(digits), s.start).ptr);
  uint64_t hash = hash64(material);
  SessionId id;
  for (int i = sizeof id.hex - 1; i >= 0; --i, hash >>= 4) id.hex[i] = "0123456789abcdef"[hash & 15];
  return id;
}

void SessionOperator::emit_summary(const Session& s, bool forced, OutputBuffer& out) {
  std::string& buf = out.buffer();
  JsonObjectWriter w(buf);
  keys_.write_members(s.key, w);
  w.string("session_id", session_id(s).view());
  w.time("start", s.start);
  w.time("end", s.end);
  w.number("duration", static_cast<double>(s.end - s.start) / 1e6);
  w.number("events", s.events);
  if (s.aggs) s.aggs->append_results(w);
  if (forced) w.boolean("forced", true);
  w.finish();
  out.end_line();
}

void SessionOperator::emit_annotated(Session& s, OutputBuffer& out) {
  std::sort(s.buffered.begin(), s.buffered.end(), [](const BufferedEvent& a, const BufferedEvent& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  });
  const SessionId id = session_id(s);
  std::string members;
  uint64_t n = 0;
  for (const auto& e : s.buffered) {
    members.clear();
    members += "\"session_id\":\"";
    members += id.view();
    members += "\",\"session_seq\":";
    members += std::to_string(++n);
    if (!splice_members(out.buffer(), e.raw, members)) out.buffer() += e.raw;
    out.end_line();
  }
}

void SessionOperator::close_session(uint32_t slot, bool forced, OutputBuffer& out) {
  Session& s = sessions_[slot];
  SS_ASSERT(s.live);
  if (options_.annotate) emit_annotated(s, out);
  else emit_summary(s, forced, out);
  unlink_from_key(slot);
  free_session(slot);
}

void SessionOperator::free_session(uint32_t slot) {
  Session& s = sessions_[slot];
  lru_.unlink(sessions_, slot);
  s.live = false;
  ++s.generation;
  s.aggs.reset();
  std::vector<BufferedEvent>().swap(s.buffered);
  free_slots_.push_back(slot);
  --open_count_;
}

void SessionOperator::touch(uint32_t slot) {
  lru_.unlink(sessions_, slot);
  lru_.push_back(sessions_, slot);
}

void SessionOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  // Least recently active first, so restore rebuilds the same LRU order.
  for (uint32_t slot = lru_.head(); slot != kNone; slot = sessions_[slot].lru_next) {
    const Session& s = sessions_[slot];
    rec.begin()
        .string("key", s.key)
        .time("start", s.start)
        .time("end", s.end)
        .uint64("events", s.events)
        .uint64("first_seq", s.first_seq)
        .uint64("last_active", s.last_active);
    if (s.aggs) s.aggs->save(rec.value("aggs"));
    if (options_.annotate) {
      // [[time, seq, raw], ...]: arrays, as the events are many and their members few.
      std::string& out = rec.value("buffered");
      out.push_back('[');
      bool first = true;
      for (const auto& e : s.buffered) {
        if (!first) out.push_back(',');
        first = false;
        out.push_back('[');
        append_json_number(out, static_cast<int64_t>(e.time));
        out.push_back(',');
        append_json_number(out, e.seq);
        out.push_back(',');
        append_json_string(out, e.raw);
        out.push_back(']');
      }
      out.push_back(']');
    }
    rec.end();
  }
  // Then the closed sessions' ends.
  closed_ends_.snapshot(writer, "closed", "end");
}

void SessionOperator::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  SnapshotValue record;
  while (records.next("session", record)) {
    if (record.has("closed")) {
      // A closed session's end (snapshots made before these were kept have none).
      const SnapshotValue closed_record = record.with_kind("closed-session");
      closed_ends_.add(closed_record["closed"].as_string(), closed_record.time("end"));
      continue;
    }
    const std::string_view key = record.string("key");
    const TimeUs start = record.time("start");
    const TimeUs end = record.time("end");
    const uint64_t events = record.uint64("events");
    const uint64_t first_seq = record.uint64("first_seq");
    const uint64_t last_active = record.uint64("last_active");
    if (start > end) record["end"].fail("is before start");
    const uint32_t slot = allocate_session(key, FlatIndex::hash(key), start, first_seq);
    Session& s = sessions_[slot];
    s.end = end;
    s.events = events;
    s.last_active = last_active;
    if (s.aggs) s.aggs->load_state(record["aggs"]);
    if (options_.annotate) {
      const SnapshotValue buffered = record["buffered"];
      for (const SnapshotValue e : buffered.as_array()) {
        const ss::SnapshotArray fields = e.as_array();
        if (fields.size() < 3) buffered.fail("holds an event that is not [time, seq, text]");
        auto it = fields.begin();
        const TimeUs time = (*it).as_time();
        const uint64_t seq = (*++it).as_uint64();
        const std::string_view raw = (*++it).as_string();
        s.buffered.push_back(BufferedEvent{time, seq, std::string(raw)});
      }
    }
  }
}

}  // namespace ss
