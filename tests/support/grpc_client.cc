#include "tests/support/grpc_client.h"

#include "common/identity.h"

namespace siaga::testing {

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> Context(const Identity& identity,
                                             std::chrono::milliseconds deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata(kMetadataUser, identity.user);
  context->AddMetadata(kMetadataRole, identity.role);
  if (!identity.agencies.empty()) {
    context->AddMetadata(kMetadataAgencies, identity.agencies);
  }
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  return context;
}

}  // namespace siaga::testing
