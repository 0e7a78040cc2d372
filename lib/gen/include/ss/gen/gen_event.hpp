// One synthetic request as the generator holds it before formatting: small and flat, so
// the delay buffer can keep thousands of them cheaply.
#pragma once

#include <cstdint>
#include <string_view>

#include "ss/time/timestamp.hpp"

namespace ss {

enum class HttpMethod : uint8_t { get, head, post, put, del };

/// The method as it appears on the wire (`GET`, `DELETE`, ...).
constexpr std::string_view method_name(HttpMethod m) noexcept {
  switch (m) {
    case HttpMethod::get: return "GET";
    case HttpMethod::head: return "HEAD";
    case HttpMethod::post: return "POST";
    case HttpMethod::put: return "PUT";
    case HttpMethod::del: return "DELETE";
  }
  return "GET";
}

struct GenEvent {
  TimeUs ts = 0;      ///< event time, whole milliseconds after --start
  uint64_t seq = 0;   ///< position in event-time order (0-based)
  uint32_t user = 0;  ///< user id, 1-based
  uint16_t path = 0;  ///< index into RequestModel's path table
  HttpMethod method = HttpMethod::get;
  uint16_t status = 200;
  uint32_t bytes = 0;       ///< response body size
  uint32_t latency_us = 0;  ///< written as milliseconds with up to 3 decimals
};

}  // namespace ss
