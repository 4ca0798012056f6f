// SPDX-License-Identifier: GPL-2.0
// Allocation for the core. Every allocating new-expression names its context:
//   new (ovsdp::may_sleep) T(...)   or   new (ovsdp::atomic) T(...)
// Plain `new T` has no definition in the kernel build (it would hide a
// GFP_KERNEL), so using it fails at link time. These operators are noexcept
// and return nullptr on failure; the compiler then skips the constructor.
// There is no array form: arrays sized by input want an explicit overflow
// check and a kvmalloc-style fallback, which a container will provide.
#pragma once

#include <ovsdp/kernel_port.h>
#include "runtime/types.h"

#if __has_include(<new>)
#include <new>
#else
namespace std {
enum class align_val_t : __SIZE_TYPE__ {};
}  // namespace std
inline void *operator new(__SIZE_TYPE__, void *where) noexcept { return where; }
inline void *operator new[](__SIZE_TYPE__, void *where) noexcept { return where; }
inline void operator delete(void *, void *) noexcept {}
inline void operator delete[](void *, void *) noexcept {}
#endif

namespace ovsdp {

enum class AllocContext {
	may_sleep = OVSDP_ALLOC_MAY_SLEEP,
	atomic = OVSDP_ALLOC_ATOMIC,
};

// Process context, no spinlock, no RCU read section held.
inline constexpr AllocContext may_sleep = AllocContext::may_sleep;
// Any context, including RCU read sections and softirq.
inline constexpr AllocContext atomic = AllocContext::atomic;

}  // namespace ovsdp

void *operator new(__SIZE_TYPE__ size, ovsdp::AllocContext context) noexcept;
void *operator new(__SIZE_TYPE__ size, std::align_val_t align, ovsdp::AllocContext context) noexcept;
// Called only if a constructor could throw, which -fno-exceptions rules out;
// declared so the new-expressions above are well formed.
void operator delete(void *ptr, ovsdp::AllocContext context) noexcept;
void operator delete(void *ptr, std::align_val_t align, ovsdp::AllocContext context) noexcept;
