// SPDX-License-Identifier: GPL-2.0
/*
 * Internal devices: the net_device that is each datapath's port 0, visible
 * to `ip link` as the in-tree module's are. Transmitting into the datapath
 * arrives with the fast path; until then frames sent on it are dropped and
 * counted.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <linux/version.h>

#include <ovsdp/kernel_port.h>

#include "glue.h"

static netdev_tx_t internal_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static int internal_dev_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int internal_dev_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static const struct net_device_ops internal_dev_netdev_ops = {
	.ndo_open = internal_dev_open,
	.ndo_stop = internal_dev_stop,
	.ndo_start_xmit = internal_dev_xmit,
	.ndo_set_mac_address = eth_mac_addr,
};

/* The in-tree module's link kind: `ip -d link` names it, and
 * `ip link add type openvswitch` is refused (no setup: EOPNOTSUPP). */
static struct rtnl_link_ops internal_dev_link_ops __read_mostly = {
	.kind = "openvswitch",
};

int ovsdp_internal_dev_link_register(void)
{
	return rtnl_link_register(&internal_dev_link_ops);
}

void ovsdp_internal_dev_link_unregister(void)
{
	rtnl_link_unregister(&internal_dev_link_ops);
}

static void internal_dev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->max_mtu = ETH_MAX_MTU;
	dev->netdev_ops = &internal_dev_netdev_ops;
	dev->rtnl_link_ops = &internal_dev_link_ops;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_OPENVSWITCH | IFF_NO_QUEUE;
	dev->needs_free_netdev = true;
	dev->features = NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL;
	dev->vlan_features = dev->features;
	dev->hw_enc_features = dev->features;
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features = dev->features;
	eth_hw_addr_random(dev);
}

bool ovsdp_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &internal_dev_netdev_ops;
}

void *ovsdp_kp_internal_dev_create(void *netns, const char *name, int desired_ifindex, int *err)
{
	struct net_device *dev;

	dev = alloc_netdev(0, name, NET_NAME_USER, internal_dev_setup);
	if (!dev) {
		*err = -ENOMEM;
		return NULL;
	}
	dev_net_set(dev, netns);
	dev->ifindex = desired_ifindex;
	/* Port 0 belongs to its datapath's namespace. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_immutable = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif

	rtnl_lock();
	*err = register_netdevice(dev);
	if (*err) {
		rtnl_unlock();
		free_netdev(dev);
		return NULL;
	}
	dev_set_promiscuity(dev, 1);
	rtnl_unlock();
	return dev;
}

void ovsdp_kp_internal_dev_destroy(void *device)
{
	struct net_device *dev = device;

	rtnl_lock();
	dev_set_promiscuity(dev, -1);
	unregister_netdevice(dev);
	rtnl_unlock();
}

int ovsdp_kp_device_ifindex(const void *device)
{
	return ((const struct net_device *)device)->ifindex;
}

void ovsdp_kp_device_stats(void *device, struct ovs_vport_stats *stats)
{
	struct rtnl_link_stats64 dev_stats;

	dev_get_stats(device, &dev_stats);
	stats->rx_errors = dev_stats.rx_errors;
	stats->tx_errors = dev_stats.tx_errors;
	stats->tx_dropped = dev_stats.tx_dropped;
	stats->rx_dropped = dev_stats.rx_dropped;
	stats->rx_bytes = dev_stats.rx_bytes;
	stats->rx_packets = dev_stats.rx_packets;
	stats->tx_bytes = dev_stats.tx_bytes;
	stats->tx_packets = dev_stats.tx_packets;
}
