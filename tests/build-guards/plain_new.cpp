// SPDX-License-Identifier: GPL-2.0
// A new-expression without an allocation context.
extern "C" int ovsdp_guard_probe(void);
extern "C" int ovsdp_guard_probe(void)
{
	int *value = new int(1);
	int result = *value;
	delete value;
	return result;
}
