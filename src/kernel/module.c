// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry: brings the C++ core up and down, and carries the modinfo that
 * lets a genetlink request for any Open vSwitch family autoload this module
 * exactly as it autoloads the in-tree one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/openvswitch.h>

#include <ovsdp/core.h>

static int __init ovsdp_module_init(void)
{
	int err = ovsdp_core_init();

	if (err) {
		pr_err("ovsdp %s: core init failed: %d\n", OVSDP_VERSION, err);
		return err;
	}
	pr_info("ovsdp %s loaded\n", OVSDP_VERSION);
	return 0;
}

static void __exit ovsdp_module_exit(void)
{
	ovsdp_core_exit();
	pr_info("ovsdp %s unloaded\n", OVSDP_VERSION);
}

module_init(ovsdp_module_init);
module_exit(ovsdp_module_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Open vSwitch datapath (ovsdp: flow operations off RTNL and the global lock)");
MODULE_VERSION(OVSDP_VERSION);
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_METER_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_CT_LIMIT_FAMILY);
