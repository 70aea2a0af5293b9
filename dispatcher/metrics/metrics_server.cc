#include "dispatcher/metrics/metrics_server.h"

#include <fmt/format.h>

#include <asio.hpp>

#include "common/log.h"
#include "common/thread_name.h"
#include "dispatcher/metrics/prometheus_text.h"

namespace siaga::metrics {
namespace {

constexpr std::size_t kRequestBytesMax = 8192;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
constexpr int kConnectionsMax = 16;

std::string Response(std::string_view status, std::string_view content_type,
                     std::string_view body) {
  return fmt::format(
      "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
      status, content_type, body.size(), body);
}

// host:port with an optional [v6] host.
absl::StatusOr<std::pair<std::string, std::string>> SplitHostPort(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return absl::InvalidArgumentError(
        fmt::format("[metrics] listen '{}' is not host:port", listen));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::pair{host, listen.substr(colon + 1)};
}

}  // namespace

// Members in this order so that the handlers the io_context destroys last (connections that
// were still open at Stop) can still reach `render` and `connections`.
struct MetricsServer::State {
  Render render;
  int connections = 0;  // io thread only
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io};
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, asio::io_context& io,
             const MetricsServer::Render& render, int& connections)
      : socket_(std::move(socket)),
        timer_(io),
        buffer_(kRequestBytesMax),
        render_(render),
        connections_(connections) {
    ++connections_;
  }
  ~Connection() { --connections_; }

  void Start() {
    auto self = shared_from_this();
    timer_.expires_after(kRequestTimeout);
    timer_.async_wait([self](const std::error_code& error) {
      if (!error) {
        std::error_code ignored;
        self->socket_.close(ignored);  // a slow or silent client is cut off
      }
    });
    asio::async_read_until(
        socket_, buffer_, "\r\n\r\n",
        [self](const std::error_code& error, std::size_t) { self->OnRequest(error); });
  }

 private:
  void OnRequest(const std::error_code& error) {
    if (error) {
      Close();
      return;
    }
    std::istream in(&buffer_);
    std::string method, target;
    in >> method >> target;
    if (const auto query = target.find('?'); query != std::string::npos) {
      target.resize(query);
    }
    if (method != "GET" && method != "HEAD") {
      response_ = Response("405 Method Not Allowed", "text/plain", "GET /metrics\n");
    } else if (target == "/metrics") {
      const std::string body = render_();
      response_ = Response("200 OK", kContentType, method == "HEAD" ? "" : body);
    } else {
      response_ = Response("404 Not Found", "text/plain", "the metrics are at /metrics\n");
    }
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(response_),
                      [self](const std::error_code&, std::size_t) { self->Close(); });
  }

  void Close() {
    std::error_code ignored;
    timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  asio::streambuf buffer_;
  const MetricsServer::Render& render_;
  int& connections_;
  std::string response_;
};

void Accept(MetricsServer::State& state) {
  state.acceptor.async_accept([&state](const std::error_code& error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted || !state.acceptor.is_open()) {
      return;  // stopping
    }
    if (!error) {
      if (state.connections >= kConnectionsMax) {
        std::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Connection>(std::move(socket), state.io, state.render, state.connections)
            ->Start();
      }
    }
    Accept(state);
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen,
                                                                    Render render) {
  auto host_port = SplitHostPort(listen);
  if (!host_port.ok()) {
    return host_port.status();
  }
  auto state = std::make_unique<State>();
  state->render = std::move(render);
  std::error_code error;
  asio::ip::tcp::resolver resolver(state->io);
  const auto endpoints = resolver.resolve(host_port->first, host_port->second,
                                          asio::ip::tcp::resolver::passive, error);
  if (error || endpoints.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("[metrics] listen '{}': {}", listen, error ? error.message() : "no address"));
  }
  const asio::ip::tcp::endpoint endpoint = *endpoints.begin();
  state->acceptor.open(endpoint.protocol(), error);
  if (!error) {
    state->acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), error);
  }
  if (!error) {
    state->acceptor.bind(endpoint, error);
  }
  if (!error) {
    state->acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return absl::UnavailableError(
        fmt::format("cannot serve metrics on {}: {}", listen, error.message()));
  }
  const int port = state->acceptor.local_endpoint().port();
  std::unique_ptr<MetricsServer> server(new MetricsServer(std::move(state), port));
  Accept(*server->state_);
  server->thread_ = std::thread([s = server->state_.get()] {
    NameThisThread("siaga-metrics");
    s->io.run();
  });
  return server;
}

MetricsServer::MetricsServer(std::unique_ptr<State> state, int port)
    : state_(std::move(state)), port_(port) {}

MetricsServer::~MetricsServer() { Stop(); }

void MetricsServer::Stop() {
  if (!thread_.joinable()) {
    return;
  }
  asio::post(state_->io, [s = state_.get()] {
    std::error_code ignored;
    s->acceptor.close(ignored);
    s->io.stop();
  });
  thread_.join();
}

}  // namespace siaga::metrics
