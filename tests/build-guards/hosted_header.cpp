// SPDX-License-Identifier: GPL-2.0
// A hosted standard library header.
#include <cstring>

extern "C" int ovsdp_guard_probe(void);
extern "C" int ovsdp_guard_probe(void)
{
	return static_cast<int>(std::strlen("core"));
}
