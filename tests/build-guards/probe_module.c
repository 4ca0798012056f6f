// SPDX-License-Identifier: GPL-2.0
/* Module shell for a build-guard probe: calls the probe so it is linked. */
#include <linux/module.h>

int ovsdp_guard_probe(void);

static int __init guard_init(void)
{
	return ovsdp_guard_probe() ? 0 : -EINVAL;
}
module_init(guard_init);

MODULE_LICENSE("GPL");
