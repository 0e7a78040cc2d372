#include "ss/join/interval_join_operator.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/join/join_key.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

IntervalJoinOperator::IntervalJoinOperator(const JoinOptions& options)
    : options_(options),
      lower_(options.interval->lower),
      upper_(options.interval->upper),
      right_watermark_(options.stream.lateness),
      rows_(options.set, options.stream) {}

IntervalJoinOperator::~IntervalJoinOperator() = default;

std::string IntervalJoinOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  std::string on;
  for (const auto& k : options_.table.on) {
    if (!on.empty()) on.push_back(',');
    on += k.stream.text() + "=" + k.table.text();
  }
  static constexpr const char* kTypes[] = {"inner", "left", "right", "full"};
  w.string("on", on);
  w.string("type", kTypes[static_cast<int>(options_.type)]);
  w.number("lower_us", static_cast<int64_t>(lower_));
  w.number("upper_us", static_cast<int64_t>(upper_));
  w.string("prefix", options_.table.prefix);
  w.finish();
  return out;
}

void IntervalJoinOperator::start_reader() { reader_ = std::make_unique<RightStreamReader>(options_, right_offset_); }

void IntervalJoinOperator::write_match(std::string_view left_line, const Row& right, OutputBuffer& out) {
  ++matches_;
  if (splice_members(rows_.start(out), left_line, right.text)) rows_.finish(out);
}

void IntervalJoinOperator::write_right_only(const Row& right, OutputBuffer& out) {
  std::string& buf = rows_.start(out);
  buf.push_back('{');
  buf.append(right.head);
  if (!right.head.empty() && !right.text.empty()) buf.push_back(',');
  buf.append(right.text);
  buf.push_back('}');
  rows_.finish(out);
}

void IntervalJoinOperator::read_fields(const Event& event) {
  key_.clear();
  has_key_ = true;
  const auto& on = options_.table.on;
  for (size_t i = 0; i < on.size() && has_key_; ++i)
    has_key_ = append_join_key_part(key_, event.fields->get(on[i].stream), i == 0);
}

EventResult IntervalJoinOperator::on_event(const Event& event, OutputBuffer& out) {
  if (!reader_) start_reader();
  drain_right(out, false);
  const bool has_key = has_key_;
  Row left{event.time, event.seq, false, std::string(event.raw), {}};
  if (has_key) {
    const auto it = right_.rows.find(key_);
    if (it != right_.rows.end()) {
      for (Row& r : it->second) {
        const TimeUs d = r.time - left.time;
        if (d < lower_ || d > upper_) continue;
        write_match(event.raw, r, out);
        r.matched = true;
        left.matched = true;
      }
    }
  }
  // Kept while a right event that matches may still come: not once the right
  // watermark passed the last right time that would match.
  if (has_key && right_watermark_.current() <= left.time + upper_) {
    left_.expiry.push(Expiry{left.time + upper_, key_});
    left_.rows[key_].push_back(std::move(left));
    ++left_.size;
  } else if (!left.matched && keep_left_outer()) {
    rows_.write(event.raw, out);
  }
  return EventResult::accepted;
}

void IntervalJoinOperator::on_right(RightItem& item, OutputBuffer& out) {
  if (item.kind == RightItem::Kind::end) {
    right_ended_ = true;
    if (!item.message.empty()) throw_io(item.message);
    return;
  }
  right_offset_ = std::max(right_offset_, item.end_offset);
  if (item.kind == RightItem::Kind::bad) {
    if (options_.stream.strict) throw_data(item.message);
    if (right_bad_++ < static_cast<uint64_t>(Diagnostics::kShownBadLines))
      fmt::print(stderr, "{}: {}\n", tool_name(), item.message);
    return;
  }
  if (item.kind == RightItem::Kind::watermark) {
    if (right_watermark_.advance_to(item.time)) prune(left_, true, right_watermark_.current(), keep_left_outer(), out);
    return;
  }
  if (right_watermark_.is_late(item.time)) {
    ++right_late_;
    return;
  }
  ++right_events_;
  Row right{item.time, right_seq_++, false, std::move(item.members), std::move(item.head)};
  if (item.has_key) {
    const auto it = left_.rows.find(item.key);
    if (it != left_.rows.end()) {
      for (Row& l : it->second) {
        const TimeUs d = right.time - l.time;
        if (d < lower_ || d > upper_) continue;
        write_match(l.text, right, out);
        l.matched = true;
        right.matched = true;
      }
    }
  }
  if (item.has_key && left_watermark_ <= right.time - lower_) {
    right_.expiry.push(Expiry{right.time - lower_, item.key});
    right_.rows[item.key].push_back(std::move(right));
    ++right_.size;
  } else if (!right.matched && keep_right_outer()) {
    write_right_only(right, out);
  }
  if (right_watermark_.observe(item.time)) prune(left_, true, right_watermark_.current(), keep_left_outer(), out);
}

void IntervalJoinOperator::drain_right(OutputBuffer& out, bool wait) {
  if (right_ended_) return;
  RightItem item;
  while (reader_->next(item, wait)) {
    on_right(item, out);
    if (right_ended_) return;
  }
}

void IntervalJoinOperator::prune(Side& side, bool left, TimeUs watermark, bool emit, OutputBuffer& out) {
  while (!side.expiry.empty() && side.expiry.top().at < watermark) {
    const std::string key = side.expiry.top().key;
    side.expiry.pop();
    const auto it = side.rows.find(key);
    if (it == side.rows.end()) continue;
    auto& rows = it->second;
    size_t kept = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const TimeUs at = left ? rows[i].time + upper_ : rows[i].time - lower_;
      if (at < watermark) {
        if (emit && !rows[i].matched) {
          if (left) rows_.write(rows[i].text, out);
          else write_right_only(rows[i], out);
        }
        --side.size;
      } else {
        if (kept != i) rows[kept] = std::move(rows[i]);
        ++kept;
      }
    }
    rows.resize(kept);
    if (rows.empty()) side.rows.erase(it);
  }
}

void IntervalJoinOperator::on_watermark(TimeUs watermark, OutputBuffer& out) {
  if (!reader_) start_reader();
  left_watermark_ = watermark;
  drain_right(out, false);
  prune(right_, false, watermark, keep_right_outer(), out);
}

void IntervalJoinOperator::on_end_of_input(EndMode mode, OutputBuffer& out) {
  if (!reader_) start_reader();
  // The left input ended: the rest of the right stream decides the remaining matches.
  drain_right(out, !stop_requested());
  if (mode == EndMode::close_all) {
    const auto flush_side = [&](Side& side, bool left, bool emit) {
      std::vector<const Row*> rest;
      for (const auto& [key, rows] : side.rows)
        for (const Row& r : rows)
          if (!r.matched) rest.push_back(&r);
      std::sort(rest.begin(), rest.end(),
                [](const Row* a, const Row* b) { return a->time != b->time ? a->time < b->time : a->seq < b->seq; });
      if (emit)
        for (const Row* r : rest) {
          if (left) rows_.write(r->text, out);
          else write_right_only(*r, out);
        }
      side.rows.clear();
      side.expiry = {};
      side.size = 0;
    };
    flush_side(left_, true, keep_left_outer());
    flush_side(right_, false, keep_right_outer());
  }
  if (right_late_ > 0 || right_bad_ > 0)
    fmt::print(stderr, "{}: right stream {}: {} events, {} late (dropped), {} bad lines\n", tool_name(),
               options_.interval->right_path, right_events_, right_late_, right_bad_);
}

void IntervalJoinOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  rec.begin()
      .time("left_watermark", left_watermark_)
      .time("right_watermark", right_watermark_.current())
      .time("right_max_time", right_watermark_.max_event_time())
      .uint64("right_offset", right_offset_)
      .uint64("right_seq", right_seq_);
  rec.end();
  const auto save = [&](const Side& side, std::string_view name) {
    for (const auto& [key, rows] : side.rows)
      for (const Row& r : rows) {
        rec.begin()
            .string("side", name)
            .time("time", r.time)
            .uint64("seq", r.seq)
            .boolean("matched", r.matched)
            .string("key", key)
            .string("text", r.text)
            .string("head", r.head);
        rec.end();
      }
  };
  save(left_, "left");
  save(right_, "right");
}

void IntervalJoinOperator::restore(SnapshotReader& reader) {
  SnapshotRecords records(reader);
  {
    const SnapshotValue head = records.expect("join");
    const TimeUs lw = head.time("left_watermark");
    const TimeUs rw = head.time("right_watermark");
    const TimeUs rmax = head.time("right_max_time");
    const uint64_t offset = head.uint64("right_offset");
    const uint64_t seq = head.uint64("right_seq");
    left_watermark_ = lw;
    right_watermark_.restore(rw, rmax);
    right_offset_ = offset;
    right_seq_ = seq;
  }
  SnapshotValue record;
  while (records.next("join row", record)) {
    const std::string_view side = record.string("side");
    const bool left = side == "left";
    if (!left && side != "right") record["side"].fail("is neither left nor right");
    const TimeUs time = record.time("time");
    const uint64_t seq = record.uint64("seq");
    const bool matched = record.boolean("matched");
    std::string key(record.string("key"));
    std::string text(record.string("text"));
    const std::string_view head = record.string("head");
    Side& s = left ? left_ : right_;
    s.expiry.push(Expiry{left ? time + upper_ : time - lower_, key});
    s.rows[key].push_back(Row{time, seq, matched, std::move(text), std::string(head)});
    ++s.size;
  }
}

}  // namespace ss
