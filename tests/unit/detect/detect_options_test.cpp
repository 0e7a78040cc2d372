#include "ss/detect/detect_options.hpp"

#include "detect_test_support.hpp"
#include "ss/base/error.hpp"

using namespace ss;
using namespace ss::detect_test;

namespace {

std::string usage_error(std::vector<std::string> args) {
  try {
    parse_options(std::move(args));
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("detect options take each model's defaults", "[detect]") {
  const DetectOptions ewma = parse_options({"--model", "ewma", "--field", "v", "--half-life", "10m"});
  CHECK(ewma.threshold == 4);
  CHECK(ewma.half_life == 600 * kSecond);
  CHECK(ewma.anomaly_weight == 0.05);
  const DetectOptions kmeans =
      parse_options({"--model", "kmeans", "--features", "a,b", "--k", "4", "--half-life", "1h"});
  CHECK(kmeans.threshold == 3);
  CHECK(kmeans.batch == 100);
  CHECK(kmeans.features.size() == 2);
  const DetectOptions logreg =
      parse_options({"--model", "logreg", "--features", "a", "--label", "y", "--threshold", "0.9"});
  CHECK(logreg.threshold == 0.9);
  CHECK(logreg.id.text().empty());
}

TEST_CASE("detect options refuse flags of another model, naming them", "[detect]") {
  CHECK(usage_error({"--model", "ewma", "--field", "v", "--half-life", "1m", "--k", "3"}) ==
        "--k applies to --model kmeans, not ewma");
  CHECK(usage_error({"--model", "kmeans", "--features", "a", "--k", "2", "--half-life", "1m", "--key", "u"}) ==
        "--key applies to --model ewma, not kmeans");
  CHECK(usage_error({"--model", "logreg", "--features", "a", "--label", "y", "--half-life", "1m"}) ==
        "--half-life applies to --model ewma or kmeans, not logreg");
  CHECK(usage_error({"--model", "ewma", "--field", "v", "--half-life", "1m", "--alpha", "0.5"}) ==
        "--alpha applies to --model logreg, not ewma");
}

TEST_CASE("detect options name what is missing or malformed", "[detect]") {
  CHECK(usage_error({"--model", "arima"}).find("--model: expected ewma, kmeans, logreg or threshold") == 0);
  CHECK(usage_error({"--model", "ewma", "--half-life", "1m"}).find("needs --field") != std::string::npos);
  CHECK(usage_error({"--model", "ewma", "--field", "v"}) ==
        "--model ewma needs --half-life (how fast the past fades, e.g. 10m)");
  CHECK(usage_error({"--model", "ewma", "--field", "v", "--half-life", "1m", "--threshold", "high"}) ==
        "--threshold: expected a number, got \"high\"");
  CHECK(usage_error({"--model", "ewma", "--field", "v", "--half-life", "1m", "--anomaly-weight", "2"}) ==
        "--anomaly-weight: expected a number from 0 to 1");
  CHECK(usage_error({"--model", "kmeans", "--features", "a", "--half-life", "1m"}).find("needs --k") !=
        std::string::npos);
  CHECK(usage_error({"--model", "kmeans", "--features", "a", "--k", "5", "--batch", "4", "--half-life", "1m"}) ==
        "--batch must be at least --k: the first batch seeds the centres");
  CHECK(usage_error({"--model", "kmeans", "--features", "a", "--k", "2", "--half-life", "1m", "--buckets", "4"}) ==
        "--buckets needs --categorical (the fields hashed into them)");
  CHECK(usage_error({"--model", "logreg", "--features", "a"}).find("needs --label") != std::string::npos);
  CHECK(usage_error({"--model", "logreg", "--features", "a", "--label", "y", "--id", "tx"})
            .find("--id needs --label-delay") == 0);
  CHECK(usage_error({"--model", "logreg", "--features", "a", "--label", "y", "--hash-bits", "30"}) ==
        "--hash-bits: expected 4 to 24");
  CHECK(usage_error({"--model", "ewma", "--field", "v", "--half-life", "1m", "--freeze", "--state", "d"})
            .find("--freeze learns nothing") == 0);
}
