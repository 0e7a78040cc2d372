#include "ss/report/svg_chart.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/report/html_page.hpp"
#include "ss/time/timestamp.hpp"

namespace {

ss::TimeUs at(const char* text) { return *ss::parse_rfc3339(text); }

}  // namespace

TEST_CASE("A time chart maps the first point to the left and the highest value to the top", "[report]") {
  ss::TimeChart chart{"n per window", "n", false, {}};
  chart.series.push_back({"/a", {{at("2026-11-01T10:00:00Z"), 0}, {at("2026-11-01T10:01:00Z"), 10}}});
  std::string svg;
  ss::append_time_chart_svg(svg, chart);
  // The plot spans x 48..464 (inside its margins) and y 212..10; ticks 0, 2, ... 10.
  CHECK(svg.find(R"(<polyline fill="none" points="48,212 464,10"/>)") != std::string::npos);
  CHECK(svg.find(R"(<text class="yl" x="40" y="10">10</text>)") != std::string::npos);
  CHECK(svg.find(R"(<text class="xl" x="48" y="232">10:00</text>)") != std::string::npos);
  CHECK(svg.find(R"(<circle cx="464" cy="10" r="2.5"/>)") != std::string::npos);
  CHECK(svg.find(R"(viewBox="0 0 480 240" width="100%")") != std::string::npos);
}

TEST_CASE("A time chart escapes series labels and its title", "[report]") {
  ss::TimeChart chart{"<b>n</b>", "n", false, {}};
  chart.series.push_back({"</title><script>x()</script>", {{at("2026-11-01T10:00:00Z"), 1}}});
  std::string svg;
  ss::append_time_chart_svg(svg, chart);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;") != std::string::npos);
  CHECK(svg.find(R"(aria-label="&lt;b&gt;n&lt;/b&gt;")") != std::string::npos);
}

TEST_CASE("A chart of counts has whole ticks and draws its total line in grey", "[report]") {
  ss::TimeChart chart{"Sessions started per 1m", "", true, {}};
  chart.series.push_back({"all keys", {{at("2026-11-01T10:00:00Z"), 1}}});
  chart.series.push_back({"ann", {{at("2026-11-01T10:00:00Z"), 1}}});
  std::string svg;
  ss::append_time_chart_svg(svg, chart);
  CHECK(svg.find(">0.2<") == std::string::npos);
  CHECK(svg.find(R"(<text class="yl" x="40" y="10">1</text>)") != std::string::npos);
  CHECK(svg.find(R"(<g class="series" stroke="#555b66" fill="#555b66"><title>all keys</title>)") != std::string::npos);
  CHECK(svg.find(R"(<g class="series" stroke="#4e79a7" fill="#4e79a7"><title>ann</title>)") != std::string::npos);
}

TEST_CASE("A time chart without points draws its axis and says there are no values", "[report]") {
  std::string svg;
  ss::append_time_chart_svg(svg, ss::TimeChart{"n per window", "n", false, {}});
  CHECK(svg.find("no values") != std::string::npos);
  CHECK(svg.find("<polyline") == std::string::npos);
}

TEST_CASE("A histogram draws a bar per bin, the tallest up to the top", "[report]") {
  ss::Histogram histogram{"Events per session", "events", {{0, 1, false, 4}, {1, 2, false, 2}, {2, 2, true, 1}}, 7};
  std::string svg;
  ss::append_histogram_svg(svg, histogram);
  CHECK(svg.find(R"(<rect class="bar" x="45" y="10" width="139.3" height="202"><title>0 to 1: 4</title></rect>)") !=
        std::string::npos);
  CHECK(svg.find(R"(<rect class="bar open")") != std::string::npos);
  CHECK(svg.find("≥ 2: 1") != std::string::npos);
}

TEST_CASE("The page escapes keys in the table and the embedded JSON", "[report]") {
  ss::ReportData data;
  data.title = "a <title>";
  data.shape = ss::RowShape::windows;
  data.key_fields = {"route"};
  data.rows = 1;
  data.keys = 1;
  data.first = at("2026-11-01T10:00:00Z");
  data.last = at("2026-11-01T10:01:00Z");
  data.by = "n";
  data.top.push_back(ss::TopRow{"</script><img src=x onerror=alert(1)>", 1, 2, 2, 1});
  const std::string page = ss::render_report_page(data);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<title>a &lt;title&gt;</title>") != std::string::npos);
  CHECK(page.find(R"("key":"\u003c/script>\u003cimg src=x onerror=alert(1)>")") != std::string::npos);
  CHECK(page.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
}

TEST_CASE("The page of no rows says there is no data", "[report]") {
  ss::ReportData data;
  data.title = "ss-report";
  const std::string page = ss::render_report_page(data);
  CHECK(page.find("No data: the input held no rows.") != std::string::npos);
  CHECK(page.find(R"(<meta name="viewport")") != std::string::npos);
  CHECK(page.find(R"("rows":0)") != std::string::npos);
}
