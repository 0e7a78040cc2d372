#include "ss/window/window_record.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

void append_window_row(std::string& out, TimeUs start, TimeUs end, const KeyExtractor& keys,
                       std::string_view key, const AggregatorSet& aggs, std::optional<bool> final) {
  JsonObjectWriter w(out);
  w.key("window_start");
  out.push_back('"');
  append_rfc3339(out, start);
  out.push_back('"');
  w.key("window_end");
  out.push_back('"');
  append_rfc3339(out, end);
  out.push_back('"');
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
