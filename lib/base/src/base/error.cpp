#include "ss/base/error.hpp"

namespace ss {

int exit_code(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage: return 2;
    case ErrorKind::data: return 1;
    case ErrorKind::io: return 1;
    case ErrorKind::state: return 3;
    case ErrorKind::busy: return 4;
    case ErrorKind::internal: return 70;
  }
  return 70;
}

}  // namespace ss
