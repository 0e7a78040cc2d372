// The HTTP endpoint of `--to prom-http:[HOST]:PORT`: GET /metrics answers with the
// text `render` gives, on a thread of its own (cpp-httplib, two worker threads).
// SIGINT and SIGTERM stay with the sink's thread, whose blocking reads they interrupt.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace ss {

class PromHttpServer {
 public:
  /// Listens on `host` (every address when empty) and `port`; throws ss::Error(io) when
  /// the address cannot be bound.
  PromHttpServer(const std::string& host, int port, std::function<void(std::string&)> render);
  ~PromHttpServer();  ///< stops serving and joins the thread
  PromHttpServer(const PromHttpServer&) = delete;
  PromHttpServer& operator=(const PromHttpServer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

}  // namespace ss
