// The report page: one self-contained HTML file (inline CSS and SVG, no script that
// runs, nothing fetched) that reads well from a phone to a wide screen. The figures
// are also embedded as JSON in <script type="application/json" id="ss-report-data">,
// for scripts and tests. The page depends only on the data: the same rows give the
// same bytes.
#pragma once

#include <string>

#include "ss/report/report_data.hpp"

namespace ss {

/// The whole page for `data`; an input without rows gives a page that says so.
std::string render_report_page(const ReportData& data);

/// The JSON embedded in the page (one line, no trailing newline).
std::string report_json(const ReportData& data);

}  // namespace ss
