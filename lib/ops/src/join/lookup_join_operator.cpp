#include "ss/join/lookup_join_operator.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"
#include "ss/join/join_key.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr std::chrono::milliseconds kReloadPollInterval{200};

}  // namespace

LookupJoinOperator::LookupJoinOperator(const JoinOptions& options)
    : options_(options), rows_(options.set, options.stream) {
  LoadedTable loaded = load_table(options.table);
  table_ = loaded.table;
  if (table_->duplicates() > 0)
    fmt::print(stderr, "{}: {}: {} duplicate keys (the last row wins)\n", tool_name(), options.table.path,
               table_->duplicates());
  if (options.reload) watcher_ = std::make_unique<TableWatcher>(options.table, loaded.version, kReloadPollInterval);
}

LookupJoinOperator::~LookupJoinOperator() = default;

std::string LookupJoinOperator::semantic_params() const {
  std::string out;
  JsonObjectWriter w(out);
  std::string on;
  for (const auto& k : options_.table.on) {
    if (!on.empty()) on.push_back(',');
    on += k.stream.text() + "=" + k.table.text();
  }
  w.string("on", on);
  w.string("type", options_.type == JoinType::inner ? "inner" : "left");
  w.finish();
  return out;
}

void LookupJoinOperator::read_fields(const Event& event) {
  key_.clear();
  complete_key_ = true;
  const auto& on = options_.table.on;
  for (size_t i = 0; i < on.size() && complete_key_; ++i)
    complete_key_ = append_join_key_part(key_, event.fields->get(on[i].stream), i == 0);
}

EventResult LookupJoinOperator::on_event(const Event& event, OutputBuffer& out) {
  if (watcher_ && watcher_->ready()) table_ = watcher_->take(std::move(table_));
  size_t size = 0;
  const char* members = complete_key_ ? table_->find(key_, event.time, size) : nullptr;
  if (!members) {
    ++unmatched_;
    if (options_.type == JoinType::left) rows_.write(event.raw, out);
    return EventResult::accepted;
  }
  ++matched_;
  if (!splice_members(rows_.start(out), event.raw, std::string_view(members, size))) return EventResult::bad;
  rows_.finish(out);
  return EventResult::accepted;
}

void LookupJoinOperator::on_end_of_input(EndMode, OutputBuffer&) {
  if (unmatched_ == 0) return;
  fmt::print(stderr, "{}: {} of {} events had no table row ({})\n", tool_name(), unmatched_, matched_ + unmatched_,
             options_.type == JoinType::inner ? "dropped, --type inner" : "passed on unchanged, --type left");
}

}  // namespace ss
