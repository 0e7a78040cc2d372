// SIGINT and SIGTERM ask a tool to stop at the next record boundary; the handlers only
// set a flag, and interrupt blocking reads (no SA_RESTART) so the flag is seen.
#pragma once

namespace ss {

/// Installs the handlers; idempotent.
void install_stop_handlers();
/// True once SIGINT or SIGTERM arrived.
bool stop_requested() noexcept;
/// For tests: forget an earlier request.
void clear_stop_request() noexcept;

}  // namespace ss
