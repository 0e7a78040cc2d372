#include "ss/sink/destination.hpp"

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/sink/file_destination.hpp"
#include "ss/sink/kafka_destination.hpp"
#include "ss/sink/postgres_destination.hpp"
#include "ss/sink/prom_destination.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/sqlite_destination.hpp"
#include "ss/sink/stdout_destination.hpp"

namespace ss {

WriteResult Destination::write_line(std::string_view) {
  SS_ASSERT(!"write_line() of a destination that does not take lines as they are");
  return WriteResult::bad;
}

void warn_recovered(const std::function<void(std::string_view)>& warn, std::string_view database, int64_t removed,
                    std::optional<int64_t> held, uint64_t committed) {
  const auto c = static_cast<int64_t>(committed);
  if (removed > 0)
    warn(fmt::format("{}: removed {} row{} appended after checkpoint {}, the last committed one", database, removed,
                     removed == 1 ? "" : "s", committed));
  if (held && *held > c && removed == 0)
    warn(
        fmt::format("{}: holds checkpoint {} but COMMITTED says {}: rows upserted after {} stay until the replay "
                    "writes them again",
                    database, *held, committed, committed));
  if (held && *held < c)
    warn(
        fmt::format("{}: holds checkpoint {}, older than {} in COMMITTED: the output of the checkpoints between is "
                    "not in this database",
                    database, *held, committed));
}

std::unique_ptr<Destination> make_destination(const SinkOptions& options, OutputBuffer& out, Diagnostics& diagnostics) {
  auto warn = [&diagnostics](std::string_view message) { diagnostics.warn(message); };
  switch (options.kind) {
    case DestinationKind::standard_output:
      return std::make_unique<StdoutDestination>(
          out, RecordFormatter(options.format, [warn](std::string_view field) {
            warn("field \"" + std::string(field) + "\" is not in the header (taken from the first record); dropped");
          }));
    case DestinationKind::file: return std::make_unique<FileDestination>(options, warn);
    case DestinationKind::sqlite: return std::make_unique<SqliteDestination>(options, warn);
    case DestinationKind::postgresql: return std::make_unique<PostgresDestination>(options, warn);
    case DestinationKind::kafka: return std::make_unique<KafkaDestination>(options);
    case DestinationKind::prometheus_file:
    case DestinationKind::prometheus_http: return std::make_unique<PromDestination>(options);
  }
  return nullptr;
}

}  // namespace ss
