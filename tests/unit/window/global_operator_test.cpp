#include "ss/window/global_operator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "ss/agg/agg_spec.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/key/key_extractor.hpp"

TEST_CASE("ss-window --global --max-keys with --ttl bounds memory however many distinct keys come and go", "[window]") {
  // A --ttl far beyond the input: no key expires, each key closed by --max-keys used
  // to leave its expiry in the heap, one entry per key ever seen.
  ss::WindowOptions options;
  options.kind = ss::WindowKind::global;
  options.stream.key = {ss::FieldPath("k")};
  options.aggs = ss::parse_agg_specs("n=count");
  options.ttl = 30LL * 24 * 3600 * 1000000;  // 30 days
  options.max_keys = 10;
  ss::GlobalOperator op(options);
  const ss::KeyExtractor keys(options.stream.key);
  ss::EventParser parser;
  ss::OutputBuffer out(-1, "memory", SIZE_MAX);
  std::string key;
  size_t most = 0;
  constexpr int kKeys = 20000;
  for (int i = 0; i < kKeys; ++i) {
    const ss::TimeUs t = 1793491200LL * 1000000 + i * 1000000LL;
    const std::string line = "{\"ts\":" + std::to_string(t / 1000000) + ",\"k\":\"u" + std::to_string(i) + "\"}";
    REQUIRE(parser.parse(line) == ss::ParseOutcome::ok);
    keys.extract(parser, key);
    const ss::Event event{line, t, static_cast<uint64_t>(i), key, &parser, "in", static_cast<uint64_t>(i + 1)};
    op.read_fields(event);
    REQUIRE(op.on_event(event, out) == ss::EventResult::accepted);
    out.buffer().clear();
    most = std::max(most, op.pending_expiries());
  }
  CHECK(op.evicted_keys() == kKeys - 10);
  CHECK(most <= 2 * 11 + 11 + 1024 + 1);
}
