// SPDX-License-Identifier: GPL-2.0
// A call into the hosted C library, declared by hand to get past -nostdinc.
extern "C" int printf(const char *format, ...);

extern "C" int ovsdp_guard_probe(void);
extern "C" int ovsdp_guard_probe(void)
{
	return printf("hello from the core\n");
}
