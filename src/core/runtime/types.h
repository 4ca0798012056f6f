// SPDX-License-Identifier: GPL-2.0
// Fixed-width integer names for the core, from the compiler itself: the core
// is freestanding and may include neither libc nor kernel headers.
#pragma once

namespace ovsdp {

using size_t = __SIZE_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;

}  // namespace ovsdp
