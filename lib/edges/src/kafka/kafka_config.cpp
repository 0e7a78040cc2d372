#include "kafka_config.hpp"

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss::kafka {

void set_config(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, name, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw_io(fmt::format("kafka: {}: {}", name, err));
  }
}

void quiet_log(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace ss::kafka
