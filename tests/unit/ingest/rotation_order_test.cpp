#include "ss/ingest/rotation_order.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using ss::RotationInput;

namespace {

RotationInput file(std::string path, int64_t mtime, bool known = false) {
  RotationInput in;
  in.path = std::move(path);
  in.regular = true;
  in.known = known;
  in.mtime_ns = mtime;
  return in;
}

std::vector<std::string> paths(const std::vector<RotationInput>& inputs) {
  std::vector<std::string> out;
  for (const auto& in : inputs) out.push_back(in.path);
  return out;
}

}  // namespace

TEST_CASE("A rotation chain is the name without its compression and rotation suffixes", "[ingest]") {
  CHECK(ss::rotation_chain("log/access.log") == "log/access.log");
  CHECK(ss::rotation_chain("log/access.log.1") == "log/access.log");
  CHECK(ss::rotation_chain("log/access.log.12.gz") == "log/access.log");
  CHECK(ss::rotation_chain("access.log-20261201") == "access.log");
  CHECK(ss::rotation_chain("access.log-20261201.zst") == "access.log");
  CHECK(ss::rotation_chain("access.log-2026-12-01") == "access.log");
  CHECK(ss::rotation_chain("app-2.log") == "app-2.log");
  CHECK(ss::rotation_chain("data.gz") == "data");
}

TEST_CASE("Numbered rotations are older the larger the number and dates older the earlier", "[ingest]") {
  CHECK(ss::rotation_age("access.log") == 0);
  CHECK(ss::rotation_age("access.log.1") == 1);
  CHECK(ss::rotation_age("access.log.2.gz") == 2);
  CHECK(ss::rotation_age("access.log-20261201") > ss::rotation_age("access.log-20261202"));
  CHECK(ss::rotation_age("access.log-20261202") > ss::rotation_age("access.log.99"));
  CHECK(ss::rotation_age("access.log-2026-12-01") > ss::rotation_age("access.log-2026-12-02"));
}

TEST_CASE("The glob order of a rotated chain is replaced by modification time, oldest first", "[ingest]") {
  std::vector<RotationInput> inputs{file("access.log", 300), file("access.log.1", 200), file("access.log.2.gz", 100)};
  ss::order_rotation_chains(inputs);
  CHECK(paths(inputs) == std::vector<std::string>{"access.log.2.gz", "access.log.1", "access.log"});
}

TEST_CASE("Files of one chain modified at the same moment are ordered by their suffix", "[ingest]") {
  std::vector<RotationInput> inputs{file("a.log", 5), file("a.log.1", 5), file("a.log.10.gz", 5),
                                    file("a.log.2.gz", 5)};
  ss::order_rotation_chains(inputs);
  CHECK(paths(inputs) == std::vector<std::string>{"a.log.10.gz", "a.log.2.gz", "a.log.1", "a.log"});
  std::vector<RotationInput> dated{file("a.log", 5), file("a.log-20261202", 5), file("a.log-20261201.gz", 5)};
  ss::order_rotation_chains(dated);
  CHECK(paths(dated) == std::vector<std::string>{"a.log-20261201.gz", "a.log-20261202", "a.log"});
}

TEST_CASE("Files a snapshot knows are read before new files of their chain", "[ingest]") {
  // The live file was rotated after a writer touched the old one last: known first.
  std::vector<RotationInput> inputs{file("access.log", 100), file("access.log.1", 200, true)};
  ss::order_rotation_chains(inputs);
  CHECK(paths(inputs) == std::vector<std::string>{"access.log.1", "access.log"});
}

TEST_CASE("Other inputs keep their places while a chain is ordered in the places it held", "[ingest]") {
  RotationInput pipe;
  pipe.path = "-";
  std::vector<RotationInput> inputs{file("b.log", 1), file("a.log", 300), pipe, file("a.log.1", 200)};
  ss::order_rotation_chains(inputs);
  CHECK(paths(inputs) == std::vector<std::string>{"b.log", "a.log.1", "-", "a.log"});
}
