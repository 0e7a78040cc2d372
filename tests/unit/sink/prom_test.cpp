#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sink_test_support.hpp"
#include "ss/base/error.hpp"
#include "ss/sink/prom_destination.hpp"
#include "ss/sink/prom_exposition.hpp"
#include "ss/sink/prom_names.hpp"
#include "ss/sink/prom_row_reader.hpp"

using sink_test::Parsed;
using sink_test::TempDir;
using ss::PromExposition;
using ss::PromRowReader;
using ss::PromSample;
using ss::PromSettings;

namespace {

std::string escaped(std::string_view value) {
  std::string out;
  ss::append_label_value(out, value);
  return out;
}

/// The exposition of `rows`, read with `settings`, all applied at time 0.
std::string render(const std::vector<std::string>& rows, const PromSettings& settings = PromSettings()) {
  PromRowReader reader(settings);
  std::vector<PromSample> samples;
  for (const std::string& row : rows) {
    Parsed p(row);
    reader.read(p.record, samples);
  }
  PromExposition exposition;
  exposition.apply(samples, 0);
  std::string out;
  exposition.render(out);
  return out;
}

}  // namespace

TEST_CASE("Prometheus metric names keep letters digits and underscores and replace the rest", "[sink][prom]") {
  CHECK(ss::metric_name("ss_", "latency_ms", false) == "ss_latency_ms");
  CHECK(ss::metric_name("ss_", "p95(latency)", false) == "ss_p95_latency_");
  CHECK(ss::metric_name("ss_", "a:b.c-d é", false) == "ss_a_b_c_d___");
  CHECK(ss::metric_name("", "95th", false) == "_95th");
  CHECK(ss::metric_name("", "", false) == "_");
  CHECK(ss::metric_name("app:", "n", false) == "app:n");
}

TEST_CASE("Prometheus counters end in _total once", "[sink][prom]") {
  CHECK(ss::metric_name("ss_", "requests", true) == "ss_requests_total");
  CHECK(ss::metric_name("ss_", "requests_total", true) == "ss_requests_total");
  CHECK(ss::metric_name("ss_", "total", true) == "ss_total");
}

TEST_CASE("Prometheus label names are sanitised and never start with two underscores", "[sink][prom]") {
  CHECK(ss::label_name("user") == "user");
  CHECK(ss::label_name("http.method") == "http_method");
  CHECK(ss::label_name("1st") == "_1st");
  CHECK(ss::label_name("__name__") == "_name__");
  CHECK(ss::label_name("___") == "_");
  CHECK(ss::label_name("") == "_");
  CHECK(ss::label_name("a:b") == "a_b");
}

TEST_CASE("Prometheus metric name prefixes are checked", "[sink][prom]") {
  CHECK(ss::is_valid_metric_name("ss_"));
  CHECK(ss::is_valid_metric_name("app:web_"));
  CHECK_FALSE(ss::is_valid_metric_name("1ss"));
  CHECK_FALSE(ss::is_valid_metric_name("ss-"));
  CHECK_FALSE(ss::is_valid_metric_name(""));
}

TEST_CASE("Prometheus label values escape backslash double quote and newline only", "[sink][prom]") {
  CHECK(escaped("plain") == "plain");
  CHECK(escaped("a\\b") == "a\\\\b");
  CHECK(escaped("say \"hi\"") == "say \\\"hi\\\"");
  CHECK(escaped("two\nlines") == "two\\nlines");
  CHECK(escaped("tab\there") == "tab\there");
  std::string help;
  ss::append_help_text(help, "a \"b\" \\ c\nd");
  CHECK(help == "a \"b\" \\\\ c\\nd");
}

TEST_CASE("Prometheus exposition groups each family under one HELP and TYPE line", "[sink][prom]") {
  const std::string out = render({
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","user":"b","n":2,"avg":1.5})",
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00Z","user":"a","n":3,"avg":2.25})",
  });
  CHECK(out ==
        "# HELP ss_avg Field \"avg\" of the rows written by ss-sink.\n"
        "# TYPE ss_avg gauge\n"
        "ss_avg{user=\"a\"} 2.25\n"
        "ss_avg{user=\"b\"} 1.5\n"
        "# HELP ss_n Field \"n\" of the rows written by ss-sink.\n"
        "# TYPE ss_n gauge\n"
        "ss_n{user=\"a\"} 3\n"
        "ss_n{user=\"b\"} 2\n");
}

TEST_CASE("Prometheus series keep the latest value and labels are sorted by name", "[sink][prom]") {
  const std::string out = render({
      R"({"window_end":"2026-11-01T10:01:00Z","path":"/x","user":"a","n":1})",
      R"({"window_end":"2026-11-01T10:02:00Z","user":"a","path":"/x","n":7})",
  });
  CHECK(out ==
        "# HELP ss_n Field \"n\" of the rows written by ss-sink.\n"
        "# TYPE ss_n gauge\n"
        "ss_n{path=\"/x\",user=\"a\"} 7\n");
}

TEST_CASE("Prometheus rows leave out time bounds session ids booleans and nested values", "[sink][prom]") {
  const std::string out = render({
      R"({"user":"a","session_id":"d45734db8d336934","start":"2026-11-01T00:00:00.000Z",)"
      R"("end":"2026-11-01T00:05:31.781Z","duration":331.781,"events":12,"final":true,"top":[1,2],"x":null})",
  });
  CHECK(out ==
        "# HELP ss_duration Field \"duration\" of the rows written by ss-sink.\n"
        "# TYPE ss_duration gauge\n"
        "ss_duration{user=\"a\"} 331.781\n"
        "# HELP ss_events Field \"events\" of the rows written by ss-sink.\n"
        "# TYPE ss_events gauge\n"
        "ss_events{user=\"a\"} 12\n");
}

TEST_CASE("Prometheus rows of ss-window --global leave out first_seen and last_seen", "[sink][prom]") {
  // Times as labels would make a new series at every update.
  const std::string out = render({
      R"({"first_seen":"2026-11-01T00:00:00.000Z","last_seen":"2026-11-01T00:05:00.000Z","user":"a","n":4})",
  });
  CHECK(out ==
        "# HELP ss_n Field \"n\" of the rows written by ss-sink.\n"
        "# TYPE ss_n gauge\n"
        "ss_n{user=\"a\"} 4\n");
}

TEST_CASE("Prometheus --label picks labels numeric ones included and --counter makes counters", "[sink][prom]") {
  PromSettings settings;
  settings.labels = {"status", "my key"};
  settings.counters = {"n"};
  settings.name_prefix = "web_";
  const std::string out = render({R"({"user":"a","status":404,"my key":"x\"y\\z\nw","n":5})"}, settings);
  CHECK(out ==
        "# HELP web_n_total Field \"n\" of the rows written by ss-sink.\n"
        "# TYPE web_n_total counter\n"
        "web_n_total{my_key=\"x\\\"y\\\\z\\nw\",status=\"404\"} 5\n");
}

TEST_CASE("Prometheus timestamps are window_end in milliseconds and only with --timestamps", "[sink][prom]") {
  const std::vector<std::string> rows = {
      R"({"window_start":"2026-11-01T10:00:00Z","window_end":"2026-11-01T10:01:00.5Z","n":1})",
      R"({"start":"2026-11-01T10:00:00Z","end":"1970-01-01T00:00:01.2345Z","m":2})",
  };
  CHECK(render(rows).find("ss_n 1\n") != std::string::npos);
  PromSettings settings;
  settings.timestamps = true;
  const std::string out = render(rows, settings);
  CHECK(out.find("ss_n 1 1793527260500\n") != std::string::npos);
  CHECK(out.find("ss_m 2 1234\n") != std::string::npos);
}

TEST_CASE("Prometheus rows without a numeric field give no sample", "[sink][prom]") {
  PromRowReader reader{PromSettings()};
  std::vector<PromSample> samples;
  Parsed p(R"({"user":"a","ok":true})");
  CHECK(reader.read(p.record, samples) == 0);
  CHECK(samples.empty());
}

TEST_CASE("Prometheus series not updated for the ttl are dropped with their family", "[sink][prom]") {
  PromRowReader reader{PromSettings()};
  std::vector<PromSample> first;
  std::vector<PromSample> second;
  Parsed a(R"({"user":"a","n":1,"m":1})");
  reader.read(a.record, first);
  Parsed b(R"({"user":"b","n":2})");
  reader.read(b.record, second);
  PromExposition exposition;
  exposition.apply(first, 1000);
  exposition.apply(second, 5000);
  CHECK(exposition.series() == 3);
  exposition.expire(5999, 5000);
  CHECK(exposition.series() == 3);
  exposition.expire(6000, 5000);
  CHECK(exposition.series() == 1);
  std::string out;
  exposition.render(out);
  CHECK(out.find("ss_m") == std::string::npos);
  CHECK(out.find("ss_n{user=\"b\"} 2\n") != std::string::npos);
  exposition.expire(1000000, 0);  // 0 keeps every series
  CHECK(exposition.series() == 1);
}

TEST_CASE("PromDestination shows a checkpoint's samples in the file only at its commit", "[sink][prom]") {
  TempDir dir;
  ss::SinkOptions options;
  options.kind = ss::DestinationKind::prometheus_file;
  options.target = dir.file("metrics.prom");
  options.stream.state_dir = dir.file("state");
  ss::PromDestination d(options);
  d.recover(0);
  Parsed a(R"({"user":"a","n":1})");
  REQUIRE(d.write(a.record) == ss::WriteResult::accepted);
  d.flush();
  CHECK_FALSE(std::filesystem::exists(options.target));
  d.commit(1);
  CHECK(sink_test::slurp(options.target).find("ss_n{user=\"a\"} 1\n") != std::string::npos);
  Parsed b(R"({"user":"a","n":2})");
  REQUIRE(d.write(b.record) == ss::WriteResult::accepted);
  d.flush();
  d.abandon();
  d.commit(2);
  CHECK(sink_test::slurp(options.target).find("ss_n{user=\"a\"} 1\n") != std::string::npos);
  Parsed bad(R"({"user":"a"})");
  CHECK(d.write(bad.record) == ss::WriteResult::bad);
  // Only the file itself is left in the directory: no temporary file.
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files += entry.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("PromDestination without state shows samples at each flush", "[sink][prom]") {
  TempDir dir;
  ss::SinkOptions options;
  options.kind = ss::DestinationKind::prometheus_file;
  options.target = dir.file("metrics.prom");
  ss::PromDestination d(options);
  Parsed a(R"({"user":"a","n":1})");
  REQUIRE(d.write(a.record) == ss::WriteResult::accepted);
  d.flush();
  CHECK(sink_test::slurp(options.target).find("ss_n{user=\"a\"} 1\n") != std::string::npos);
}

TEST_CASE("PromDestination removes temporary files of dead sinks and refuses a missing directory", "[sink][prom]") {
  TempDir dir;
  const std::string stale = dir.write("metrics.prom.tmp.999999999.0123456789ab", "x");
  const std::string other = dir.write("other.prom.tmp.999999999.0123456789ab", "x");
  ss::SinkOptions options;
  options.kind = ss::DestinationKind::prometheus_file;
  options.target = dir.file("metrics.prom");
  ss::PromDestination d(options);
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK(std::filesystem::exists(other));
  options.target = dir.file("missing/metrics.prom");
  CHECK_THROWS_AS(ss::PromDestination(options), ss::Error);
}
