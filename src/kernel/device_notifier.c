// SPDX-License-Identifier: GPL-2.0
/*
 * Devices unregistered under a datapath: the notifier (under RTNL) detaches
 * a netdev port's device at once, so its unregistration can proceed, and
 * queues the port's removal and the userspace notification, which need the
 * global datapath lock and so cannot happen under RTNL.
 */
#include <linux/netdevice.h>

#include "glue.h"

static int device_event(struct notifier_block *unused, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	void *port;

	/* Also sent when a device leaves for another namespace: the port goes
	 * then too, and the device is marked through its port, not its state
	 * (by the time the work runs it may be registered again elsewhere). */
	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	port = ovsdp_netdev_detach_locked(dev);
	if (!port)
		return NOTIFY_DONE;
	ovsdp_core_port_device_gone(port);
	ovsdp_netns_schedule_reap(dev_net(dev));
	return NOTIFY_DONE;
}

static struct notifier_block device_notifier = {
	.notifier_call = device_event,
};

int ovsdp_device_notifier_register(void)
{
	return register_netdevice_notifier(&device_notifier);
}

void ovsdp_device_notifier_unregister(void)
{
	unregister_netdevice_notifier(&device_notifier);
}
