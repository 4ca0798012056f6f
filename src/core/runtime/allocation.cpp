// SPDX-License-Identifier: GPL-2.0
// The context-taking operator new family, over the kernel port's allocator.
// Their memory is released by the ordinary delete operators (see
// cxx_abi_kernel.cpp in the kernel; the C++ library's on the host, where the
// port allocates through it).
#include "runtime/new.h"

namespace {

constexpr ovsdp::size_t default_alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

void *allocate(ovsdp::size_t size, ovsdp::size_t align, ovsdp::AllocContext context) noexcept
{
	return ovsdp_kp_alloc(size ? size : 1, align,
			      static_cast<enum ovsdp_alloc_context>(context));
}

}  // namespace

void *operator new(__SIZE_TYPE__ size, ovsdp::AllocContext context) noexcept
{
	return allocate(size, default_alignment, context);
}

void *operator new(__SIZE_TYPE__ size, std::align_val_t align, ovsdp::AllocContext context) noexcept
{
	return allocate(size, static_cast<ovsdp::size_t>(align), context);
}

void operator delete(void *ptr, ovsdp::AllocContext) noexcept { ovsdp_kp_free(ptr); }
void operator delete(void *ptr, std::align_val_t, ovsdp::AllocContext) noexcept { ovsdp_kp_free(ptr); }
