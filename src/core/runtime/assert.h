// SPDX-License-Identifier: GPL-2.0
// Invariant checks that report through the kernel (a WARN with a backtrace)
// and let the caller recover, instead of a BUG that takes the host down.
#pragma once

#include <ovsdp/kernel_port.h>

// Evaluates to the condition, so callers can bail out: if (!OVSDP_CHECK(x)) return ...;
#define OVSDP_CHECK(condition)                                             \
	({                                                                 \
		const bool ovsdp_check_ok_ = static_cast<bool>(condition); \
		if (__builtin_expect(!ovsdp_check_ok_, 0))                  \
			ovsdp_kp_warn(__FILE__, __LINE__, #condition);      \
		ovsdp_check_ok_;                                           \
	})
