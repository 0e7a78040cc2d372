#include "ss/expr/pcre2_failure.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace ss {

std::string describe_pcre2_failure(int rc) {
  switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT: return "hit PCRE2's match limit";
    case PCRE2_ERROR_DEPTHLIMIT: return "hit PCRE2's depth limit";
    case PCRE2_ERROR_HEAPLIMIT: return "hit PCRE2's heap limit";
    case PCRE2_ERROR_JIT_STACKLIMIT: return "hit PCRE2's JIT stack limit";
    default: break;
  }
  PCRE2_UCHAR message[256];
  if (pcre2_get_error_message(rc, message, sizeof message) < 0) return "failed in PCRE2: error " + std::to_string(rc);
  return std::string("failed in PCRE2: ") + reinterpret_cast<const char*>(message);
}

}  // namespace ss
