// Thread names as the operating system shows them (top -H, perf, bench/thread-cpu).
#include <catch2/catch.hpp>

#include <pthread.h>

#include <array>
#include <string>
#include <thread>

#include "common/thread_name.h"

namespace siaga {
namespace {

std::string NameOfThisThread() {
  std::array<char, 64> name{};
  REQUIRE(pthread_getname_np(pthread_self(), name.data(), name.size()) == 0);
  return name.data();
}

TEST_CASE("a thread names itself, and a name past 15 bytes is cut there", "[unit]") {
  std::string short_name;
  std::string long_name;
  std::thread([&] {
    NameThisThread("siaga-commit");
    short_name = NameOfThisThread();
    NameThisThread("siaga-a-name-far-too-long");
    long_name = NameOfThisThread();
  }).join();
  CHECK(short_name == "siaga-commit");
  CHECK(long_name == "siaga-a-name-fa");
}

}  // namespace
}  // namespace siaga
