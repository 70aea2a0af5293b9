// SIAGA_ASSERT: an always-on check for programmer errors (broken invariants), never for input.
// It prints the condition with file and line and aborts, in every build type: a dispatcher with
// a corrupt projection must stop loudly rather than route calls wrongly.
#pragma once

#include <cstdio>
#include <cstdlib>

#define SIAGA_ASSERT(cond)                                                              \
  do {                                                                                  \
    if (!(cond)) [[unlikely]] {                                                         \
      std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
