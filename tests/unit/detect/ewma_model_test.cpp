#include "ss/detect/ewma_model.hpp"

#include <cmath>

#include "detect_test_support.hpp"

using namespace ss;
using namespace ss::detect_test;

namespace {

std::string value_event(double x) { return "{\"v\":" + std::to_string(x) + "}"; }

}  // namespace

TEST_CASE("ewma decays by event time, so a burst weighs what its time span says", "[detect]") {
  // Ten events one second apart against ten events in the same second: after a
  // half-life of quiet both leave the same weight behind, whatever their count order.
  EwmaStats spread;
  EwmaStats burst;
  const TimeUs half_life = 10 * kSecond;
  for (int i = 0; i < 10; ++i) spread.learn(5, i * kSecond, 1, half_life);
  for (int i = 0; i < 10; ++i) burst.learn(5, 0, 1, half_life);
  CHECK(burst.weight == Approx(10));
  CHECK(spread.weight < burst.weight);
  // One event a half-life after the last halves what was there, then adds its own weight.
  const double before = spread.weight;
  spread.learn(5, 19 * kSecond, 1, half_life);
  CHECK(spread.weight == Approx(before / 2 + 1));
}

TEST_CASE("ewma does not decay for an event older than the newest one learned", "[detect]") {
  EwmaStats s;
  s.learn(10, 100 * kSecond, 1, kSecond);
  s.learn(20, 50 * kSecond, 1, kSecond);  // out of order: decay factor 1
  CHECK(s.weight == Approx(2));
  CHECK(s.mean == Approx(15));
  CHECK(s.last == 100 * kSecond);
}

TEST_CASE("ewma score is the distance from the mean in deviations scaled to a standard deviation", "[detect]") {
  EwmaStats s;
  s.weight = 1;
  s.events = 5;
  s.mean = 100;
  s.deviation = 10;
  CHECK(s.score(100) == 0);
  CHECK(s.score(112.533141373155) == Approx(1.0));
  CHECK(s.score(50) == Approx(50 / 12.533141373155));
  // A series that never varied: a repeat scores 0, any change scores huge.
  EwmaStats flat;
  flat.learn(7, 0, 1, kSecond);
  flat.learn(7, kSecond, 1, kSecond);
  CHECK(flat.score(7) == 0);
  CHECK(flat.score(7.01) > 1e6);
}

TEST_CASE("ewma scores an event before learning it", "[detect]") {
  const DetectOptions options = parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h"});
  EwmaModel model(options);
  // The first event has no model to be scored by.
  CHECK(model.on_event(*TestEvent(value_event(10), 0)).outcome == ScoreOutcome::no_model);
  CHECK(model.on_event(*TestEvent(value_event(10), kSecond)).value == 0);
  // Had 1000 been learned first, it would sit closer to the mean than it does.
  const Score outlier = model.on_event(*TestEvent(value_event(1000), 2 * kSecond));
  CHECK(outlier.outcome == ScoreOutcome::scored);
  CHECK(outlier.value > 1e9);  // against a deviation of 0: the floor of 1e-9 * mean
}

TEST_CASE("ewma flags nothing before --min-events, then what exceeds --threshold", "[detect]") {
  const DetectOptions options =
      parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--min-events", "20"});
  EwmaModel model(options);
  TimeUs t = 0;
  for (int i = 0; i < 20; ++i) {
    const Score s = model.on_event(*TestEvent(value_event(i % 2 == 0 ? 90 : 110), t += kSecond));
    CHECK_FALSE(s.anomaly);
  }
  // 20 learned now; mean 100, deviation about 10 (scale 12.5): 150 is at score 4 or so.
  CHECK_FALSE(model.on_event(*TestEvent(value_event(105), t += kSecond)).anomaly);
  const Score high = model.on_event(*TestEvent(value_event(200), t += kSecond));
  CHECK(high.anomaly);
  CHECK(high.value > options.threshold);
}

TEST_CASE("ewma learns flagged events with --anomaly-weight, so a sustained attack stays flagged", "[detect]") {
  auto flagged_run = [](const std::string& weight) {
    const DetectOptions options =
        parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--anomaly-weight", weight});
    EwmaModel model(options);
    TimeUs t = 0;
    for (int i = 0; i < 100; ++i) model.on_event(*TestEvent(value_event(i % 2 == 0 ? 90 : 110), t += kSecond));
    int run = 0;
    while (run < 1000 && model.on_event(*TestEvent(value_event(300), t += kSecond)).anomaly) ++run;
    return run;
  };
  const int small = flagged_run("0.05");
  const int full = flagged_run("1");
  CHECK(full > 0);
  CHECK(small > 2 * full);
}

TEST_CASE("ewma keeps one model per key", "[detect]") {
  const DetectOptions options = parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--key", "k"});
  EwmaModel model(options);
  model.on_event(*TestEvent(value_event(10), 0, "a"));
  model.on_event(*TestEvent(value_event(1000), 0, "b"));
  CHECK(model.keys() == 2);
  CHECK(model.on_event(*TestEvent(value_event(10), kSecond, "a")).value == 0);
  CHECK(model.on_event(*TestEvent(value_event(1000), kSecond, "b")).value == 0);
}

TEST_CASE("ewma forgets keys idle for --ttl and the least recently updated beyond --max-keys", "[detect]") {
  const DetectOptions ttl =
      parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--key", "k", "--ttl", "1m"});
  EwmaModel by_ttl(ttl);
  by_ttl.on_event(*TestEvent(value_event(1), 0, "old"));
  by_ttl.on_event(*TestEvent(value_event(1), 50 * kSecond, "new"));
  by_ttl.on_watermark(60 * kSecond);  // "old" is idle exactly --ttl: kept
  CHECK(by_ttl.keys() == 2);
  by_ttl.on_watermark(61 * kSecond);
  CHECK(by_ttl.keys() == 1);
  CHECK(by_ttl.evicted_keys() == 1);
  CHECK(by_ttl.on_event(*TestEvent(value_event(1), 62 * kSecond, "old")).outcome == ScoreOutcome::no_model);

  const DetectOptions cap =
      parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--key", "k", "--max-keys", "2"});
  EwmaModel by_cap(cap);
  by_cap.on_event(*TestEvent(value_event(1), 0, "a"));
  by_cap.on_event(*TestEvent(value_event(1), 1, "b"));
  by_cap.on_event(*TestEvent(value_event(1), 2, "a"));  // "b" is now the least recently updated
  by_cap.on_event(*TestEvent(value_event(1), 3, "c"));
  CHECK(by_cap.keys() == 2);
  CHECK(by_cap.on_event(*TestEvent(value_event(1), 4, "a")).outcome == ScoreOutcome::scored);
  CHECK(by_cap.on_event(*TestEvent(value_event(1), 5, "b")).outcome == ScoreOutcome::no_model);
}

TEST_CASE("ewma with --freeze scores without learning", "[detect]") {
  const DetectOptions options = parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h", "--freeze"});
  EwmaModel model(options);
  CHECK(model.on_event(*TestEvent(value_event(10), 0)).outcome == ScoreOutcome::no_model);
  CHECK(model.keys() == 0);
}

TEST_CASE("ewma passes on events whose field is missing or not a number", "[detect]") {
  const DetectOptions options = parse_options({"--model", "ewma", "--field", "v", "--half-life", "1h"});
  EwmaModel model(options);
  CHECK(model.on_event(*TestEvent("{\"w\":1}", 0)).outcome == ScoreOutcome::skipped);
  CHECK(model.on_event(*TestEvent("{\"v\":\"12\"}", 0)).outcome == ScoreOutcome::skipped);
  CHECK(model.keys() == 0);
}
