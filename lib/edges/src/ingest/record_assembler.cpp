#include "ss/ingest/record_assembler.hpp"

#include <cstring>
#include <utility>

namespace ss {

RecordAssembler::RecordAssembler(AssemblerOptions options) : options_(std::move(options)) {}

void RecordAssembler::push(const Line& line) { take(line, true); }

void RecordAssembler::scan_quotes(std::string_view text) {
  // As CsvLineParser::split reads a record: a quote opens a field only at its start,
  // `""` inside one is a quote, and a quote elsewhere is text.
  const char separator = options_.csv_separator;
  size_t i = 0;
  while (i < text.size()) {
    if (quote_open_) {
      const size_t quote = text.find('"', i);
      if (quote == std::string_view::npos) return;
      i = quote + 1;
      if (i < text.size() && text[i] == '"') {
        ++i;
        continue;
      }
      quote_open_ = field_start_ = false;
    } else if (field_start_ && text[i] == '"') {
      quote_open_ = true;
      field_start_ = false;
      ++i;
    } else {
      const size_t sep = text.find(separator, i);
      if (sep == std::string_view::npos) {
        field_start_ = false;
        return;
      }
      i = sep + 1;
      field_start_ = true;
    }
  }
}

void RecordAssembler::take(const Line& line, bool may_borrow) {
  source_ = line.source;
  if (line.too_long) {
    // Not joined to anything: it is a bad line of its own, after what came before.
    while (pending()) {
      if (options_.csv_separator != 0 && quote_open_) unclose();
      else complete(RecordCut::none);
    }
    Ready& r = ready_.emplace_back();
    r.text.assign(line.text);
    r.number = r.last_number = line.number;
    r.end_offset = line.end_offset;
    r.too_long = true;
    return;
  }
  if (!pending()) {
    if (options_.csv_separator != 0 && may_borrow && std::memchr(line.text.data(), '"', line.text.size()) == nullptr) {
      // No quote: the line is the record, handed out where it lies.
      Ready& r = ready_.emplace_back();
      r.borrowed = line.text;
      r.number = r.last_number = line.number;
      r.end_offset = line.end_offset;
      return;
    }
    start(line);
    return;
  }
  const bool over = parts_.size() >= options_.max_lines || pending_.size() + 1 + line.text.size() > options_.max_bytes;
  if (options_.csv_separator != 0) {
    if (over) {
      unclose();
      take(line, false);
      return;
    }
    append(line);
    scan_quotes(line.text);
    if (!quote_open_) complete(RecordCut::none);
    return;
  }
  if (!options_.rule->continues(line.text)) {
    complete(RecordCut::none);
    start(line);
  } else if (over) {
    complete(RecordCut::bound);
    start(line);
  } else {
    append(line);
  }
}

void RecordAssembler::start(const Line& line) {
  pending_.assign(line.text);
  parts_.push_back(Part{0, line.text.size(), line.number, line.end_offset});
  if (options_.csv_separator != 0) {
    quote_open_ = false;
    field_start_ = true;
    scan_quotes(line.text);
    if (!quote_open_) complete(RecordCut::none);
    return;
  }
  options_.rule->start(line.text);
}

void RecordAssembler::append(const Line& line) {
  // Empty lines between are skipped by the reader but numbered: a quoted field or a
  // traceback keeps them.
  for (uint64_t n = parts_.back().number + 1; n < line.number; ++n) pending_.push_back('\n');
  pending_.push_back('\n');
  parts_.push_back(Part{pending_.size(), line.text.size(), line.number, line.end_offset});
  pending_.append(line.text);
}

void RecordAssembler::complete(RecordCut cut) {
  Ready& r = ready_.emplace_back();
  r.text.swap(pending_);
  pending_.swap(spare_);
  pending_.clear();
  r.text.reserve(r.text.size() + kLinePadding);
  r.number = parts_.front().number;
  r.last_number = parts_.back().number;
  r.end_offset = parts_.back().end_offset;
  r.lines = parts_.size();
  r.cut = cut;
  parts_.clear();
}

void RecordAssembler::unclose() {
  const Part first = parts_.front();
  Ready& r = ready_.emplace_back();
  r.text.assign(pending_, first.start, first.size);
  r.number = r.last_number = first.number;
  r.end_offset = first.end_offset;
  r.cut = RecordCut::unclosed;
  // The other lines are read again as if the first had not been there.
  std::vector<std::pair<std::string, Part>> rest;
  for (size_t i = 1; i < parts_.size(); ++i)
    rest.emplace_back(pending_.substr(parts_[i].start, parts_[i].size), parts_[i]);
  parts_.clear();
  pending_.clear();
  quote_open_ = false;
  field_start_ = true;
  const std::string_view source = source_;
  for (const auto& [text, part] : rest) {
    Line line;
    line.text = text;
    line.source = source;
    line.number = part.number;
    line.end_offset = part.end_offset;
    take(line, false);
  }
}

void RecordAssembler::finish() {
  while (pending()) {
    if (options_.csv_separator != 0 && quote_open_) unclose();
    else complete(RecordCut::none);
  }
}

bool RecordAssembler::next(Record& record) {
  if (ready_.empty()) return false;
  Ready& front = ready_.front();
  std::swap(current_.text, front.text);
  spare_.swap(front.text);  // the buffer of the record handed out before, for reuse
  current_.borrowed = front.borrowed;
  current_.number = front.number;
  current_.last_number = front.last_number;
  current_.end_offset = front.end_offset;
  current_.lines = front.lines;
  current_.cut = front.cut;
  current_.too_long = front.too_long;
  ready_.pop_front();
  record.line.text = current_.borrowed.data() != nullptr ? current_.borrowed : std::string_view(current_.text);
  record.line.source = source_;
  record.line.number = current_.number;
  record.line.end_offset = current_.end_offset;
  record.line.too_long = current_.too_long;
  record.last_number = current_.last_number;
  record.lines = current_.lines;
  record.cut = current_.cut;
  return true;
}

}  // namespace ss
