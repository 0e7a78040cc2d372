#include "ss/kafka/kafka_consumer.hpp"

#include <librdkafka/rdkafka.h>

#include <fmt/format.h>

#include "kafka_config.hpp"
#include "ss/base/error.hpp"

namespace ss {

namespace {

void remember_error(rd_kafka_t*, int, const char* reason, void* opaque) { *static_cast<std::string*>(opaque) = reason; }

}  // namespace

KafkaConsumer::KafkaConsumer(const KafkaUri& uri, std::string_view client_id) : uri_(uri) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  kafka::set_config(conf, "bootstrap.servers", uri_.bootstrap);
  kafka::set_config(conf, "client.id", std::string(client_id));
  // A group id only because librdkafka's consumer wants one: partitions are assigned,
  // never subscribed, so no group is joined, and no offset is committed or stored.
  kafka::set_config(conf, "group.id", std::string(client_id));
  kafka::set_config(conf, "enable.auto.commit", "false");
  kafka::set_config(conf, "enable.auto.offset.store", "false");
  kafka::set_config(conf, "enable.partition.eof", "true");
  kafka::set_config(conf, "auto.offset.reset", "earliest");
  // Only what a transaction committed: a producer's aborted writes are never events.
  kafka::set_config(conf, "isolation.level", "read_committed");
  rd_kafka_conf_set_log_cb(conf, kafka::quiet_log);
  rd_kafka_conf_set_error_cb(conf, remember_error);
  rd_kafka_conf_set_opaque(conf, &last_error_);
  char err[512];
  client_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (client_ == nullptr) throw_io(fmt::format("{}: {}", uri_.text, err));
}

KafkaConsumer::~KafkaConsumer() {
  release();
  if (client_ != nullptr) {
    rd_kafka_consumer_close(client_);
    rd_kafka_destroy(client_);
  }
}

void KafkaConsumer::release() {
  if (message_ != nullptr) rd_kafka_message_destroy(message_);
  message_ = nullptr;
}

int32_t KafkaConsumer::partition_count(int timeout_ms) {
  rd_kafka_topic_t* topic = rd_kafka_topic_new(client_, uri_.topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(client_, 0, topic, &md, timeout_ms);
  rd_kafka_topic_destroy(topic);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw_io(fmt::format("{}: no broker answered within {} s ({}{})", uri_.text, timeout_ms / 1000, rd_kafka_err2str(e),
                         last_error_.empty() ? "" : "; " + last_error_));
  const rd_kafka_resp_err_t topic_error = md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
  const int32_t count = md->topic_cnt == 1 ? md->topics[0].partition_cnt : 0;
  rd_kafka_metadata_destroy(md);
  if (topic_error != RD_KAFKA_RESP_ERR_NO_ERROR || count == 0)
    throw_io(fmt::format("{}: topic {}: {}", uri_.text, uri_.topic,
                         topic_error != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(topic_error) : "no partitions"));
  return count;
}

int64_t KafkaConsumer::high_watermark(int32_t partition, int timeout_ms) {
  int64_t low = 0, high = 0;
  const rd_kafka_resp_err_t e =
      rd_kafka_query_watermark_offsets(client_, uri_.topic.c_str(), partition, &low, &high, timeout_ms);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw_io(fmt::format("{}: partition {}: the end offset: {}", uri_.text, partition, rd_kafka_err2str(e)));
  return high;
}

void KafkaConsumer::assign(const std::vector<std::pair<int32_t, int64_t>>& starts) {
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(starts.size()));
  for (const auto& [partition, offset] : starts)
    rd_kafka_topic_partition_list_add(list, uri_.topic.c_str(), partition)->offset = offset;
  const rd_kafka_resp_err_t e = rd_kafka_assign(client_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw_io(fmt::format("{}: assigning partitions: {}", uri_.text, rd_kafka_err2str(e)));
}

KafkaPoll KafkaConsumer::poll(int timeout_ms) {
  release();
  message_ = rd_kafka_consumer_poll(client_, timeout_ms);
  if (message_ == nullptr) return KafkaPoll::nothing;
  if (message_->err == RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaPoll::message;
  if (message_->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return KafkaPoll::partition_end;
  const std::string reason = rd_kafka_message_errstr(message_);
  const int32_t partition = message_->partition;
  release();
  throw_io(fmt::format("{}: partition {}: {}", uri_.text, partition, reason));
}

int32_t KafkaConsumer::partition() const { return message_->partition; }
int64_t KafkaConsumer::offset() const { return message_->offset; }
std::string_view KafkaConsumer::value() const {
  return message_->payload == nullptr ? std::string_view()
                                      : std::string_view(static_cast<const char*>(message_->payload), message_->len);
}
int64_t KafkaConsumer::timestamp_ms() const {
  rd_kafka_timestamp_type_t type;
  return rd_kafka_message_timestamp(message_, &type);
}

}  // namespace ss
