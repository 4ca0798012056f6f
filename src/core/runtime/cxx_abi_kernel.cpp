// SPDX-License-Identifier: GPL-2.0
// What g++ expects from a C++ runtime, in the kernel build only (on the host
// the C++ library provides it). Every delete form frees through the port: the
// port's allocator already honours alignment, so no form needs to undo it.
// There is deliberately no plain `operator new(size_t)` here.
#include "runtime/new.h"

void operator delete(void *ptr) noexcept { ovsdp_kp_free(ptr); }
void operator delete(void *ptr, __SIZE_TYPE__) noexcept { ovsdp_kp_free(ptr); }
void operator delete(void *ptr, std::align_val_t) noexcept { ovsdp_kp_free(ptr); }
void operator delete(void *ptr, __SIZE_TYPE__, std::align_val_t) noexcept { ovsdp_kp_free(ptr); }

extern "C" {

void __cxa_pure_virtual();
void __cxa_deleted_virtual();

// A pure virtual called through a vtable under construction or destruction:
// a bug in the core, reported and survived rather than a silent jump.
void __cxa_pure_virtual() { ovsdp_kp_warn(__FILE__, __LINE__, "pure virtual function called"); }
void __cxa_deleted_virtual() { ovsdp_kp_warn(__FILE__, __LINE__, "deleted virtual function called"); }

}
