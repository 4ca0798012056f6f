// SPDX-License-Identifier: GPL-2.0
/*
 * netdev vports: an existing Ethernet device attached to a datapath as an
 * rx_handler, linked under the datapath's internal device as its master.
 * Until the fast path lands, frames it receives are consumed and dropped, as
 * the in-tree module drops misses no one listens for.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include <ovsdp/kernel_port.h>

#include "glue.h"

static rx_handler_result_t netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

bool ovsdp_is_netdev_vport(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == netdev_frame_hook;
}

void *ovsdp_kp_netdev_attach(void *netns, const char *name, void *dp_device, void *port, int *err)
{
	struct net_device *dev = dev_get_by_name(netns, name);

	if (!dev) {
		*err = -ENODEV;
		return NULL;
	}
	if (dev->flags & IFF_LOOPBACK ||
	    (dev->type != ARPHRD_ETHER && dev->type != ARPHRD_NONE) ||
	    ovsdp_is_internal_dev(dev)) {
		*err = -EINVAL;
		goto put;
	}
	rtnl_lock();
	/* Unregistered or moved away between the lookup and RTNL: its
	 * notifier ran before the port existed, and would not run again. */
	if (dev->reg_state != NETREG_REGISTERED || !net_eq(dev_net(dev), netns)) {
		*err = -ENODEV;
		goto unlock;
	}
	*err = netdev_master_upper_dev_link(dev, dp_device, NULL, NULL, NULL);
	if (*err)
		goto unlock;
	*err = netdev_rx_handler_register(dev, netdev_frame_hook, port);
	if (*err)
		goto unlink;
	dev_disable_lro(dev);
	dev_set_promiscuity(dev, 1);
	dev->priv_flags |= IFF_OVS_DATAPATH;
	rtnl_unlock();
	return dev;

unlink:
	netdev_upper_dev_unlink(dev, dp_device);
unlock:
	rtnl_unlock();
put:
	dev_put(dev);
	return NULL;
}

/* Undoes the attachment and returns the core's port it was for, or NULL if
 * there was none (a second call). Context: RTNL held. */
void *ovsdp_netdev_detach_locked(struct net_device *dev)
{
	void *port;

	ASSERT_RTNL();
	if (!ovsdp_is_netdev_vport(dev))
		return NULL;
	port = rtnl_dereference(dev->rx_handler_data);
	dev->priv_flags &= ~IFF_OVS_DATAPATH;
	netdev_rx_handler_unregister(dev);
	netdev_upper_dev_unlink(dev, netdev_master_upper_dev_get(dev));
	dev_set_promiscuity(dev, -1);
	return port;
}

void ovsdp_kp_netdev_detach(void *device, void *port)
{
	struct net_device *dev = device;

	rtnl_lock();
	/* Once the notifier detached it for this port, the device may have
	 * joined another datapath (in another namespace, or back here): that
	 * attachment is not ours to undo. */
	if (ovsdp_is_netdev_vport(dev) && rtnl_dereference(dev->rx_handler_data) == port)
		ovsdp_netdev_detach_locked(dev);
	rtnl_unlock();
	/* Readers that found the device through the port may still use it
	 * until the grace period ends; the port itself is freed after one too. */
	synchronize_net();
	dev_put(device);
}

int ovsdp_kp_device_peer_netnsid(const void *device, void *netns, int *id)
{
	const struct net_device *dev = device;
	struct net *net = netns;
	int found = 0;

	struct net *now;

	rcu_read_lock();
	now = dev_net(dev);
	if (!net_eq(now, net)) {
		*id = peernet2id_alloc(net, now, GFP_ATOMIC);
		found = 1;
	}
	rcu_read_unlock();
	return found;
}
