#include "ss/sink/record_formatter.hpp"

#include <catch2/catch.hpp>

#include "sink_test_support.hpp"

using sink_test::Parsed;
using ss::RecordFormat;
using ss::RecordFormatter;

TEST_CASE("RecordFormatter passes NDJSON lines through unchanged", "[sink][format]") {
  RecordFormatter f(RecordFormat::ndjson);
  Parsed a(R"({"b": 1,  "a":"x"})");
  std::string out;
  f.append(a.record, out);
  CHECK(out == "{\"b\": 1,  \"a\":\"x\"}\n");
}

TEST_CASE("RecordFormatter writes CSV with a header from the first record and RFC 4180 quoting", "[sink][format]") {
  std::vector<std::string> dropped;
  RecordFormatter f(RecordFormat::csv, [&](std::string_view name) { dropped.emplace_back(name); });
  Parsed a(R"({"user":"u1","n":3,"note":"a, \"b\"","ok":true,"tags":["x","y"],"gone":null})");
  Parsed b(R"({"n":4.5,"user":"line\nbreak","extra":1,"extra":2,"more":"z"})");
  Parsed c(R"({"extra":3})");
  std::string out;
  f.append(a.record, out);
  f.append(b.record, out);
  f.append(c.record, out);
  CHECK(out ==
        "user,n,note,ok,tags,gone\n"
        "u1,3,\"a, \"\"b\"\"\",true,\"[\"\"x\"\",\"\"y\"\"]\",\n"
        "\"line\nbreak\",4.5,,,,\n"
        ",,,,,\n");
  CHECK(dropped == std::vector<std::string>{"extra", "more"});
  CHECK(f.columns().size() == 6);
}

TEST_CASE("RecordFormatter writes TSV with backslash escapes", "[sink][format]") {
  RecordFormatter f(RecordFormat::tsv);
  Parsed a(R"({"a":"tab\there","b":"back\\slash","c":"cr\rlf\n"})");
  std::string out;
  f.append(a.record, out);
  CHECK(out == "a\tb\tc\ntab\\there\tback\\\\slash\tcr\\rlf\\n\n");
}

TEST_CASE("RecordFormatter keeps an empty header when the first record has no fields", "[sink][format]") {
  RecordFormatter f(RecordFormat::csv);
  Parsed a("{}");
  Parsed b(R"({"a":1})");
  std::string out;
  f.append(a.record, out);
  f.append(b.record, out);
  CHECK(out == "\n\n\n");
}
