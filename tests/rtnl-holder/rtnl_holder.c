// SPDX-License-Identifier: GPL-2.0
/*
 * A test module that takes RTNL in its init and keeps it for hold_ms
 * milliseconds, as any long RTNL section on a busy host would. While it
 * holds RTNL its parameter "held" reads 1 (sysfs shows a module's
 * parameters while its init runs), so a test can tell "done while RTNL was
 * held" from "done after" without measuring time.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>

static unsigned int hold_ms = 5000;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "how long init holds RTNL");

static int held;
module_param(held, int, 0444);
MODULE_PARM_DESC(held, "1 while init holds RTNL");

static int __init rtnl_holder_init(void)
{
	rtnl_lock();
	WRITE_ONCE(held, 1);
	pr_info("rtnl_holder: holding RTNL for %u ms\n", hold_ms);
	msleep(hold_ms);
	WRITE_ONCE(held, 0);
	rtnl_unlock();
	pr_info("rtnl_holder: released RTNL\n");
	return 0;
}

static void __exit rtnl_holder_exit(void)
{
}

module_init(rtnl_holder_init);
module_exit(rtnl_holder_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ovsdp test helper: holds RTNL during init");
