// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry: brings the C++ core up and down, and carries the modinfo that
 * lets a genetlink request for any Open vSwitch family autoload this module
 * exactly as it autoloads the in-tree one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <linux/openvswitch.h>

#include "glue.h"

static struct genl_family *const families[] = {
	&ovsdp_datapath_family,
	&ovsdp_vport_family,
	&ovsdp_flow_family,
	&ovsdp_packet_family,
};

static void unregister_families(int count)
{
	while (count--)
		genl_unregister_family(families[count]);
}

static int __init ovsdp_module_init(void)
{
	int err, i;

	err = ovsdp_core_init();
	if (err)
		goto fail;
	err = ovsdp_internal_dev_link_register();
	if (err)
		goto fail_core;
	err = ovsdp_netns_register();
	if (err)
		goto fail_link;
	err = ovsdp_device_notifier_register();
	if (err)
		goto fail_netns;
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		err = genl_register_family(families[i]);
		if (err) {
			unregister_families(i);
			goto fail_notifier;
		}
	}
	pr_info("ovsdp %s loaded\n", OVSDP_VERSION);
	return 0;

fail_notifier:
	ovsdp_device_notifier_unregister();
fail_netns:
	ovsdp_netns_unregister();
fail_link:
	ovsdp_internal_dev_link_unregister();
fail_core:
	ovsdp_core_exit();
fail:
	pr_err("ovsdp %s: init failed: %d\n", OVSDP_VERSION, err);
	return err;
}

/* Families go first, so no request arrives while namespaces tear down their
 * datapaths; the core goes last. */
static void __exit ovsdp_module_exit(void)
{
	unregister_families(ARRAY_SIZE(families));
	ovsdp_device_notifier_unregister();
	ovsdp_netns_unregister();
	ovsdp_internal_dev_link_unregister();
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
MODULE_ALIAS_RTNL_LINK("openvswitch");
