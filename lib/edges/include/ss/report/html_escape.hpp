// Escaping for text from the data (keys, field names, titles) placed in HTML and SVG:
// every string a report shows passes through one of these.
#pragma once

#include <string>
#include <string_view>

namespace ss {

/// Appends `text` escaped for HTML text and quoted attribute values: & < > " ' become
/// entities, and bytes that are not valid UTF-8 become U+FFFD, so the page stays valid.
void append_html_escaped(std::string& out, std::string_view text);
std::string html_escaped(std::string_view text);

/// Appends JSON text for a <script type="application/json"> block: `json` with every
/// `<` written as \u003c (outside strings JSON has none), so no `</script>` or `<!--`
/// inside the data can end the block.
void append_script_json(std::string& out, std::string_view json);

}  // namespace ss
