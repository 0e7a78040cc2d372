#include "ss/report/html_page.hpp"

#include <string_view>

#include <fmt/format.h>

#include "ss/json/json_writer.hpp"
#include "ss/report/chart_scale.hpp"
#include "ss/report/html_escape.hpp"
#include "ss/report/svg_chart.hpp"
#include "ss/time/duration.hpp"

namespace ss {

namespace {

constexpr std::string_view kStyle =
    R"(:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#fff;--band:#f4f6f9}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--muted:#a0a8b8;--line:#3a4150;--bg:#161a22;--band:#1f2430}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:980px;margin:0 auto;padding:12px 14px 40px}
h1{font-size:1.5em;margin:.4em 0 .1em;overflow-wrap:anywhere}
h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.lede,.note{color:var(--muted);margin:.2em 0}
.nodata{font-size:1.2em;padding:1em;background:var(--band);border-radius:6px}
.wide{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.3em .5em;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
td.k{overflow-wrap:anywhere}
table.summary th{width:40%;font-weight:600;color:var(--muted)}
tbody tr:nth-child(even){background:var(--band)}
code{font-size:.85em;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,400px),1fr));gap:14px}
figure{margin:0;padding:8px;border:1px solid var(--line);border-radius:6px;min-width:0}
figcaption{font-weight:600;margin-bottom:4px;overflow-wrap:anywhere}
svg{display:block;width:100%;height:auto}
svg text{font-size:12px;fill:var(--muted)}
svg .yl{text-anchor:end;dominant-baseline:middle}
svg .xl{text-anchor:middle}
svg .empty{text-anchor:middle;font-size:14px}
svg .grid{stroke:var(--line);stroke-width:1}
svg .axis{stroke:var(--muted);stroke-width:1}
svg polyline{stroke-width:2;stroke-linejoin:round}
svg circle{stroke:none}
svg .bar{fill:#4e79a7}
svg .bar.open{fill:#a0a8b8}
.legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9em}
.legend li{overflow-wrap:anywhere}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
)";

void text(std::string& out, std::string_view value) { append_html_escaped(out, value); }

std::string time_text(TimeUs t) { return format_rfc3339(t); }

void summary_row(std::string& out, std::string_view name, std::string_view value) {
  out += "<tr><th>";
  text(out, name);
  out += "</th><td>";
  text(out, value);
  out += "</td></tr>\n";
}

std::string key_text(const ReportData& data) {
  if (data.key_fields.empty()) return "none (one group: all)";
  std::string joined;
  for (const std::string& field : data.key_fields) {
    if (!joined.empty()) joined += ", ";
    joined += field;
  }
  return joined;
}

void append_summary(std::string& out, const ReportData& data) {
  const std::string_view noun = data.shape ? shape_noun(*data.shape) : "rows";
  out += "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n";
  summary_row(out, "Rows", fmt::format("{} {}", data.rows, noun));
  if (data.shape) {
    summary_row(out, "Row shape", shape_name(*data.shape));
    summary_row(out, "Key", key_text(data));
    summary_row(out, "Distinct keys", fmt::format("{}", data.keys));
  }
  if (data.first) summary_row(out, "First", time_text(*data.first));
  if (data.last) summary_row(out, "Last", time_text(*data.last));
  if (data.first && data.last) summary_row(out, "Time span", format_duration(*data.last - *data.first));
  summary_row(out, "Bad lines", fmt::format("{}", data.bad_lines));
  if (data.filtered > 0) summary_row(out, "Left out by --where", fmt::format("{}", data.filtered));
  for (const auto& [kind, count] : data.control.counts)
    summary_row(out, fmt::format("Control records: {}", kind), fmt::format("{}", count));
  if (data.control.last_watermark) summary_row(out, "Last watermark", time_text(*data.control.last_watermark));
  if (data.control.last_checkpoint)
    summary_row(out, "Last checkpoint", fmt::format("{}", *data.control.last_checkpoint));
  out += "</table>\n";
  for (const auto& [kind, line] : data.control.last_other) {
    out += "<p class=\"note\">Last <code>";
    text(out, kind);
    out += "</code> record: <code>";
    text(out, line);
    out += "</code></p>\n";
  }
  out += "</section>\n";
}

void append_top(std::string& out, const ReportData& data) {
  if (data.top.empty()) return;
  const std::string_view noun = data.shape ? shape_noun(*data.shape) : "rows";
  out += "<section id=\"top\">\n<h2>";
  if (data.by.empty()) text(out, fmt::format("Top {} keys by {}", data.top.size(), noun));
  else text(out, fmt::format("Top {} keys by {}", data.top.size(), data.by));
  out += "</h2>\n<div class=\"wide\"><table class=\"top\">\n<thead><tr><th class=\"n\">#</th><th>";
  text(out, key_text(data));
  out += "</th><th class=\"n\">";
  text(out, noun);
  out += "</th>";
  if (!data.by.empty()) {
    out += "<th class=\"n\">sum</th><th class=\"n\">max</th><th class=\"n\">mean</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < data.top.size(); ++i) {
    const TopRow& row = data.top[i];
    out += fmt::format("<tr><td class=\"n\">{}</td><td class=\"k\">", i + 1);
    text(out, row.key);
    out += fmt::format("</td><td class=\"n\">{}</td>", row.rows);
    if (!data.by.empty()) {
      if (row.values == 0) {
        out += "<td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td>";
      } else {
        out +=
            fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>", format_number(row.sum),
                        format_number(row.max), format_number(row.sum / static_cast<double>(row.values)));
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
  if (data.keys > data.top.size())
    out += fmt::format("<p class=\"note\">{} more keys not shown (--top).</p>\n", data.keys - data.top.size());
  out += "</section>\n";
}

void append_legend(std::string& out, const TimeChart& chart) {
  out += "<ul class=\"legend\">";
  for (size_t i = 0; i < chart.series.size(); ++i) {
    out += fmt::format("<li><span class=\"sw\" style=\"background:{}\"></span>", series_colour(chart, i));
    text(out, chart.series[i].label);
    out += "</li>";
  }
  out += "</ul>\n";
}

void append_charts(std::string& out, const ReportData& data) {
  if (data.charts.empty()) return;
  out += "<section id=\"time\">\n<h2>Over time</h2>\n<div class=\"charts\">\n";
  for (const TimeChart& chart : data.charts) {
    out += "<figure>\n<figcaption>";
    text(out, chart.title);
    out += "</figcaption>\n";
    append_time_chart_svg(out, chart);
    append_legend(out, chart);
    out += "</figure>\n";
  }
  out += "</div>\n</section>\n";
}

void append_histograms(std::string& out, const ReportData& data) {
  if (data.histograms.empty()) return;
  out += "<section id=\"distributions\">\n<h2>Distributions</h2>\n<div class=\"charts\">\n";
  for (const Histogram& histogram : data.histograms) {
    out += "<figure>\n<figcaption>";
    text(out, fmt::format("{}, {} sessions", histogram.title, histogram.values));
    out += "</figcaption>\n";
    append_histogram_svg(out, histogram);
    out += "</figure>\n";
  }
  out += "</div>\n</section>\n";
}

void json_member(std::string& out, std::string_view name) {
  if (out.back() != '{') out.push_back(',');
  append_json_string(out, name);
  out.push_back(':');
}

}  // namespace

std::string report_json(const ReportData& data) {
  std::string out = "{";
  json_member(out, "title");
  append_json_string(out, data.title);
  json_member(out, "shape");
  if (data.shape) append_json_string(out, shape_name(*data.shape));
  else out += "null";
  json_member(out, "key");
  out += '[';
  for (size_t i = 0; i < data.key_fields.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, data.key_fields[i]);
  }
  out += ']';
  json_member(out, "rows");
  append_json_number(out, data.rows);
  json_member(out, "keys");
  append_json_number(out, data.keys);
  json_member(out, "bad_lines");
  append_json_number(out, data.bad_lines);
  json_member(out, "filtered");
  append_json_number(out, data.filtered);
  json_member(out, "first");
  if (data.first) append_json_time(out, *data.first);
  else out += "null";
  json_member(out, "last");
  if (data.last) append_json_time(out, *data.last);
  else out += "null";
  json_member(out, "control");
  out += '{';
  for (const auto& [kind, count] : data.control.counts) {
    json_member(out, kind);
    append_json_number(out, count);
  }
  out += '}';
  json_member(out, "last_watermark");
  if (data.control.last_watermark) append_json_time(out, *data.control.last_watermark);
  else out += "null";
  json_member(out, "last_checkpoint");
  if (data.control.last_checkpoint) append_json_number(out, *data.control.last_checkpoint);
  else out += "null";
  json_member(out, "by");
  if (data.by.empty()) out += "null";
  else append_json_string(out, data.by);
  json_member(out, "top");
  out += '[';
  for (size_t i = 0; i < data.top.size(); ++i) {
    const TopRow& row = data.top[i];
    if (i > 0) out += ',';
    out += '{';
    json_member(out, "key");
    append_json_string(out, row.key);
    json_member(out, "rows");
    append_json_number(out, row.rows);
    if (!data.by.empty() && row.values > 0) {
      json_member(out, "sum");
      append_json_number(out, row.sum);
      json_member(out, "max");
      append_json_number(out, row.max);
      json_member(out, "mean");
      append_json_number(out, row.sum / static_cast<double>(row.values));
    }
    out += '}';
  }
  out += ']';
  json_member(out, "step");
  if (data.bucket > 0) append_json_string(out, format_duration(data.bucket));
  else out += "null";
  json_member(out, "charts");
  out += '[';
  for (size_t c = 0; c < data.charts.size(); ++c) {
    const TimeChart& chart = data.charts[c];
    if (c > 0) out += ',';
    out += '{';
    json_member(out, "title");
    append_json_string(out, chart.title);
    json_member(out, "field");
    if (chart.field.empty()) out += "null";
    else append_json_string(out, chart.field);
    json_member(out, "series");
    out += '[';
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (s > 0) out += ',';
      out += '{';
      json_member(out, "key");
      append_json_string(out, chart.series[s].label);
      if (chart.has_total && s == 0) {
        json_member(out, "total");
        out += "true";
      }
      json_member(out, "points");
      out += '[';
      for (size_t p = 0; p < chart.series[s].points.size(); ++p) {
        if (p > 0) out += ',';
        out += '[';
        append_json_time(out, chart.series[s].points[p].x);
        out += ',';
        append_json_number(out, chart.series[s].points[p].y);
        out += ']';
      }
      out += "]}";
    }
    out += "]}";
  }
  out += ']';
  json_member(out, "histograms");
  out += '[';
  for (size_t h = 0; h < data.histograms.size(); ++h) {
    const Histogram& histogram = data.histograms[h];
    if (h > 0) out += ',';
    out += '{';
    json_member(out, "field");
    append_json_string(out, histogram.field);
    json_member(out, "bins");
    out += '[';
    for (size_t b = 0; b < histogram.bins.size(); ++b) {
      const HistogramBin& bin = histogram.bins[b];
      if (b > 0) out += ',';
      out += '{';
      json_member(out, "low");
      append_json_number(out, bin.low);
      json_member(out, "high");
      if (bin.open) out += "null";
      else append_json_number(out, bin.high);
      json_member(out, "count");
      append_json_number(out, bin.count);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

std::string render_report_page(const ReportData& data) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  text(out, data.title);
  out += "</title>\n<style>\n";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n";
  // `--title ''` is a page without a heading (to embed, or print), not an empty one.
  if (!data.title.empty()) {
    out += "<h1>";
    text(out, data.title);
    out += "</h1>\n";
  }
  if (data.rows == 0) {
    out += "<p class=\"nodata\">No data: the input held no rows.</p>\n";
  } else {
    std::string lede = fmt::format("{} {}", data.rows, shape_noun(*data.shape));
    if (!data.key_fields.empty()) lede += fmt::format(" of {} keys ({})", data.keys, key_text(data));
    if (data.first && data.last) lede += fmt::format(", {} to {}", time_text(*data.first), time_text(*data.last));
    out += "<p class=\"lede\">";
    text(out, lede);
    out += "</p>\n";
  }
  append_summary(out, data);
  append_top(out, data);
  append_charts(out, data);
  append_histograms(out, data);
  out += "<script type=\"application/json\" id=\"ss-report-data\">";
  append_script_json(out, report_json(data));
  out += "</script>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace ss
