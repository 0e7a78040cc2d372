#include "ss/gen/request_model.hpp"

#include <algorithm>
#include <cmath>

#include "ss/base/error.hpp"

namespace ss {

namespace {

constexpr double kPathZipf = 1.0;
constexpr double kSlowShare = 0.01;  ///< requests that hit the Pareto tail
constexpr double kSlowTailIndex = 1.2;
constexpr double kMaxLatencyMs = 120'000;  ///< a proxy's timeout ends every request
constexpr double kTimeoutMs = 30'000;      ///< an upstream timeout, as some 500s are
constexpr double kTimeoutShare = 0.1;

struct NamedPath {
  const char* text;
  PathKind kind;
  uint32_t size;
};

// The most popular paths, most popular first; item and order pages follow them.
constexpr NamedPath kNamedPaths[] = {
    {"/", PathKind::page, 0},
    {"/static/app.js", PathKind::static_file, 183412},
    {"/static/app.css", PathKind::static_file, 48211},
    {"/api/items", PathKind::api, 0},
    {"/favicon.ico", PathKind::static_file, 15086},
    {"/api/cart", PathKind::api, 0},
    {"/static/logo.png", PathKind::static_file, 9873},
    {"/api/search?q=shoes", PathKind::api, 0},
    {"/account", PathKind::page, 0},
    {"/api/recommendations", PathKind::api, 0},
    {"/login", PathKind::login, 0},
    {"/static/vendor.js", PathKind::static_file, 412388},
    {"/api/users/me", PathKind::api, 0},
    {"/checkout", PathKind::page, 0},
    {"/api/orders", PathKind::api, 0},
    {"/static/fonts/inter.woff2", PathKind::static_file, 98340},
    {"/help", PathKind::page, 0},
    {"/logout", PathKind::logout, 0},
    {"/robots.txt", PathKind::static_file, 68},
    {"/api/search?q=lamp", PathKind::api, 0},
    {"/about", PathKind::page, 0},
    {"/api/notifications", PathKind::api, 0},
    {"/static/hero.jpg", PathKind::static_file, 245760},
    {"/api/search?q=desk", PathKind::api, 0},
    {"/sitemap.xml", PathKind::static_file, 4521},
    {"/cart", PathKind::page, 0},
    {"/terms", PathKind::page, 0},
    {"/api/search?q=chair", PathKind::api, 0},
    {"/privacy", PathKind::page, 0},
    {"/api/checkout", PathKind::api, 0},
};
constexpr int kItemPaths = 150;
constexpr int kOrderPaths = 20;
constexpr int kFirstOrder = 1001;

uint32_t to_latency_us(double ms) noexcept {
  ms = std::min(ms, kMaxLatencyMs);
  const double us = std::floor(ms * 1000 + 0.5);
  return us < 1 ? 1 : static_cast<uint32_t>(us);
}

uint32_t to_bytes(double b) noexcept {
  const double rounded = std::floor(b + 0.5);
  return rounded < 1 ? 1 : rounded > 4e9 ? 4'000'000'000U : static_cast<uint32_t>(rounded);
}

/// Typical latency of the kind with a rare slow outlier on top.
uint32_t latency(Rng& rng, double median_ms, double sigma) noexcept {
  double ms = rng.log_normal(median_ms, sigma);
  if (rng.chance(kSlowShare)) ms *= rng.pareto(kSlowTailIndex);
  return to_latency_us(ms);
}

HttpMethod get_or_head(Rng& rng) noexcept { return rng.chance(0.01) ? HttpMethod::head : HttpMethod::get; }

}  // namespace

RequestModel::RequestModel() : popularity_(std::size(kNamedPaths) + kItemPaths + kOrderPaths, kPathZipf) {
  for (const auto& p : kNamedPaths) paths_.push_back({p.text, p.kind, p.size});
  for (int i = 1; i <= kItemPaths; ++i) paths_.push_back({"/api/items/" + std::to_string(i), PathKind::api, 0});
  for (int i = 0; i < kOrderPaths; ++i)
    paths_.push_back({"/api/orders/" + std::to_string(kFirstOrder + i), PathKind::api, 0});
  SS_ASSERT(paths_.size() == popularity_.size());
  for (size_t i = 0; i < paths_.size(); ++i) {
    if (paths_[i].text == "/") home_ = static_cast<uint16_t>(i);
    if (paths_[i].kind == PathKind::login) login_ = static_cast<uint16_t>(i);
    if (paths_[i].kind == PathKind::logout) logout_ = static_cast<uint16_t>(i);
  }
}

void RequestModel::fill(Rng& rng, SessionPosition position, GenEvent& event) const noexcept {
  // Sessions open at the front door more often than the path popularity says.
  if (position == SessionPosition::first && rng.chance(0.5)) {
    event.path = rng.chance(0.6) ? login_ : home_;
  } else if (position == SessionPosition::last && rng.chance(0.2)) {
    event.path = logout_;
  } else {
    event.path = static_cast<uint16_t>(popularity_.sample(rng));
  }
  const Path& path = paths_[event.path];
  switch (path.kind) {
    case PathKind::page: fill_page(rng, event); break;
    case PathKind::static_file: fill_static(rng, path, event); break;
    case PathKind::api: fill_api(rng, event); break;
    case PathKind::login: fill_login(rng, event); break;
    case PathKind::logout:
      event.method = HttpMethod::get;
      event.status = 302;
      event.bytes = 138;
      event.latency_us = latency(rng, 6, 0.4);
      break;
  }
}

void RequestModel::fill_page(Rng& rng, GenEvent& event) const noexcept {
  event.method = get_or_head(rng);
  const double roll = rng.uniform();
  if (roll < 0.01) {
    event.status = 404;
    event.bytes = 1240;
    event.latency_us = latency(rng, 4, 0.5);
  } else if (roll < 0.013) {
    event.status = 500;
    event.bytes = 612;
    event.latency_us =
        rng.chance(kTimeoutShare) ? to_latency_us(kTimeoutMs + rng.exponential(40)) : latency(rng, 60, 0.8);
  } else {
    event.status = 200;
    event.bytes = to_bytes(rng.log_normal(14000, 0.35));
    event.latency_us = latency(rng, 28, 0.5);
  }
}

void RequestModel::fill_static(Rng& rng, const Path& path, GenEvent& event) const noexcept {
  event.method = get_or_head(rng);
  const double roll = rng.uniform();
  if (roll < 0.004) {
    event.status = 404;
    event.bytes = 153;
  } else if (roll < 0.4) {
    // Browsers revalidate cached assets.
    event.status = 304;
    event.bytes = 0;
  } else {
    event.status = 200;
    event.bytes = path.size;
  }
  event.latency_us = latency(rng, 0.6, 0.7);
}

void RequestModel::fill_api(Rng& rng, GenEvent& event) const noexcept {
  const double m = rng.uniform();
  event.method = m < 0.8 ? HttpMethod::get : m < 0.92 ? HttpMethod::post : m < 0.97 ? HttpMethod::put : HttpMethod::del;
  const double roll = rng.uniform();
  if (roll < 0.012) {
    event.status = 500;
    event.bytes = 91;
    event.latency_us =
        rng.chance(kTimeoutShare) ? to_latency_us(kTimeoutMs + rng.exponential(40)) : latency(rng, 80, 0.9);
    return;
  }
  if (roll < 0.04) {
    event.status = 404;
    event.bytes = 57;
    event.latency_us = latency(rng, 5, 0.5);
    return;
  }
  switch (event.method) {
    case HttpMethod::del:
      event.status = 204;
      event.bytes = 0;
      break;
    case HttpMethod::post:
    case HttpMethod::put:
      event.status = 200;
      event.bytes = to_bytes(rng.log_normal(320, 0.5));
      break;
    default:
      event.status = 200;
      event.bytes = to_bytes(rng.log_normal(1800, 0.9));
      break;
  }
  event.latency_us = latency(rng, 45, 0.8);
}

void RequestModel::fill_login(Rng& rng, GenEvent& event) const noexcept {
  if (rng.chance(0.3)) {
    event.method = HttpMethod::get;
    event.status = 200;
    event.bytes = to_bytes(rng.log_normal(6200, 0.05));
    event.latency_us = latency(rng, 18, 0.4);
    return;
  }
  // Password hashing makes a login slow and steady; one in ten is a wrong password.
  event.method = HttpMethod::post;
  if (rng.chance(0.1)) {
    event.status = 401;
    event.bytes = 64;
  } else {
    event.status = 302;
    event.bytes = 138;
  }
  event.latency_us = latency(rng, 180, 0.25);
}

}  // namespace ss
