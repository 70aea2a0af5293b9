// siaga-token: makes bearer tokens and the hashed form the users file stores
// ([auth] users_file, docs/operations.md).
//
//   siaga-token new    a fresh random token on stdout's first line, its users-file line on
//                      the second; give the token to the user, store only the line
//   siaga-token hash   reads a token from stdin (never from argv, which `ps` shows) and
//                      prints its users-file line
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "dispatcher/auth/token_hash.h"

namespace {

int PrintLine(const std::string& token) {
  auto hashed = siaga::auth::HashToken(token);
  if (!hashed.ok()) {
    std::cerr << "siaga-token: " << hashed.status().message() << "\n";
    return 1;
  }
  std::cout << "token = \"" << *hashed << "\"\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Siaga112 bearer tokens for the dispatcher's users file", "siaga-token"};
  app.require_subcommand(1);
  auto* make = app.add_subcommand("new", "print a new random token and its users-file line");
  auto* hash = app.add_subcommand("hash", "read a token from stdin, print its users-file line");
  CLI11_PARSE(app, argc, argv);

  if (make->parsed()) {
    auto token = siaga::auth::NewToken();
    if (!token.ok()) {
      std::cerr << "siaga-token: " << token.status().message() << "\n";
      return 1;
    }
    std::cout << *token << "\n";
    return PrintLine(*token);
  }
  (void)hash;
  std::string token;
  std::getline(std::cin, token);
  if (!token.empty() && token.back() == '\r') {
    token.pop_back();
  }
  return PrintLine(token);
}
