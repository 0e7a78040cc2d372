#include "ss/report/report_builder.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ss/op/diagnostics.hpp"
#include "ss/report/row_reader.hpp"
#include "support/temp_dir.hpp"

using ss::HistogramBin;
using ss::ReportData;

namespace {

ReportData build(const std::string& input, ss::ReportOptions options = {}) {
  ss::test::TempDir dir;
  options.stream.inputs = {dir.write("rows.ndjson", input)};
  ss::Diagnostics diagnostics("", "", false);
  ss::RowReader reader(options.stream, diagnostics);
  ss::ReportBuilder builder(options);
  while (reader.next() == ss::ReadStatus::line) builder.add(reader);
  return builder.finish(reader, diagnostics);
}

std::string window(const char* start, const char* route, int n) {
  return std::string(R"({"window_start":")") + start + R"(","window_end":"x","route":")" + route + R"(","n":)" +
         std::to_string(n) + "}\n";
}

std::string session(const char* user, const char* start, double duration, int events) {
  return std::string(R"({"user":")") + user + R"(","session_id":"s","start":")" + start + R"(","end":")" + start +
         R"(","duration":)" + std::to_string(duration) + R"(,"events":)" + std::to_string(events) + "}\n";
}

}  // namespace

TEST_CASE("ReportBuilder ranks keys by the sum of --by, then by rows, then by name", "[report]") {
  const ReportData data = build(window("2026-11-01T10:00:00Z", "/a", 2) + window("2026-11-01T10:00:00Z", "/b", 5) +
                                window("2026-11-01T10:01:00Z", "/a", 4) + window("2026-11-01T10:01:00Z", "/c", 1) +
                                window("2026-11-01T10:02:00Z", "/d", 1));
  CHECK(data.by == "n");
  CHECK(data.rows == 5);
  CHECK(data.keys == 4);
  REQUIRE(data.top.size() == 4);
  CHECK(data.top[0].key == "/a");
  CHECK(data.top[0].rows == 2);
  CHECK(data.top[0].sum == 6);
  CHECK(data.top[0].max == 4);
  CHECK(data.top[1].key == "/b");
  CHECK(data.top[2].key == "/c");
  CHECK(data.top[3].key == "/d");
}

TEST_CASE("ReportBuilder keeps the --top keys in the table and at most eight lines per chart", "[report]") {
  std::string input;
  const char* routes[] = {"/0", "/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8", "/9"};
  for (int i = 0; i < 10; ++i) input += window("2026-11-01T10:00:00Z", routes[i], 100 - i);
  ss::ReportOptions options;
  options.top = 9;
  const ReportData data = build(input, options);
  CHECK(data.top.size() == 9);
  REQUIRE(data.charts.size() == 1);
  CHECK(data.charts[0].title == "n per window");
  CHECK(data.charts[0].series.size() == ss::ReportBuilder::kMaxLines);
  CHECK(data.charts[0].series[0].label == "/0");
}

TEST_CASE("ReportBuilder charts each window's last value per key in time order", "[report]") {
  const ReportData data = build(window("2026-11-01T10:01:00Z", "/a", 3) + window("2026-11-01T10:00:00Z", "/a", 1) +
                                window("2026-11-01T10:01:00Z", "/a", 4));
  REQUIRE(data.charts.size() == 1);
  REQUIRE(data.charts[0].series.size() == 1);
  const auto& points = data.charts[0].series[0].points;
  REQUIRE(points.size() == 2);
  CHECK(points[0].y == 1);
  CHECK(points[1].y == 4);
  CHECK(points[1].x - points[0].x == 60'000'000);
}

TEST_CASE("ReportBuilder counts sessions per round step with zeros between", "[report]") {
  const ReportData data =
      build(session("ann", "2026-11-01T10:00:05Z", 10, 2) + session("ann", "2026-11-01T10:00:30Z", 20, 4) +
            session("bob", "2026-11-01T10:01:10Z", 0, 1));
  CHECK(data.by == "events");
  CHECK(data.bucket == 2'000'000);
  REQUIRE(data.charts.size() == 2);
  CHECK(data.charts[0].title == "Sessions started per 2s");
  CHECK(data.charts[1].field == "events");
  REQUIRE(data.charts[0].series.size() == 3);
  CHECK(data.charts[0].has_total);
  CHECK(data.charts[0].series[0].label == "all keys");
  const auto& ann = data.charts[0].series[1];
  CHECK(ann.label == "ann");
  double all = 0;
  double sessions = 0;
  double events = 0;
  for (const auto& point : data.charts[0].series[0].points) all += point.y;
  for (const auto& point : ann.points) sessions += point.y;
  for (const auto& point : data.charts[1].series[1].points) events += point.y;
  CHECK(all == 3);
  CHECK(sessions == 2);
  CHECK(events == 6);
  CHECK(ann.points.size() == 34);  // 10:00:04 to 10:01:10 in steps of 2s
}

TEST_CASE("ReportBuilder makes histograms of session duration and events", "[report]") {
  const ReportData data =
      build(session("ann", "2026-11-01T10:00:05Z", 10, 2) + session("bob", "2026-11-01T10:00:30Z", 20, 4));
  REQUIRE(data.histograms.size() == 2);
  CHECK(data.histograms[0].field == "duration");
  CHECK(data.histograms[0].values == 2);
  CHECK(data.histograms[1].field == "events");
}

TEST_CASE("make_histogram bins from zero in round widths with an open bin past the 99th percentile", "[report]") {
  std::vector<double> values;
  for (int i = 0; i < 100; ++i) values.push_back(i % 10);
  values.push_back(1000);
  const std::vector<HistogramBin> bins = ss::make_histogram(values, 20);
  REQUIRE(bins.size() == 20);  // 0 to 9.5 in steps of 0.5, then >= 9.5
  CHECK(bins[0].low == 0);
  CHECK(bins[0].high == 0.5);
  CHECK(bins[0].count == 10);
  CHECK(bins[1].count == 0);
  CHECK(bins.back().open);
  CHECK(bins.back().low == 9.5);
  CHECK(bins.back().count == 1);
  uint64_t total = 0;
  for (const HistogramBin& bin : bins) total += bin.count;
  CHECK(total == 101);
}

TEST_CASE("make_histogram of equal values is one bin and of none is empty", "[report]") {
  const std::vector<HistogramBin> one = ss::make_histogram({0, 0, 0}, 20);
  REQUIRE(one.size() == 1);
  CHECK(one[0].count == 3);
  CHECK(ss::make_histogram({}, 20).empty());
}

TEST_CASE("ReportBuilder of no rows has no shape, table or charts", "[report]") {
  const ReportData data = build("");
  CHECK_FALSE(data.shape);
  CHECK(data.rows == 0);
  CHECK(data.top.empty());
  CHECK(data.charts.empty());
}
