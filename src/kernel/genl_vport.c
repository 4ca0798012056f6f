// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_vport genetlink family: policy, request parsing into struct
 * ovsdp_vport_request, replies and notifications from struct
 * ovsdp_vport_info. The decisions are the core's.
 */
#include <linux/openvswitch.h>
#include <linux/slab.h>

#include <ovsdp/kernel_port.h>

#include "glue.h"

static const struct genl_multicast_group vport_multicast_group = {
	.name = OVS_VPORT_MCGROUP,
};

static const struct nla_policy vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_VPORT_ATTR_STATS] = { .len = sizeof(struct ovs_vport_stats) },
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_UPCALL_PID] = { .type = NLA_UNSPEC },
	[OVS_VPORT_ATTR_OPTIONS] = { .type = NLA_NESTED },
	[OVS_VPORT_ATTR_IFINDEX] = NLA_POLICY_MIN(NLA_S32, 0),
	[OVS_VPORT_ATTR_NETNSID] = { .type = NLA_S32 },
};

static int put_upcall_stats(struct sk_buff *skb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	/* Upcalls arrive with the fast path; until then there are none. */
	struct nlattr *nest = nla_nest_start_noflag(skb, OVS_VPORT_ATTR_UPCALL_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, OVS_VPORT_UPCALL_ATTR_SUCCESS, 0, OVS_VPORT_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, OVS_VPORT_UPCALL_ATTR_FAIL, 0, OVS_VPORT_ATTR_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
#endif
	return 0;
}

static int put_upcall_pids(struct sk_buff *skb, const struct ovsdp_vport_info *port)
{
	const struct ovsdp_pid_list *pids = &port->upcall_pids;

	if (port->upcall_pids_as_array)
		return nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID, pids->count * sizeof(u32), pids->pids);
	return nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, pids->count ? pids->pids[0] : 0);
}

/* A port lists at most one upcall PID per possible CPU (the core refuses
 * more), so this much room fits any port's reply. */
static size_t vport_message_size(unsigned int n_upcall_pids)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) +
	       nla_total_size(sizeof(u32)) * 2 +		/* PORT_NO, TYPE */
	       nla_total_size(IFNAMSIZ) +
	       nla_total_size(sizeof(s32)) * 2 +		/* IFINDEX, NETNSID */
	       nla_total_size_64bit(sizeof(struct ovs_vport_stats)) +
	       nla_total_size(0) + nla_total_size_64bit(sizeof(u64)) * 2 +	/* UPCALL_STATS */
	       nla_total_size(n_upcall_pids * sizeof(u32));
}

static int fill_vport(struct sk_buff *skb, const struct ovsdp_vport_info *port,
		      u32 portid, u32 seq, u32 flags, u8 cmd)
{
	struct ovs_header *header;

	header = genlmsg_put(skb, portid, seq, &ovsdp_vport_family, flags, cmd);
	if (!header)
		return -EMSGSIZE;
	header->dp_ifindex = port->dp_ifindex;
	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, port->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, port->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, port->name) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_IFINDEX, port->ifindex) ||
	    (port->has_netnsid && nla_put_s32(skb, OVS_VPORT_ATTR_NETNSID, port->netnsid)) ||
	    nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(port->stats), &port->stats,
			  OVS_VPORT_ATTR_PAD) ||
	    put_upcall_stats(skb) || put_upcall_pids(skb, port)) {
		genlmsg_cancel(skb, header);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, header);
	return 0;
}

static void parse_request(struct genl_info *info, struct ovsdp_vport_request *request)
{
	struct nlattr **a = info->attrs;

	memset(request, 0, sizeof(*request));
	request->dp_ifindex = ovsdp_request_header(info)->dp_ifindex;
	if (a[OVS_VPORT_ATTR_NAME])
		request->name = nla_data(a[OVS_VPORT_ATTR_NAME]);
	if (a[OVS_VPORT_ATTR_PORT_NO]) {
		request->has_port_no = 1;
		request->port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	}
	if (a[OVS_VPORT_ATTR_TYPE]) {
		request->has_type = 1;
		request->type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	}
	if (a[OVS_VPORT_ATTR_UPCALL_PID]) {
		request->upcall_pid = nla_data(a[OVS_VPORT_ATTR_UPCALL_PID]);
		request->upcall_pid_len = nla_len(a[OVS_VPORT_ATTR_UPCALL_PID]);
	}
	request->has_options = a[OVS_VPORT_ATTR_OPTIONS] != NULL;
	if (a[OVS_VPORT_ATTR_IFINDEX]) {
		request->has_ifindex = 1;
		request->ifindex = nla_get_s32(a[OVS_VPORT_ATTR_IFINDEX]);
	}
}

typedef int (*vport_command)(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
			     struct ovsdp_vport_info *reply, const char **extack);

/* Runs one command; on success answers the sender (GET) or notifies the
 * multicast group, echoing to the sender if it asked (NEW, DEL, SET). */
static int run_command(struct sk_buff *skb, struct genl_info *info, vport_command command,
		       u8 reply_cmd, bool notify)
{
	struct ovsdp_vport_request request;
	struct ovsdp_vport_info *port;
	const char *extack = NULL;
	struct sk_buff *reply;
	int err;

	/* Allocated before the change, so a change never goes unreported. */
	parse_request(info, &request);
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	reply = genlmsg_new(vport_message_size(nr_cpu_ids), GFP_KERNEL);
	if (!port || !reply) {
		err = -ENOMEM;
		goto out;
	}
	err = command(ovsdp_netns_core(sock_net(skb->sk)), &request, port, &extack);
	if (err) {
		ovsdp_set_extack(info, extack);
		goto out;
	}
	err = fill_vport(reply, port, info->snd_portid, info->snd_seq, 0, reply_cmd);
	if (WARN_ON_ONCE(err))
		goto out;
	if (notify)
		genl_notify(&ovsdp_vport_family, reply, info, 0, GFP_KERNEL);
	else
		err = genlmsg_reply(reply, info);
	reply = NULL;
out:
	kfree_skb(reply);
	if (port)
		ovsdp_core_pid_list_release(&port->upcall_pids);
	kfree(port);
	return err;
}

static int vport_new(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_vport_new, OVS_VPORT_CMD_NEW, true);
}

static int vport_del(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_vport_del, OVS_VPORT_CMD_DEL, true);
}

static int vport_set(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_vport_set, OVS_VPORT_CMD_SET, true);
}

static int vport_get(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_vport_get, OVS_VPORT_CMD_GET, false);
}

void ovsdp_kp_notify_vport_deleted(void *netns, const struct ovsdp_vport_info *port)
{
	struct sk_buff *skb = genlmsg_new(vport_message_size(port->upcall_pids.count), GFP_KERNEL);

	if (!skb)
		return;
	if (WARN_ON_ONCE(fill_vport(skb, port, 0, 0, 0, OVS_VPORT_CMD_DEL))) {
		kfree_skb(skb);
		return;
	}
	genlmsg_multicast_netns(&ovsdp_vport_family, netns, skb, 0, 0, GFP_KERNEL);
}

static int vport_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *header = genlmsg_data(nlmsg_data(cb->nlh));
	struct ovsdp_net *net = ovsdp_netns_core(sock_net(skb->sk));
	struct ovsdp_vport_info *port;
	long position = cb->args[0];
	int err = 0;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	for (;;) {
		long next = position;

		err = ovsdp_core_vport_dump_next(net, header->dp_ifindex, &next, port);
		if (err <= 0)
			break;
		if (fill_vport(skb, port, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			       NLM_F_MULTI, OVS_VPORT_CMD_GET) < 0) {
			err = 0;
			break;
		}
		position = next;
	}
	ovsdp_core_pid_list_release(&port->upcall_pids);
	kfree(port);
	cb->args[0] = position;
	return err < 0 ? err : skb->len;
}

static const struct genl_small_ops vport_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vport_new },
	{ .cmd = OVS_VPORT_CMD_DEL,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vport_del },
	{ .cmd = OVS_VPORT_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = 0,
	  .doit = vport_get,
	  .dumpit = vport_dump },
	{ .cmd = OVS_VPORT_CMD_SET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vport_set },
};

struct genl_family ovsdp_vport_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_VPORT_FAMILY,
	.version = OVS_DATAPATH_VERSION,
	.maxattr = OVS_VPORT_ATTR_MAX,
	.policy = vport_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = vport_ops,
	.n_small_ops = ARRAY_SIZE(vport_ops),
	.resv_start_op = OVS_VPORT_CMD_SET + 1,
	.mcgrps = &vport_multicast_group,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
