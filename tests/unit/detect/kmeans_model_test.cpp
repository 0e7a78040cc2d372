#include "ss/detect/kmeans_model.hpp"

#include <cmath>

#include "detect_test_support.hpp"

using namespace ss;
using namespace ss::detect_test;

namespace {

std::string point(double x, double y) {
  std::string out = "{\"x\":";
  append_json_number(out, x);
  out += ",\"y\":";
  append_json_number(out, y);
  out += "}";
  return out;
}

/// Two blobs, around (0,0) and (100,100), alternating, with a deterministic jitter.
std::string blob_point(int i) {
  const double jitter = static_cast<double>((i * 7919) % 11) - 5;
  return i % 2 == 0 ? point(jitter, -jitter) : point(100 + jitter, 100 + jitter / 2);
}

DetectOptions two_means(const std::string& half_life = "1h", std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--model", "kmeans",  "--features", "x,y",         "--k",
                                "2",       "--batch", "20",         "--half-life", half_life};
  args.insert(args.end(), extra.begin(), extra.end());
  return parse_options(args);
}

}  // namespace

TEST_CASE("kmeans scores nothing until the first batch seeds the centres", "[detect]") {
  const DetectOptions options = two_means();
  KMeansModel model(options);
  for (int i = 0; i < 20; ++i) {
    CHECK(model.on_event(*TestEvent(blob_point(i), i * kSecond)).outcome == ScoreOutcome::no_model);
    CHECK(model.seeded() == (i == 19));
  }
  const Score s = model.on_event(*TestEvent(point(1, 1), 20 * kSecond));
  CHECK(s.outcome == ScoreOutcome::scored);
  CHECK(s.value < 1);
}

TEST_CASE("kmeans finds the two blobs and flags a point far from both", "[detect]") {
  const DetectOptions options = two_means();
  KMeansModel model(options);
  for (int i = 0; i < 200; ++i) model.on_event(*TestEvent(blob_point(i), i * kSecond));
  const double* a = model.centre(0);
  const double* b = model.centre(1);
  const bool a_low = a[0] < 50;
  const double* low = a_low ? a : b;
  const double* high = a_low ? b : a;
  CHECK(std::fabs(low[0]) < 3);
  CHECK(std::fabs(high[0] - 100) < 3);
  const Score near = model.on_event(*TestEvent(point(99, 101), 200 * kSecond));
  CHECK_FALSE(near.anomaly);
  CHECK(near.cluster == (a_low ? 1 : 0));
  const Score far = model.on_event(*TestEvent(point(50, -60), 201 * kSecond));
  CHECK(far.anomaly);
  CHECK(far.value > options.threshold);
}

TEST_CASE("kmeans scores an event with the centres from before its batch", "[detect]") {
  const DetectOptions options = two_means();
  KMeansModel model(options);
  for (int i = 0; i < 40; ++i) model.on_event(*TestEvent(blob_point(i), i * kSecond));
  // The same far point 19 times: the centres only move when the batch completes, so
  // every copy scores the same.
  const Score first = model.on_event(*TestEvent(point(300, 300), 40 * kSecond));
  for (int i = 1; i < 19; ++i)
    CHECK(model.on_event(*TestEvent(point(300, 300), (40 + i) * kSecond)).value == first.value);
}

TEST_CASE("kmeans follows a drifting blob through event-time decay", "[detect]") {
  const DetectOptions options = two_means("1m", {"--anomaly-weight", "1"});
  KMeansModel model(options);
  TimeUs t = 0;
  for (int i = 0; i < 100; ++i) model.on_event(*TestEvent(blob_point(i), t += kSecond));
  // The low blob moves to (0, 40), slowly enough not to be flagged all the way.
  for (int i = 0; i < 2000; ++i) {
    const double shift = std::min(40.0, i / 20.0);
    const double jitter = static_cast<double>((i * 7919) % 11) - 5;
    model.on_event(*TestEvent(i % 2 == 0 ? point(jitter, shift - jitter) : blob_point(i), t += kSecond));
  }
  const double* a = model.centre(0);
  const double* b = model.centre(1);
  const double* low = a[0] < 50 ? a : b;
  CHECK(std::fabs(low[1] - 40) < 3);
}

TEST_CASE("kmeans re-seeds a cluster that no point reaches any more", "[detect]") {
  // Seeded on two blobs, then fed only one: the other cluster's weight decays away
  // and it is split off the live one.
  const DetectOptions options = two_means("1s");
  KMeansModel model(options);
  TimeUs t = 0;
  for (int i = 0; i < 20; ++i) model.on_event(*TestEvent(blob_point(i), t += kSecond));
  for (int i = 0; i < 200; ++i) model.on_event(*TestEvent(blob_point(2 * i), t += kSecond));
  CHECK(model.reseeded_clusters() >= 1);
  CHECK(std::fabs(model.centre(0)[0]) < 10);
  CHECK(std::fabs(model.centre(1)[0]) < 10);
}

TEST_CASE("kmeans seeding repeats for a seed and differs between seeds", "[detect]") {
  auto centres = [](const std::string& seed) {
    const DetectOptions options = parse_options(
        {"--model", "kmeans", "--features", "x,y", "--k", "5", "--batch", "50", "--half-life", "1h", "--seed", seed});
    KMeansModel model(options);
    for (int i = 0; i < 50; ++i) model.on_event(*TestEvent(point((i * 37) % 101, (i * 53) % 97), i * kSecond));
    std::string out;
    model.save_model([&](std::string_view r) { out += r; });
    return out;
  };
  CHECK(centres("1") == centres("1"));
  CHECK(centres("1") != centres("2"));
}

TEST_CASE("kmeans passes on events with a feature missing or not a number", "[detect]") {
  const DetectOptions options = two_means();
  KMeansModel model(options);
  CHECK(model.on_event(*TestEvent("{\"x\":1}", 0)).outcome == ScoreOutcome::skipped);
  CHECK(model.on_event(*TestEvent("{\"x\":1,\"y\":\"2\"}", 0)).outcome == ScoreOutcome::skipped);
}

TEST_CASE("kmeans one-hot hashes --categorical fields, so an unseen category scores far", "[detect]") {
  const DetectOptions options = parse_options({"--model", "kmeans", "--features", "x", "--categorical", "method", "--k",
                                               "2", "--batch", "20", "--half-life", "1h"});
  KMeansModel model(options);
  REQUIRE(model.dims() == 1 + 8);
  auto request = [](const char* method, double x) {
    std::string out = "{\"method\":\"";
    out += method;
    out += "\",\"x\":";
    append_json_number(out, x);
    return out + "}";
  };
  for (int i = 0; i < 100; ++i)
    model.on_event(*TestEvent(request(i % 2 == 0 ? "GET" : "POST", 10 + ((i * 7) % 3) / 10.0), i * kSecond));
  CHECK_FALSE(model.on_event(*TestEvent(request("GET", 10.1), 100 * kSecond)).anomaly);
  CHECK_FALSE(model.on_event(*TestEvent(request("POST", 10.2), 100 * kSecond)).anomaly);
  // The same x with a method never seen: sqrt(2) away in the method's buckets, where
  // the clusters spread over a tenth.
  CHECK(model.on_event(*TestEvent(request("DELETE", 10.1), 100 * kSecond)).anomaly);
  CHECK(model.on_event(*TestEvent("{\"x\":2}", 100 * kSecond)).outcome == ScoreOutcome::skipped);
}
