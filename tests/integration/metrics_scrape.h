// Scraping the dispatcher's /metrics in integration tests: a raw HTTP/1.1 exchange over a
// socket (bounded by a receive timeout), the endpoint's port from the dispatcher's log, and
// the sample lines as a map.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <sstream>
#include <string>

namespace siaga::testing {

// The whole HTTP response to `request` on 127.0.0.1:port (the server closes the connection).
inline std::string HttpExchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{10, 0};  // bounded: a hung server fails the test instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[4096];
  for (int reads = 0; reads < 10000; ++reads) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      break;
    }
    response.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return response;
}

inline int MetricsPort(const std::string& log) {
  std::smatch match;
  REQUIRE(std::regex_search(
      log, match, std::regex(R"(metrics: Prometheus text on http://127\.0\.0\.1:(\d+)/metrics)")));
  return std::stoi(match[1]);
}

// "name{labels}" -> value, for every sample line of the body.
inline std::map<std::string, double> Samples(const std::string& response) {
  std::map<std::string, double> samples;
  const auto body = response.find("\r\n\r\n");
  std::istringstream in(response.substr(body == std::string::npos ? 0 : body + 4));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

inline double Get(const std::map<std::string, double>& samples, const std::string& key) {
  const auto it = samples.find(key);
  if (it == samples.end()) {
    FAIL("no sample " << key);
  }
  return it->second;
}

inline std::string HttpGet(int port, const std::string& path) {
  return HttpExchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

}  // namespace siaga::testing
