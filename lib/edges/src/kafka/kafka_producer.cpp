#include "ss/kafka/kafka_producer.hpp"

#include <librdkafka/rdkafka.h>

#include <fmt/format.h>

#include "kafka_config.hpp"
#include "ss/base/error.hpp"

namespace ss {

namespace {

/// How long a commit or a flush may wait for the cluster.
constexpr int kProducerTimeoutMs = 60'000;
/// How long the first contact may take: a cluster that does not answer at all is said
/// before any input is read, as ss-ingest --from says it, not after a batch's retries.
constexpr int kConnectTimeoutMs = 10'000;

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* failure = static_cast<std::string*>(opaque);
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR && failure->empty()) *failure = rd_kafka_err2str(message->err);
}

std::string take_error(rd_kafka_error_t* error) {
  std::string text = rd_kafka_error_string(error);
  rd_kafka_error_destroy(error);
  return text;
}

}  // namespace

KafkaProducer::KafkaProducer(const KafkaUri& uri, const std::string& transactional_id)
    : uri_(uri), transactional_(!transactional_id.empty()) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  kafka::set_config(conf, "bootstrap.servers", uri_.bootstrap);
  kafka::set_config(conf, "client.id", "ss-sink");
  kafka::set_config(conf, "enable.idempotence", "true");
  kafka::set_config(conf, "acks", "all");
  // Kafka's Java default for keyed messages: murmur2, as --shard hashes keys.
  kafka::set_config(conf, "partitioner", "murmur2_random");
  kafka::set_config(conf, "linger.ms", "5");
  if (transactional_) {
    kafka::set_config(conf, "transactional.id", transactional_id);
    kafka::set_config(conf, "transaction.timeout.ms", "60000");
  }
  rd_kafka_conf_set_log_cb(conf, kafka::quiet_log);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &failure_);
  char err[512];
  client_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (client_ == nullptr) throw_io(fmt::format("{}: {}", uri_.text, err));
}

KafkaProducer::~KafkaProducer() {
  abort();
  rd_kafka_destroy(client_);
}

void KafkaProducer::start() {
  // `struct`: the type has the name of the function that fills it.
  const struct rd_kafka_metadata* metadata = nullptr;
  const rd_kafka_resp_err_t status = rd_kafka_metadata(client_, 0, nullptr, &metadata, kConnectTimeoutMs);
  if (status != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw_io(fmt::format("{}: no broker answered within {} s: {}", uri_.text, kConnectTimeoutMs / 1000,
                         rd_kafka_err2str(status)));
  rd_kafka_metadata_destroy(metadata);
  if (!transactional_) return;
  if (rd_kafka_error_t* e = rd_kafka_init_transactions(client_, kProducerTimeoutMs))
    throw_io(fmt::format("{}: starting transactions: {}", uri_.text, take_error(e)));
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(client_))
    throw_io(fmt::format("{}: beginning a transaction: {}", uri_.text, take_error(e)));
  in_transaction_ = true;
}

void KafkaProducer::send(std::string_view key, std::string_view value, const char* id_name, std::string_view id) {
  for (;;) {
    const rd_kafka_resp_err_t e = rd_kafka_producev(
        client_, RD_KAFKA_V_TOPIC(uri_.topic.c_str()), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
        RD_KAFKA_V_HEADER(id_name, id.data(), static_cast<ssize_t>(id.size())),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(client_, 10);
      continue;
    }
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) throw_io(fmt::format("{}: {}", uri_.text, rd_kafka_err2str(e)));
    break;
  }
  rd_kafka_poll(client_, 0);
  check_failure();
}

void KafkaProducer::serve() {
  rd_kafka_poll(client_, 0);
  check_failure();
}

void KafkaProducer::check_failure() {
  if (!failure_.empty()) throw_io(fmt::format("{}: a message was not delivered: {}", uri_.text, failure_));
}

void KafkaProducer::flush() {
  const rd_kafka_resp_err_t e = rd_kafka_flush(client_, kProducerTimeoutMs);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw_io(fmt::format("{}: messages not acknowledged within {} s: {}", uri_.text, kProducerTimeoutMs / 1000,
                         rd_kafka_err2str(e)));
  check_failure();
}

void KafkaProducer::commit() {
  flush();
  if (!transactional_) return;
  if (rd_kafka_error_t* e = rd_kafka_commit_transaction(client_, kProducerTimeoutMs))
    throw_io(fmt::format("{}: committing the transaction: {}", uri_.text, take_error(e)));
  in_transaction_ = false;
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(client_))
    throw_io(fmt::format("{}: beginning a transaction: {}", uri_.text, take_error(e)));
  in_transaction_ = true;
}

void KafkaProducer::abort() noexcept {
  if (!transactional_ || !in_transaction_) return;
  if (rd_kafka_error_t* e = rd_kafka_abort_transaction(client_, kProducerTimeoutMs)) rd_kafka_error_destroy(e);
  in_transaction_ = false;
}

int KafkaProducer::in_flight() const { return rd_kafka_outq_len(client_); }

}  // namespace ss
