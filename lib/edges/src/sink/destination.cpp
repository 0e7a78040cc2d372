#include "ss/sink/destination.hpp"

#include "ss/base/error.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/sink/file_destination.hpp"
#include "ss/sink/prom_destination.hpp"
#include "ss/sink/sink_options.hpp"
#include "ss/sink/sqlite_destination.hpp"
#include "ss/sink/stdout_destination.hpp"

namespace ss {

WriteResult Destination::write_line(std::string_view) {
  SS_ASSERT(!"write_line() of a destination that does not take lines as they are");
  return WriteResult::bad;
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
    case DestinationKind::prometheus_file:
    case DestinationKind::prometheus_http: return std::make_unique<PromDestination>(options);
  }
  return nullptr;
}

}  // namespace ss
