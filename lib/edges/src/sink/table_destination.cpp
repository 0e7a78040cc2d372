#include "ss/sink/table_destination.hpp"

namespace ss {

WriteResult TableDestination::write(RecordFields& record) {
  if (!id_.check(options_, record, bad_reason_)) return WriteResult::bad;
  if (!batch_.add(record, columns(), !options_.schema.empty(), limits(), bad_reason_)) return WriteResult::bad;
  batch_.remember_origin(origin_);
  uncommitted_ = true;
  if (batch_.text_bytes() >= kBatchTextBytes) flush();
  return WriteResult::accepted;
}

}  // namespace ss
