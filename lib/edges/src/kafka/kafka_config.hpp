// What the consumer and the producer share in setting up a librdkafka client.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

namespace ss::kafka {

/// Sets `name` to `value` in `conf`. When librdkafka refuses it, destroys `conf` (the
/// client is never made) and throws ss::Error(io) with librdkafka's reason.
void set_config(rd_kafka_conf_t* conf, const char* name, const std::string& value);

/// A log callback that drops librdkafka's own lines (connection attempts, retries): the
/// errors that matter reach the user through each client's error handling, in our words.
void quiet_log(const rd_kafka_t* client, int level, const char* facility, const char* text);

}  // namespace ss::kafka
