#include "common/thread_name.h"

#include <pthread.h>

#include <algorithm>
#include <array>

namespace siaga {

void NameThisThread(std::string_view name) {
  std::array<char, 16> cut{};  // 15 bytes and the terminating zero
  std::copy_n(name.begin(), std::min(name.size(), cut.size() - 1), cut.begin());
  pthread_setname_np(pthread_self(), cut.data());  // only a label: failure changes nothing
}

}  // namespace siaga
