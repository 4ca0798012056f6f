/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C glue files share: the families, the per-namespace core state,
 * and the few helpers that differ between 6.1 and 6.12.
 */
#ifndef OVSDP_GLUE_H
#define OVSDP_GLUE_H

#include <linux/if.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <ovsdp/core.h>

extern struct genl_family ovsdp_datapath_family;
extern struct genl_family ovsdp_vport_family;
extern struct genl_family ovsdp_flow_family;
extern struct genl_family ovsdp_packet_family;

/* netns.c */
int ovsdp_netns_register(void);
void ovsdp_netns_unregister(void);
struct ovsdp_net *ovsdp_netns_core(struct net *net);
/* Queues removal of the namespace's ports whose devices are going away.
 * Context: any (the netdev notifier calls it under RTNL). */
void ovsdp_netns_schedule_reap(struct net *net);

/* internal_dev.c, netdev_vport.c, device_notifier.c */
int ovsdp_internal_dev_link_register(void);
void ovsdp_internal_dev_link_unregister(void);
bool ovsdp_is_internal_dev(const struct net_device *dev);
bool ovsdp_is_netdev_vport(const struct net_device *dev);
void *ovsdp_netdev_detach_locked(struct net_device *dev);
int ovsdp_device_notifier_register(void);
void ovsdp_device_notifier_unregister(void);

static inline const struct ovs_header *ovsdp_request_header(const struct genl_info *info)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return genl_info_userhdr(info);
#else
	return info->userhdr;
#endif
}

/* The core's messages are string literals: extack keeps the pointer. */
static inline void ovsdp_set_extack(struct genl_info *info, const char *message)
{
	if (info->extack && message)
		info->extack->_msg = message;
}

#endif /* OVSDP_GLUE_H */
