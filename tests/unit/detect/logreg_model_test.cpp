#include "ss/detect/logreg_model.hpp"

#include "detect_test_support.hpp"

using namespace ss;
using namespace ss::detect_test;

namespace {

/// Payments: country "XX" with a large amount is fraud, everything else is not.
std::string payment(int i, bool with_label, bool with_id = false) {
  const bool fraud = i % 5 == 0;
  std::string out = "{\"country\":\"";
  out += fraud ? "XX" : (i % 2 == 0 ? "DE" : "FR");
  out += "\",\"amount\":" + std::to_string(fraud ? 900 + i % 50 : 20 + i % 30);
  if (with_id) out += ",\"tx\":\"t" + std::to_string(i) + "\"";
  if (with_label) out += fraud ? ",\"fraud\":true" : ",\"fraud\":false";
  return out + "}";
}

std::string label_for(int i) {
  return "{\"tx\":\"t" + std::to_string(i) + "\",\"fraud\":" + (i % 5 == 0 ? "1" : "0") + "}";
}

DetectOptions fraud_model(std::vector<std::string> extra = {}, const std::string& l1 = "0") {
  std::vector<std::string> args{"--model", "logreg", "--features", "country,amount", "--label", "fraud", "--l1", l1};
  args.insert(args.end(), extra.begin(), extra.end());
  return parse_options(args);
}

}  // namespace

TEST_CASE("logreg learns from labelled events and scores the unlabelled ones", "[detect]") {
  const DetectOptions options = fraud_model();
  LogRegModel model(options);
  for (int i = 0; i < 500; ++i) model.on_event(*TestEvent(payment(i, true), i * kSecond));
  CHECK(model.trained() == 500);
  const Score fraud = model.on_event(*TestEvent(payment(1000, false), 1000 * kSecond));
  const Score honest = model.on_event(*TestEvent(payment(1001, false), 1001 * kSecond));
  CHECK(fraud.anomaly);
  CHECK(fraud.value > 0.9);
  CHECK_FALSE(honest.anomaly);
  CHECK(honest.value < 0.1);
  CHECK(model.trained() == 500);  // unlabelled events do not train
}

TEST_CASE("logreg scores a labelled event before training on it", "[detect]") {
  const DetectOptions options = fraud_model();
  LogRegModel model(options);
  // An untrained model knows nothing: one half.
  CHECK(model.on_event(*TestEvent(payment(0, true), 0)).value == 0.5);
  CHECK(model.on_event(*TestEvent(payment(0, true), kSecond)).value > 0.5);
}

TEST_CASE("logreg joins labels that arrive later to their events by --id", "[detect]") {
  const DetectOptions options = fraud_model({"--id", "tx", "--label-delay", "1h"});
  LogRegModel model(options);
  // Events first, unlabelled; their labels come 100 events later, without features.
  TimeUs t = 0;
  for (int i = 0; i < 600; ++i) {
    model.on_event(*TestEvent(payment(i, false, true), t += kSecond, "", 2 * i));
    if (i >= 100)
      CHECK(model.on_event(*TestEvent(label_for(i - 100), t, "", 2 * i + 1)).outcome == ScoreOutcome::label);
  }
  CHECK(model.labels_joined() == 500);
  CHECK(model.trained() == 500);
  CHECK(model.waiting() == 100);
  CHECK(model.on_event(*TestEvent(payment(5000, false), t)).value > 0.9);
  CHECK(model.on_event(*TestEvent(payment(5001, false), t)).value < 0.1);
}

TEST_CASE("logreg drops events whose label did not come within --label-delay", "[detect]") {
  const DetectOptions options = fraud_model({"--id", "tx", "--label-delay", "10s"});
  LogRegModel model(options);
  model.on_event(*TestEvent(payment(1, false, true), 0, "", 0));
  model.on_watermark(10 * kSecond);  // deadline reached, not passed
  CHECK(model.waiting() == 1);
  model.on_watermark(10 * kSecond + 1);
  CHECK(model.waiting() == 0);
  CHECK(model.events_unlabelled() == 1);
  // Its label now finds nothing to join and carries no features: passed on, not learned.
  CHECK(model.on_event(*TestEvent(label_for(1), 11 * kSecond, "", 1)).outcome == ScoreOutcome::label);
  CHECK(model.labels_unmatched() == 1);
  CHECK(model.trained() == 0);
}

TEST_CASE("logreg refuses labels that are not true/false or 1/0", "[detect]") {
  const DetectOptions options = fraud_model();
  LogRegModel model(options);
  CHECK(model.on_event(*TestEvent("{\"amount\":3,\"fraud\":\"yes\"}", 0)).outcome == ScoreOutcome::bad);
  CHECK(model.on_event(*TestEvent("{\"amount\":3,\"fraud\":2}", 0)).outcome == ScoreOutcome::bad);
  CHECK(model.reason().find("--label fraud") != std::string_view::npos);
}

TEST_CASE("logreg with --l1 keeps weights of rare features at exactly zero", "[detect]") {
  // "ZZ" is seen once: its |z| stays below an L1 of 5, so its weight is 0 and an event
  // from ZZ scores exactly as one without a country. Without L1 it moves the score.
  auto zz_moves_the_score = [](const std::string& l1) {
    const DetectOptions options =
        parse_options({"--model", "logreg", "--features", "country", "--label", "fraud", "--l1", l1});
    LogRegModel model(options);
    for (int i = 0; i < 100; ++i) model.on_event(*TestEvent("{\"country\":\"DE\",\"fraud\":false}", i * kSecond));
    model.on_event(*TestEvent("{\"country\":\"ZZ\",\"fraud\":true}", 100 * kSecond));
    return model.on_event(*TestEvent("{\"country\":\"ZZ\"}", 0)).value != model.on_event(*TestEvent("{}", 0)).value;
  };
  CHECK_FALSE(zz_moves_the_score("5"));
  CHECK(zz_moves_the_score("0"));
}

TEST_CASE("logreg with --freeze neither trains nor waits for labels", "[detect]") {
  const DetectOptions options = fraud_model({"--id", "tx", "--label-delay", "1h", "--freeze"});
  LogRegModel model(options);
  model.on_event(*TestEvent(payment(0, true), 0));
  model.on_event(*TestEvent(payment(1, false, true), 0));
  CHECK(model.trained() == 0);
  CHECK(model.waiting() == 0);
}
