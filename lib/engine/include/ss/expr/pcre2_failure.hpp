// Words for a PCRE2 match that ended in an error rather than a match or no match, for
// the messages of --where's =~ and ss-ingest --format regex.
#pragma once

#include <string>

namespace ss {

/// For a negative return of pcre2_match other than PCRE2_ERROR_NOMATCH: "hit PCRE2's
/// match limit" (or depth, heap, JIT stack limit), else "failed in PCRE2: <its message>".
std::string describe_pcre2_failure(int rc);

}  // namespace ss
