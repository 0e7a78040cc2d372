#include "ss/top/text_table.hpp"

#include <algorithm>
#include <cwchar>

namespace ss {

namespace {

/// Decodes one UTF-8 code point at `i`; returns its length, 0 for an invalid sequence.
size_t decode_utf8(std::string_view s, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t n;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return n;
}

size_t code_point_width(char32_t cp) {
  const int w = ::wcwidth(static_cast<wchar_t>(cp));
  return w < 0 ? 1 : static_cast<size_t>(w);
}

}  // namespace

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t n = decode_utf8(text, i, cp);
    width += n == 0 ? 1 : code_point_width(cp);
    i += n == 0 ? 1 : n;
  }
  return width;
}

std::string cut_to_width(std::string_view text, size_t width, bool marker) {
  if (display_width(text) <= width) return std::string(text);
  const size_t room = marker && width > 0 ? width - 1 : width;
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t n = decode_utf8(text, i, cp);
    const size_t w = n == 0 ? 1 : code_point_width(cp);
    if (n == 0) n = 1;
    if (used + w > room) break;
    out.append(text.substr(i, n));
    used += w;
    i += n;
  }
  if (marker && width > 0) out.push_back('~');
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t n = decode_utf8(text, i, cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      out.push_back('?');
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::vector<std::string> layout_table(const std::vector<TextColumn>& columns,
                                      const std::vector<std::vector<std::string>>& rows, size_t max_cell) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size() + 1);
  std::vector<std::string> header;
  for (const auto& column : columns) header.push_back(cut_to_width(column.title, max_cell, true));
  cells.push_back(std::move(header));
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& cell : row) line.push_back(cut_to_width(cell, max_cell, true));
    cells.push_back(std::move(line));
  }
  std::vector<size_t> widths(columns.size(), 0);
  for (const auto& line : cells)
    for (size_t c = 0; c < line.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], display_width(line[c]));
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const auto& line : cells) {
    std::string text;
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string empty;
      const std::string& cell = c < line.size() ? line[c] : empty;
      const size_t pad = widths[c] - display_width(cell);
      if (c > 0) text += "  ";
      if (columns[c].right_aligned) text.append(pad, ' ');
      text += cell;
      if (!columns[c].right_aligned) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace ss
