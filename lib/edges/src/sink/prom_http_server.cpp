#include "ss/sink/prom_http_server.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>

#include <httplib.h>

#include "ss/base/error.hpp"

namespace ss {

struct PromHttpServer::Impl {
  httplib::Server server;
  std::atomic<bool> done{false};  ///< listen_after_bind() returned
};

PromHttpServer::PromHttpServer(const std::string& host, int port, std::function<void(std::string&)> render)
    : impl_(std::make_unique<Impl>()) {
  httplib::Server& server = impl_->server;
  // Two workers are plenty for a scrape every few seconds; the default is one per core.
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  server.Get("/metrics", [render = std::move(render)](const httplib::Request&, httplib::Response& response) {
    std::string body;
    render(body);
    response.set_content(std::move(body), "text/plain; version=0.0.4; charset=utf-8");
  });
  const std::string address = host.empty() ? std::string("0.0.0.0") : host;
  if (!server.bind_to_port(address, port))
    throw_io("--to prom-http: cannot listen on " + address + ":" + std::to_string(port) + ": " + std::strerror(errno));
  // The server's threads inherit this mask: stop signals go to the sink's thread.
  sigset_t stop_signals;
  sigset_t old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  thread_ = std::thread([impl = impl_.get()] {
    impl->server.listen_after_bind();
    impl->done = true;
  });
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
}

PromHttpServer::~PromHttpServer() {
  // stop() does nothing before the server runs: wait for it to start (or to have failed).
  while (!impl_->server.is_running() && !impl_->done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ss
