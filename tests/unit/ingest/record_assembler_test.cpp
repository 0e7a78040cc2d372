#include "ss/ingest/record_assembler.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/ingest/continuation_rule.hpp"

using ss::AssemblerOptions;
using ss::ContinuationRule;
using ss::Line;
using ss::Record;
using ss::RecordAssembler;
using ss::RecordCut;

namespace {

struct Out {
  std::string text;
  uint64_t number = 0, last_number = 0, end_offset = 0;
  size_t lines = 0;
  RecordCut cut = RecordCut::none;
};

/// Pushes `lines` (numbered from 1, each followed by '\n') and then ends the input.
std::vector<Out> assemble(AssemblerOptions options, const std::vector<std::string>& lines, bool finish = true) {
  RecordAssembler assembler(std::move(options));
  std::vector<Out> out;
  Record r;
  const auto drain = [&] {
    while (assembler.next(r))
      out.push_back(Out{std::string(r.line.text), r.line.number, r.last_number, r.line.end_offset, r.lines, r.cut});
  };
  uint64_t offset = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string copy = lines[i];  // the reader's buffer: gone after the records are handled
    offset += copy.size() + 1;
    Line line;
    line.text = copy;
    line.source = "app.log";
    line.number = i + 1;
    line.end_offset = offset;
    assembler.push(line);
    drain();
    copy.assign(copy.size(), '#');
  }
  if (finish) assembler.finish();
  drain();
  return out;
}

AssemblerOptions java(size_t max_lines = 1000) {
  AssemblerOptions o;
  o.rule.emplace(true, false, "");
  o.max_lines = max_lines;
  return o;
}

AssemblerOptions csv(size_t max_lines = 1000) {
  AssemblerOptions o;
  o.csv_separator = ',';
  o.max_lines = max_lines;
  return o;
}

const std::vector<std::string> kJavaLog = {
    "2026-12-06 10:00:00,000 INFO  [main] a.B - started",
    "2026-12-06 10:00:01,000 ERROR [main] a.B - failed",
    "java.lang.IllegalStateException: boom",
    "\tat a.B.run(B.java:10)",
    "\tat a.Main.main(Main.java:3)",
    "Caused by: java.io.IOException: disk",
    "\tat a.C.write(C.java:7)",
    "\t... 2 more",
    "2026-12-06 10:00:02,000 INFO  [main] a.B - done",
};

}  // namespace

TEST_CASE("A Java trace joins the log line before it, numbered by its first line", "[ingest][multiline]") {
  const auto out = assemble(java(), kJavaLog);
  REQUIRE(out.size() == 3);
  CHECK(out[0].text == kJavaLog[0]);
  CHECK(out[1].text ==
        "2026-12-06 10:00:01,000 ERROR [main] a.B - failed\njava.lang.IllegalStateException: boom\n\tat "
        "a.B.run(B.java:10)\n\tat a.Main.main(Main.java:3)\nCaused by: java.io.IOException: disk\n\tat "
        "a.C.write(C.java:7)\n\t... 2 more");
  CHECK(out[1].number == 2);
  CHECK(out[1].last_number == 8);
  CHECK(out[1].lines == 7);
  CHECK(out[2].number == 9);
}

TEST_CASE("A record ends where its last line ends, so positions fall between records", "[ingest][multiline]") {
  const auto out = assemble(java(), kJavaLog);
  uint64_t end = 0;
  for (size_t i = 0; i < 8; ++i) end += kJavaLog[i].size() + 1;
  CHECK(out[1].end_offset == end);
}

TEST_CASE("The record being read is held until a line that does not continue it", "[ingest][multiline]") {
  const auto out = assemble(java(), {kJavaLog[1], kJavaLog[2], kJavaLog[3]}, false);
  CHECK(out.empty());
}

TEST_CASE("An exception line joins only right after the log line", "[ingest][multiline]") {
  const auto out = assemble(java(), {kJavaLog[1], "\tat a.B.run(B.java:10)", "java.lang.Error: late"});
  REQUIRE(out.size() == 2);
  CHECK(out[1].text == "java.lang.Error: late");
}

TEST_CASE("A trace over the bound is cut and its rest is a record of its own", "[ingest][multiline]") {
  const auto out = assemble(java(3), kJavaLog);
  REQUIRE(out.size() == 5);
  CHECK(out[1].cut == RecordCut::bound);
  CHECK(out[1].lines == 3);
  CHECK(out[2].number == 5);
  CHECK(out[2].text.substr(0, 5) == "\tat a");
  CHECK(out[2].cut == RecordCut::bound);
  CHECK(out[3].number == 8);
  CHECK(out[3].cut == RecordCut::none);
  CHECK(out[4].number == 9);
}

TEST_CASE("Python tracebacks join, their exception line included", "[ingest][multiline]") {
  AssemblerOptions o;
  o.rule.emplace(false, true, "");
  const auto out =
      assemble(std::move(o), {"2026-12-06 10:00:00,000 - app - ERROR - failed",
                              "Traceback (most recent call last):", "  File \"x.py\", line 3, in <module>",
                              "    main()", "ValueError: bad value", "2026-12-06 10:00:01,000 - app - INFO - next"});
  REQUIRE(out.size() == 2);
  CHECK(out[0].lines == 5);
  CHECK(out[1].number == 6);
}

TEST_CASE("A pattern's lines continue the record", "[ingest][multiline]") {
  AssemblerOptions o;
  o.rule.emplace(false, false, "^\\+");
  const auto out = assemble(std::move(o), {"a", "+b", "+c", "d"});
  REQUIRE(out.size() == 2);
  CHECK(out[0].text == "a\n+b\n+c");
}

TEST_CASE("A CSV record goes on while a quote is open, doubled quotes included", "[ingest][multiline]") {
  const auto out = assemble(csv(), {"id,text", "1,\"a \"\"quoted\"\"", "multi-line\"", "2,plain", "3,\"x,\"\"y\""});
  REQUIRE(out.size() == 4);
  CHECK(out[1].text == "1,\"a \"\"quoted\"\"\nmulti-line\"");
  CHECK(out[1].number == 2);
  CHECK(out[1].last_number == 3);
  CHECK(out[2].text == "2,plain");
  CHECK(out[3].text == "3,\"x,\"\"y\"");
}

TEST_CASE("A quote inside an unquoted CSV field is text and opens nothing", "[ingest][multiline]") {
  const auto out = assemble(csv(), {"1,5\" screen", "2,b"});
  REQUIRE(out.size() == 2);
  CHECK(out[0].lines == 1);
}

TEST_CASE("An unclosed quote makes its first line bad and reading goes on at the next line", "[ingest][multiline]") {
  const auto out = assemble(csv(3), {"1,\"never closed", "2,a", "3,b", "4,c"});
  REQUIRE(out.size() == 4);
  CHECK(out[0].cut == RecordCut::unclosed);
  CHECK(out[0].text == "1,\"never closed");
  CHECK(out[0].number == 1);
  CHECK(out[0].end_offset == 16);
  CHECK(out[1].text == "2,a");
  CHECK(out[1].number == 2);
  CHECK(out[3].text == "4,c");
}

TEST_CASE("A quote still open at the end of the input is unclosed too", "[ingest][multiline]") {
  const auto out = assemble(csv(), {"1,ok", "2,\"open", "3,c"});
  REQUIRE(out.size() == 3);
  CHECK(out[1].cut == RecordCut::unclosed);
  CHECK(out[2].text == "3,c");
  CHECK(out[2].cut == RecordCut::none);
}

TEST_CASE("Trace lines are told apart from log lines for sniffing", "[ingest][multiline]") {
  CHECK(ContinuationRule::is_trace_line("\tat a.B.run(B.java:10)"));
  CHECK(ContinuationRule::is_trace_line("Caused by: java.io.IOException: disk"));
  CHECK(ContinuationRule::is_trace_line("    ... 5 more"));
  CHECK(ContinuationRule::is_trace_line("Traceback (most recent call last):"));
  CHECK_FALSE(ContinuationRule::is_trace_line("2026-12-06 10:00:00,000 INFO  [main] a.B - started"));
  CHECK_FALSE(ContinuationRule::is_trace_line("at home"));
}
