// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_flow genetlink family, registered so that userspace finds every
 * Open vSwitch family; its commands answer EOPNOTSUPP until the flow table
 * lands (they will reach it through the core's enter_flow_table(), never the
 * global datapath lock or RTNL).
 */
#include <linux/openvswitch.h>

#include "glue.h"

static const struct genl_multicast_group flow_multicast_group = {
	.name = OVS_FLOW_MCGROUP,
};

static const struct nla_policy flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_MASK] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID] = { .type = NLA_UNSPEC, .len = 1 },
	[OVS_FLOW_ATTR_UFID_FLAGS] = { .type = NLA_U32 },
};

static int flow_not_yet(struct sk_buff *skb, struct genl_info *info)
{
	ovsdp_set_extack(info, "ovsdp has no flow table yet");
	return -EOPNOTSUPP;
}

static int flow_dump_not_yet(struct sk_buff *skb, struct netlink_callback *cb)
{
	return -EOPNOTSUPP;
}

static const struct genl_small_ops flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_not_yet },
	{ .cmd = OVS_FLOW_CMD_DEL,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_not_yet },
	{ .cmd = OVS_FLOW_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = 0,
	  .doit = flow_not_yet,
	  .dumpit = flow_dump_not_yet },
	{ .cmd = OVS_FLOW_CMD_SET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_not_yet },
};

struct genl_family ovsdp_flow_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.maxattr = OVS_FLOW_ATTR_MAX,
	.policy = flow_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = flow_ops,
	.n_small_ops = ARRAY_SIZE(flow_ops),
	.resv_start_op = OVS_FLOW_CMD_SET + 1,
	.mcgrps = &flow_multicast_group,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
