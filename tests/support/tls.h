// TLS for integration tests: certificates made by the real deploy/make-certs (so the script is
// tested too) into a test's temp dir, and gRPC channels that present them.
// Header-only; needs SIAGA_MAKE_CERTS (the script's path) defined by the test target.
// Thread-safety: MakeCerts runs a subprocess; call it from the test thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace siaga::testing {

class CertSet {
 public:
  // Runs deploy/make-certs DIR --client USER... ; throws if it fails.
  CertSet(std::string dir, const std::vector<std::string>& clients) : dir_(std::move(dir)) {
    std::string command = std::string("'") + SIAGA_MAKE_CERTS + "' '" + dir_ + "'";
    for (const auto& client : clients) {
      command += " --client '" + client + "'";
    }
    command += " 2>'" + dir_ + ".log'";
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("deploy/make-certs failed: " + command);
    }
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string Pem(const std::string& name) const {
    std::ifstream in(Path(name));
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().empty()) {
      throw std::runtime_error("missing " + Path(name));
    }
    return text.str();
  }

 private:
  std::string dir_;
};

// A TLS channel of its own (local subchannel pool) trusting `ca_pem`; with a client
// certificate when cert_pem and key_pem are given.
inline std::shared_ptr<grpc::Channel> ConnectTls(const std::string& address,
                                                 const std::string& ca_pem,
                                                 const std::string& cert_pem = "",
                                                 const std::string& key_pem = "") {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ca_pem;
  ssl.pem_cert_chain = cert_pem;
  ssl.pem_private_key = key_pem;
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), args);
}

}  // namespace siaga::testing
