/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel tree's raw UAPI headers include <linux/compiler_types.h>, which
 * headers_install strips from the exported copies. The C++ core reads the raw
 * headers of its target kernel (so it sees that kernel's exact Open vSwitch
 * UAPI) without the kernel's include path, so it gets this stand-in: the
 * annotations UAPI headers may use, as they read in userspace.
 */
#ifndef OVSDP_UAPI_SHIM_COMPILER_TYPES_H
#define OVSDP_UAPI_SHIM_COMPILER_TYPES_H
#define __user
#define __force
#define __iomem
#endif
