// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_datapath genetlink family: the policy (the kernel's netlink core
 * validates every attribute against it, as for the in-tree module), request
 * parsing into struct ovsdp_dp_request, and replies and notifications built
 * from struct ovsdp_dp_info. The decisions are the core's.
 */
#include <linux/openvswitch.h>
#include <linux/slab.h>

#include "glue.h"

static const struct genl_multicast_group datapath_multicast_group = {
	.name = OVS_DATAPATH_MCGROUP,
};

static const struct nla_policy datapath_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID] = { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
	/* PCPU_MIN_UNIT_SIZE over the 8-byte mask cache entry. */
	[OVS_DP_ATTR_MASKS_CACHE_SIZE] = NLA_POLICY_RANGE(NLA_U32, 0, PCPU_MIN_UNIT_SIZE / 8),
	[OVS_DP_ATTR_IFINDEX] = NLA_POLICY_MIN(NLA_S32, 0),
};

static void parse_request(struct genl_info *info, struct ovsdp_dp_request *request)
{
	struct nlattr **a = info->attrs;

	memset(request, 0, sizeof(*request));
	request->dp_ifindex = ovsdp_request_header(info)->dp_ifindex;
	if (a[OVS_DP_ATTR_NAME])
		request->name = nla_data(a[OVS_DP_ATTR_NAME]);
	if (a[OVS_DP_ATTR_UPCALL_PID]) {
		request->upcall_pid = nla_data(a[OVS_DP_ATTR_UPCALL_PID]);
		request->upcall_pid_len = nla_len(a[OVS_DP_ATTR_UPCALL_PID]);
	}
	if (a[OVS_DP_ATTR_USER_FEATURES]) {
		request->has_user_features = 1;
		request->user_features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
	}
	if (a[OVS_DP_ATTR_MASKS_CACHE_SIZE]) {
		request->has_masks_cache_size = 1;
		request->masks_cache_size = nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);
	}
	if (a[OVS_DP_ATTR_IFINDEX])
		request->desired_ifindex = nla_get_s32(a[OVS_DP_ATTR_IFINDEX]);
	if (a[OVS_DP_ATTR_PER_CPU_PIDS]) {
		request->has_per_cpu_pids = 1;
		request->per_cpu_pids = nla_data(a[OVS_DP_ATTR_PER_CPU_PIDS]);
		request->per_cpu_pids_len = nla_len(a[OVS_DP_ATTR_PER_CPU_PIDS]);
	}
	request->genl_version = info->genlhdr->version;
}

static int fill_datapath(struct sk_buff *skb, const struct ovsdp_dp_info *dp,
			 u32 portid, u32 seq, u32 flags, u8 cmd)
{
	struct ovs_header *header;

	header = genlmsg_put(skb, portid, seq, &ovsdp_datapath_family, flags, cmd);
	if (!header)
		return -EMSGSIZE;
	header->dp_ifindex = dp->dp_ifindex;
	if (nla_put_string(skb, OVS_DP_ATTR_NAME, dp->name) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(dp->stats), &dp->stats, OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(dp->megaflow_stats),
			  &dp->megaflow_stats, OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features) ||
	    nla_put_u32(skb, OVS_DP_ATTR_MASKS_CACHE_SIZE, dp->masks_cache_size) ||
	    (dp->per_cpu_pids.count &&
	     nla_put(skb, OVS_DP_ATTR_PER_CPU_PIDS,
		     min_t(unsigned int, dp->per_cpu_pids.count, nr_cpu_ids) * sizeof(u32),
		     dp->per_cpu_pids.pids))) {
		genlmsg_cancel(skb, header);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, header);
	return 0;
}

static size_t datapath_message_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) + nla_total_size(IFNAMSIZ) +
	       nla_total_size_64bit(sizeof(struct ovs_dp_stats)) +
	       nla_total_size_64bit(sizeof(struct ovs_dp_megaflow_stats)) +
	       nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u32) * nr_cpu_ids);	/* PER_CPU_PIDS */
}

typedef int (*datapath_command)(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				struct ovsdp_dp_info *reply, const char **extack);

/* Runs one command; on success answers the sender (GET) or notifies the
 * multicast group, echoing to the sender if it asked (NEW, DEL, SET). */
static int run_command(struct sk_buff *skb, struct genl_info *info, datapath_command command,
		       u8 reply_cmd, bool notify)
{
	struct ovsdp_dp_request request;
	struct ovsdp_dp_info *dp;
	const char *extack = NULL;
	struct sk_buff *reply;
	int err;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	reply = genlmsg_new(datapath_message_size(), GFP_KERNEL);
	if (!dp || !reply) {
		err = -ENOMEM;
		goto out;
	}
	parse_request(info, &request);
	err = command(ovsdp_netns_core(sock_net(skb->sk)), &request, dp, &extack);
	if (err) {
		ovsdp_set_extack(info, extack);
		goto out;
	}
	err = fill_datapath(reply, dp, info->snd_portid, info->snd_seq, 0, reply_cmd);
	if (WARN_ON_ONCE(err))
		goto out;
	if (notify)
		genl_notify(&ovsdp_datapath_family, reply, info, 0, GFP_KERNEL);
	else
		err = genlmsg_reply(reply, info);
	reply = NULL;
out:
	kfree_skb(reply);
	if (dp)
		ovsdp_core_pid_list_release(&dp->per_cpu_pids);
	kfree(dp);
	return err;
}

static int datapath_new(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_dp_new, OVS_DP_CMD_NEW, true);
}

static int datapath_del(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_dp_del, OVS_DP_CMD_DEL, true);
}

static int datapath_set(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_dp_set, OVS_DP_CMD_SET, true);
}

static int datapath_get(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_dp_get, OVS_DP_CMD_GET, false);
}

static int datapath_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovsdp_net *net = ovsdp_netns_core(sock_net(skb->sk));
	struct ovsdp_dp_info *dp;
	long position = cb->args[0];

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return -ENOMEM;
	for (;;) {
		long next = position;

		if (ovsdp_core_dp_dump_next(net, &next, dp) <= 0)
			break;
		if (fill_datapath(skb, dp, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  NLM_F_MULTI, OVS_DP_CMD_GET) < 0)
			break;
		position = next;
	}
	ovsdp_core_pid_list_release(&dp->per_cpu_pids);
	kfree(dp);
	cb->args[0] = position;
	return skb->len;
}

static const struct genl_small_ops datapath_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = datapath_new },
	{ .cmd = OVS_DP_CMD_DEL,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = datapath_del },
	{ .cmd = OVS_DP_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = 0,
	  .doit = datapath_get,
	  .dumpit = datapath_dump },
	{ .cmd = OVS_DP_CMD_SET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = datapath_set },
};

struct genl_family ovsdp_datapath_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_DATAPATH_FAMILY,
	.version = OVS_DATAPATH_VERSION,
	.maxattr = OVS_DP_ATTR_MAX,
	.policy = datapath_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = datapath_ops,
	.n_small_ops = ARRAY_SIZE(datapath_ops),
	.resv_start_op = OVS_DP_CMD_SET + 1,
	.mcgrps = &datapath_multicast_group,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
