#include "ss/join/right_stream_reader.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "row_members.hpp"
#include "ss/base/error.hpp"
#include "ss/control/control_record.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/join/field_time.hpp"
#include "ss/join/join_key.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_depth.hpp"

namespace ss {

namespace {

/// Items parsed ahead of the join: enough to keep both threads busy, small enough
/// that a fast right stream does not fill memory while the left one is quiet.
constexpr size_t kQueueItems = 4096;

}  // namespace

struct RightStreamReader::Shared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<RightItem> items;
  bool closing = false;  // the join is gone: stop reading
};

namespace {

void read_right(const JoinOptions options, uint64_t skip_to, std::shared_ptr<RightStreamReader::Shared> shared) {
  const auto push = [&](RightItem&& item) {
    std::unique_lock lock(shared->mutex);
    shared->changed.wait(lock, [&] { return shared->closing || shared->items.size() < kQueueItems; });
    if (shared->closing) return false;
    shared->items.push_back(std::move(item));
    shared->changed.notify_all();
    return true;
  };
  const IntervalSpec& spec = *options.interval;
  RightItem end;
  end.kind = RightItem::Kind::end;
  try {
    struct stat st {};
    const bool regular = ::stat(spec.right_path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (!regular) skip_to = 0;
    LineReader reader({spec.right_path}, options.stream.max_line_bytes);
    EventParser parser;
    std::vector<std::string> excluded;
    for (const auto& k : options.table.on)
      if (k.table.segments().size() == 1) excluded.push_back(k.table.segments()[0]);
    RowMembers members(options.table.select, excluded, options.table.prefix);
    Line line;
    for (;;) {
      const ReadStatus status = reader.next(line);
      if (status == ReadStatus::end) break;
      if (status == ReadStatus::interrupted) {
        std::lock_guard lock(shared->mutex);
        if (shared->closing) return;
        continue;
      }
      if (line.end_offset <= skip_to) continue;
      RightItem item;
      item.end_offset = line.end_offset;
      const auto bad = [&](std::string_view reason) {
        item.kind = RightItem::Kind::bad;
        item.message = fmt::format("{}:{}: {}", line.source, line.number, reason);
        return push(std::move(item));
      };
      if (line.too_long) {
        if (!bad("line longer than --max-line")) return;
        continue;
      }
      if (exceeds_json_depth(line.text)) {
        if (!bad(kTooDeepReason)) return;
        continue;
      }
      if (is_control_record(line.text)) {
        const ControlRecord record = parse_control_record(line.text);
        if (record.kind == ControlKind::malformed) {
          if (!bad(record.error)) return;
        } else if (record.kind == ControlKind::watermark) {
          item.kind = RightItem::Kind::watermark;
          item.time = record.watermark;
          if (!push(std::move(item))) return;
        }
        continue;
      }
      const ParseOutcome outcome = parser.parse(line.text, kLinePadding);
      if (outcome != ParseOutcome::ok) {
        if (!bad(outcome == ParseOutcome::not_json ? "not valid JSON" : "expected a JSON object")) return;
        continue;
      }
      const FieldValue time_value = parser.get(spec.right_time_field);
      const auto time = time_from_value(time_value, options.stream.time_unit);
      if (!time) {
        if (!bad(fmt::format("no or unparseable time in \"{}\"", spec.right_time_field.text()))) return;
        continue;
      }
      item.time = *time;
      // A right-only row carries the time under the left's time field name and the
      // key under the left's names, as a match would.
      append_member_name(item.head, "", options.stream.time_field.output_name());
      append_field_value(item.head, time_value);
      item.has_key = true;
      for (size_t i = 0; i < options.table.on.size(); ++i) {
        const FieldValue v = parser.get(options.table.on[i].table);
        if (!append_join_key_part(item.key, v, i == 0)) {
          item.has_key = false;
          continue;
        }
        append_member_name(item.head, "", options.table.on[i].stream.output_name());
        append_field_value(item.head, v);
      }
      // Its members are spliced into the output as written: the whole line is checked.
      if (!members.append(line.text, parser, item.members) || parser.malformed() || !parser.validate()) {
        if (!bad("not valid JSON")) return;
        continue;
      }
      if (!push(std::move(item))) return;
    }
  } catch (const Error& e) {
    end.message = e.what();
  }
  push(std::move(end));
}

}  // namespace

RightStreamReader::RightStreamReader(const JoinOptions& options, uint64_t skip_to)
    : shared_(std::make_shared<Shared>()), thread_(read_right, options, skip_to, shared_) {}

RightStreamReader::~RightStreamReader() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->closing = true;
  }
  shared_->changed.notify_all();
  // The thread may sit in a read on a FIFO whose writer never ends: it owns what it
  // uses (a copy of the options, the shared queue), so it may outlive the join.
  thread_.detach();
}

bool RightStreamReader::next(RightItem& item, bool wait) {
  std::unique_lock lock(shared_->mutex);
  if (wait) shared_->changed.wait(lock, [&] { return !shared_->items.empty(); });
  if (shared_->items.empty()) return false;
  item = std::move(shared_->items.front());
  shared_->items.pop_front();
  shared_->changed.notify_all();
  return true;
}

}  // namespace ss
