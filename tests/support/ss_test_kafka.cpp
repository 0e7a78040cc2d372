// ss-test-kafka: the Kafka end of the e2e tests, which have no broker to talk to.
//
//   ss-test-kafka cluster --brokers 3 --topic events:4 [--topic T:P...] [--ready-file F]
//       starts librdkafka's mock cluster (the Kafka protocol over TCP on localhost),
//       creates the topics, prints the bootstrap servers (and writes them to F), and
//       runs until SIGTERM or SIGINT.
//   ss-test-kafka topic --bootstrap B --topic T:P
//       creates a topic on a real cluster (KAFKA_BOOTSTRAP) through the admin API.
//   ss-test-kafka produce --bootstrap B --topic T [--key-field F]
//       produces each line of stdin as one message, keyed by the top-level field F of
//       the JSON line when given, with Kafka's default partitioner (murmur2).
//   ss-test-kafka consume --bootstrap B --topic T --until-end [--headers]
//       prints every message up to the high-water marks seen at start, one line each:
//       partition, offset, key and value separated by tabs (then the headers).
//
// Exit status: 0 done, 1 a Kafka error, 2 a usage error.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr, "ss-test-kafka: %s\n", why.c_str());
  std::fprintf(stderr,
               "usage: ss-test-kafka cluster --brokers N --topic T:P... [--ready-file F]\n"
               "       ss-test-kafka topic --bootstrap B --topic T:P\n"
               "       ss-test-kafka produce --bootstrap B --topic T [--key-field F]\n"
               "       ss-test-kafka consume --bootstrap B --topic T --until-end [--headers]\n");
  std::exit(2);
}

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "ss-test-kafka: %s\n", why.c_str());
  std::exit(1);
}

struct Args {
  int brokers = 3;
  std::vector<std::pair<std::string, int>> topics;  // name, partitions
  std::string ready_file;
  std::string bootstrap;
  std::string topic;
  std::string key_field;
  bool until_end = false;
  bool headers = false;
};

std::pair<std::string, int> topic_spec(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) usage("--topic: expected NAME:PARTITIONS, got " + text);
  const int n = std::atoi(text.c_str() + colon + 1);
  if (n <= 0) usage("--topic: expected a positive partition count, got " + text);
  return {text.substr(0, colon), n};
}

Args parse_args(int argc, char** argv, const std::string& command) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(flag + ": expected a value");
      return argv[++i];
    };
    if (flag == "--brokers") a.brokers = std::atoi(value().c_str());
    else if (flag == "--topic" && (command == "cluster" || command == "topic")) a.topics.push_back(topic_spec(value()));
    else if (flag == "--topic") a.topic = value();
    else if (flag == "--ready-file") a.ready_file = value();
    else if (flag == "--bootstrap") a.bootstrap = value();
    else if (flag == "--key-field") a.key_field = value();
    else if (flag == "--until-end") a.until_end = true;
    else if (flag == "--headers") a.headers = true;
    else usage("unknown flag " + flag);
  }
  return a;
}

rd_kafka_conf_t* make_conf(const std::map<std::string, std::string>& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [name, value] : settings)
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      fail(name + ": " + err);
  return conf;
}

int run_cluster(const Args& a) {
  if (a.brokers <= 0) usage("--brokers: expected a positive number");
  if (a.topics.empty()) usage("cluster: expected --topic NAME:PARTITIONS");
  char err[512];
  // The handle only hosts the cluster: it connects nowhere, and need not say so.
  rd_kafka_conf_t* conf = make_conf({});
  rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) fail(err);
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, a.brokers);
  if (cluster == nullptr) fail("could not start the mock cluster");
  for (const auto& [name, partitions] : a.topics)
    if (const rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster, name.c_str(), partitions, 1))
      fail(name + ": " + rd_kafka_err2str(e));
  const std::string bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::printf("%s\n", bootstrap.c_str());
  std::fflush(stdout);
  if (!a.ready_file.empty()) {
    // Written whole, then renamed: a reader never sees half the address.
    const std::string temp = a.ready_file + ".tmp";
    FILE* f = std::fopen(temp.c_str(), "w");
    if (f == nullptr || std::fprintf(f, "%s\n", bootstrap.c_str()) < 0 || std::fclose(f) != 0 ||
        std::rename(temp.c_str(), a.ready_file.c_str()) != 0)
      fail(a.ready_file + ": " + std::strerror(errno));
  }
  while (g_stop == 0) ::pause();
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}

int run_topic(const Args& a) {
  if (a.bootstrap.empty() || a.topics.size() != 1) usage("topic: expected --bootstrap and one --topic NAME:PARTITIONS");
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, make_conf({{"bootstrap.servers", a.bootstrap}}), err, sizeof err);
  if (rk == nullptr) fail(err);
  rd_kafka_NewTopic_t* topic =
      rd_kafka_NewTopic_new(a.topics[0].first.c_str(), a.topics[0].second, -1, err, sizeof err);
  if (topic == nullptr) fail(err);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &topic, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  if (event == nullptr) fail("no answer from the cluster within 30 s");
  const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event);
  size_t n = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &n);
  for (size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
      fail(a.topics[0].first + ": " + rd_kafka_err2str(e));
  }
  rd_kafka_event_destroy(event);
  rd_kafka_NewTopic_destroy(topic);
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(rk);
  return 0;
}

/// The text of the top-level member `field` of the JSON object `line` (a string's
/// content without escapes undone, or a scalar's text); empty when absent. A test
/// helper's scan, enough for the generated lines the tests produce.
std::string key_of(const std::string& line, const std::string& field) {
  const std::string needle = "\"" + field + "\":";
  const size_t at = line.find(needle);
  if (at == std::string::npos) return std::string();
  size_t p = at + needle.size();
  while (p < line.size() && line[p] == ' ') ++p;
  if (p < line.size() && line[p] == '"') {
    const size_t end = line.find('"', p + 1);
    return end == std::string::npos ? std::string() : line.substr(p + 1, end - p - 1);
  }
  const size_t end = line.find_first_of(",}", p);
  return line.substr(p, end == std::string::npos ? std::string::npos : end - p);
}

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) fail(std::string("delivery failed: ") + rd_kafka_err2str(m->err));
}

int run_produce(const Args& a) {
  if (a.bootstrap.empty() || a.topic.empty()) usage("produce: expected --bootstrap and --topic");
  rd_kafka_conf_t* conf = make_conf({{"bootstrap.servers", a.bootstrap},
                                     {"partitioner", "murmur2_random"},
                                     {"enable.idempotence", "true"},
                                     {"linger.ms", "5"}});
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) fail(err);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    const std::string key = a.key_field.empty() ? std::string() : key_of(line, a.key_field);
    for (;;) {
      const rd_kafka_resp_err_t e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(a.topic.c_str()),
                                                      RD_KAFKA_V_VALUE(const_cast<char*>(line.data()), line.size()),
                                                      RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
                                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 50);
        continue;
      }
      if (e) fail(a.topic + ": " + rd_kafka_err2str(e));
      break;
    }
    rd_kafka_poll(rk, 0);
  }
  if (const rd_kafka_resp_err_t e = rd_kafka_flush(rk, 60000)) fail(std::string("flush: ") + rd_kafka_err2str(e));
  rd_kafka_destroy(rk);
  return 0;
}

int run_consume(const Args& a) {
  if (a.bootstrap.empty() || a.topic.empty() || !a.until_end)
    usage("consume: expected --bootstrap, --topic and --until-end");
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER,
                                make_conf({{"bootstrap.servers", a.bootstrap},
                                           {"group.id", "ss-test-kafka"},
                                           {"enable.auto.commit", "false"},
                                           {"enable.auto.offset.store", "false"},
                                           {"enable.partition.eof", "true"},
                                           {"isolation.level", "read_committed"}}),
                                err, sizeof err);
  if (rk == nullptr) fail(err);
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, a.topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  if (const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10000))
    fail(a.topic + ": metadata: " + rd_kafka_err2str(e));
  if (md->topic_cnt != 1 || md->topics[0].err) fail(a.topic + ": no such topic");
  const int partitions = md->topics[0].partition_cnt;
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  std::map<int, int64_t> ends;
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    if (const rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, a.topic.c_str(), p, &low, &high, 10000))
      fail(a.topic + ": watermarks: " + rd_kafka_err2str(e));
    if (high > low) ends[p] = high;
    rd_kafka_topic_partition_list_add(list, a.topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  if (const rd_kafka_resp_err_t e = rd_kafka_assign(rk, list)) fail(std::string("assign: ") + rd_kafka_err2str(e));
  rd_kafka_topic_partition_list_destroy(list);
  while (!ends.empty()) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 10000);
    if (m == nullptr) fail("no message within 10 s before the end");
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) fail(std::string("consume: ") + rd_kafka_message_errstr(m));
      // Under read_committed the last offsets may be transaction markers, never handed out.
      const auto end = ends.find(m->partition);
      if (end != ends.end() && m->offset >= end->second) ends.erase(end);
      rd_kafka_message_destroy(m);
      continue;
    }
    const auto end = ends.find(m->partition);
    if (end != ends.end() && m->offset < end->second) {
      std::string out = std::to_string(m->partition) + "\t" + std::to_string(m->offset) + "\t" +
                        std::string(static_cast<const char*>(m->key), m->key_len) + "\t" +
                        std::string(static_cast<const char*>(m->payload), m->len);
      rd_kafka_headers_t* headers = nullptr;
      if (a.headers && rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
          out += std::string("\t") + name + "=" + std::string(static_cast<const char*>(value), size);
      }
      std::printf("%s\n", out.c_str());
      if (m->offset + 1 >= end->second) ends.erase(end);
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage("expected a command");
  const std::string command = argv[1];
  const Args a = parse_args(argc, argv, command);
  if (command == "cluster") return run_cluster(a);
  if (command == "topic") return run_topic(a);
  if (command == "produce") return run_produce(a);
  if (command == "consume") return run_consume(a);
  usage("unknown command " + command);
}
