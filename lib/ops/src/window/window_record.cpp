#include "ss/window/window_record.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

std::string_view WindowBoundsText::members(TimeUs start, TimeUs end) {
  if (text_.empty() || start != start_ || end != end_) {
    start_ = start;
    end_ = end;
    text_.assign("\"window_start\":");
    append_json_time(text_, start);
    text_.append(",\"window_end\":");
    append_json_time(text_, end);
  }
  return text_;
}

void append_window_row(std::string& out, WindowBoundsText& bounds, TimeUs start, TimeUs end, const KeyExtractor& keys,
                       std::string_view key, const AggregatorSet& aggs, std::optional<bool> final) {
  JsonObjectWriter w(out);
  w.members(bounds.members(start, end));
  keys.write_members(key, w);
  aggs.append_results(w);
  if (final) w.boolean("final", *final);
  w.finish();
}

void append_window_partial(std::string& out, TimeUs start, TimeUs end, std::string_view key,
                           const AggregatorSet& aggs) {
  JsonObjectWriter w(out);
  w.string("partial", "window");
  w.number("start_us", static_cast<int64_t>(start));
  w.number("end_us", static_cast<int64_t>(end));
  w.string("key", key);
  w.string("agg", aggs.plan().canonical_text());
  w.key("state");
  aggs.save(out);
  w.finish();
}

}  // namespace ss
