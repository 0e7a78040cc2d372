#include "ss/op/event_time_sorter.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

EventTimeSorter::EventTimeSorter(Operator& inner) : inner_(inner), parser_(std::make_unique<EventParser>()) {}

EventTimeSorter::~EventTimeSorter() = default;

EventResult EventTimeSorter::on_event(const Event& event, OutputBuffer&) {
  Held held{event.time, event.seq, static_cast<uint32_t>(event.key.size()), std::string(event.key)};
  held.bytes.append(event.raw);
  held_.push_back(std::move(held));
  std::push_heap(held_.begin(), held_.end(), LaterFirst{});
  return EventResult::accepted;
}

void EventTimeSorter::release_through(TimeUs last, OutputBuffer& out) {
  while (!held_.empty() && held_.front().time <= last) {
    std::pop_heap(held_.begin(), held_.end(), LaterFirst{});
    const Held held = std::move(held_.back());
    held_.pop_back();
    // Nothing earlier than this event can come any more: the inner operator may close
    // what ends before it, before it sees the event.
    inner_.on_watermark(held.time, out);
    const std::string_view key = std::string_view(held.bytes).substr(0, held.key_size);
    const std::string_view raw = std::string_view(held.bytes).substr(held.key_size);
    if (parser_->parse(raw) != ParseOutcome::ok) continue;  // checked when it came: cannot happen
    const Event event{raw, held.time, held.seq, key, parser_.get(), "", 0};
    inner_.read_fields(event);
    const bool malformed = parser_->malformed();
    if (malformed || inner_.on_event(event, out) == EventResult::bad) {
      if (++refused_ == 1)
        fmt::print(stderr, "{}: an event of {} was refused when released in time order: {}\n", tool_name(),
                   format_rfc3339(held.time), malformed ? std::string_view("not valid JSON") : inner_.bad_reason());
    }
  }
}

void EventTimeSorter::on_watermark(TimeUs watermark, OutputBuffer& out) {
  // The watermark is the time of the oldest event that may still come: release the
  // ones before it.
  if (watermark != kMinTime) release_through(watermark - 1, out);
  inner_.on_watermark(watermark, out);
}

void EventTimeSorter::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (mode == EndMode::close_all) release_through(kMaxTime, out);
  inner_.on_end_of_input(mode, out);
}

void EventTimeSorter::snapshot(SnapshotWriter& writer) const {
  std::vector<const Held*> sorted;
  for (const auto& h : held_) sorted.push_back(&h);
  std::sort(sorted.begin(), sorted.end(), [](const Held* a, const Held* b) { return LaterFirst{}(*b, *a); });
  SnapshotRecordWriter rec(writer);
  rec.begin().uint64("held_in_time_order", sorted.size());
  rec.end();
  for (const Held* h : sorted) {
    rec.begin()
        .time("time", h->time)
        .uint64("seq", h->seq)
        .string("key", std::string_view(h->bytes).substr(0, h->key_size))
        .string("event", std::string_view(h->bytes).substr(h->key_size));
    rec.end();
  }
  inner_.snapshot(writer);
}

void EventTimeSorter::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  const uint64_t count = records.expect("held events").uint64("held_in_time_order");
  for (uint64_t i = 0; i < count; ++i) {
    const SnapshotValue record = records.expect("held event");
    const TimeUs time = record.time("time");
    const uint64_t seq = record.uint64("seq");
    const std::string_view key = record.string("key");
    const std::string_view event = record.string("event");
    Held held{time, seq, static_cast<uint32_t>(key.size()), std::string(key)};
    held.bytes.append(event);
    held_.push_back(std::move(held));
    std::push_heap(held_.begin(), held_.end(), LaterFirst{});
  }
  inner_.restore(reader);
}

}  // namespace ss
