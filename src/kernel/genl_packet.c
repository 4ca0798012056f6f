// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_packet genetlink family, registered so that userspace finds every
 * Open vSwitch family; EXECUTE answers EOPNOTSUPP until packets can be
 * executed.
 */
#include <linux/if_ether.h>
#include <linux/openvswitch.h>

#include "glue.h"

static const struct nla_policy packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = { .len = ETH_HLEN },
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
};

static int packet_not_yet(struct sk_buff *skb, struct genl_info *info)
{
	ovsdp_set_extack(info, "ovsdp cannot execute packets yet");
	return -EOPNOTSUPP;
}

static const struct genl_small_ops packet_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = packet_not_yet },
};

struct genl_family ovsdp_packet_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.maxattr = OVS_PACKET_ATTR_MAX,
	.policy = packet_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = packet_ops,
	.n_small_ops = ARRAY_SIZE(packet_ops),
	.resv_start_op = OVS_PACKET_CMD_EXECUTE + 1,
	.module = THIS_MODULE,
};
