// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_flow genetlink family: the in-tree policy, requests parsed into
 * struct ovsdp_flow_request, and messages framed around the attributes the
 * core builds. No handler here takes the global datapath lock or RTNL; the
 * core reaches the flow table through RCU and the table's own mutex.
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

static void payload(const struct nlattr *attribute, const void **data, unsigned int *length)
{
	if (!attribute)
		return;
	*data = nla_data(attribute);
	*length = nla_len(attribute);
}

static void parse_request(struct genl_info *info, struct ovsdp_flow_request *request)
{
	struct nlattr **a = info->attrs;

	memset(request, 0, sizeof(*request));
	request->dp_ifindex = ovsdp_request_header(info)->dp_ifindex;
	payload(a[OVS_FLOW_ATTR_KEY], &request->key, &request->key_len);
	payload(a[OVS_FLOW_ATTR_MASK], &request->mask, &request->mask_len);
	payload(a[OVS_FLOW_ATTR_ACTIONS], &request->actions, &request->actions_len);
	payload(a[OVS_FLOW_ATTR_UFID], &request->ufid, &request->ufid_len);
	if (a[OVS_FLOW_ATTR_UFID_FLAGS])
		request->ufid_flags = nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	request->clear = !!a[OVS_FLOW_ATTR_CLEAR];
	request->probe = !!a[OVS_FLOW_ATTR_PROBE];
	/* Generic netlink takes NLM_F_EXCL with NLM_F_REPLACE for a dump, so
	 * userspace says NLM_F_CREATE where it means "must not exist". */
	request->create = !!(info->nlhdr->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL));
	request->want_reply = (info->nlhdr->nlmsg_flags & NLM_F_ECHO) ||
			      genl_has_listeners(&ovsdp_flow_family, genl_info_net(info), 0);
}

/* One flow message: the genetlink and ovs headers, then the core's attributes. */
static struct sk_buff *frame_message(const struct ovsdp_flow_message *message, int dp_ifindex,
				     u32 portid, u32 seq, u8 cmd)
{
	struct ovs_header *header;
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_ALIGN(sizeof(*header)) + message->length, GFP_KERNEL);
	if (!skb)
		return NULL;
	header = genlmsg_put(skb, portid, seq, &ovsdp_flow_family, 0, cmd);
	if (WARN_ON_ONCE(!header)) {
		kfree_skb(skb);
		return NULL;
	}
	header->dp_ifindex = dp_ifindex;
	skb_put_data(skb, message->data, message->length);
	genlmsg_end(skb, header);
	return skb;
}

typedef int (*flow_command)(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
			    struct ovsdp_flow_message *reply, const char **extack);

static int run_command(struct sk_buff *skb, struct genl_info *info, flow_command command, u8 reply_cmd,
		       bool notify)
{
	struct ovsdp_flow_message message = {};
	struct ovsdp_flow_request request;
	const char *extack = NULL;
	struct sk_buff *reply;
	int err;

	parse_request(info, &request);
	if (!notify)
		request.want_reply = 1;
	err = command(ovsdp_netns_core(sock_net(skb->sk)), &request, &message, &extack);
	if (err) {
		ovsdp_set_extack(info, extack);
		return err;
	}
	if (!message.data)
		return 0;
	reply = frame_message(&message, request.dp_ifindex, info->snd_portid, info->snd_seq, reply_cmd);
	ovsdp_core_flow_message_release(&message);
	if (!reply) {
		/* The change is made; the message is lost, as in-tree. */
		if (notify)
			netlink_set_err(sock_net(skb->sk)->genl_sock, 0, 0, -ENOMEM);
		return notify ? 0 : -ENOMEM;
	}
	if (notify) {
		genl_notify(&ovsdp_flow_family, reply, info, 0, GFP_KERNEL);
		return 0;
	}
	return genlmsg_reply(reply, info);
}

static int flow_new(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_flow_new, OVS_FLOW_CMD_NEW, true);
}

static int flow_set(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_flow_set, OVS_FLOW_CMD_SET, true);
}

static int flow_get(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_flow_get, OVS_FLOW_CMD_GET, false);
}

static int flow_del(struct sk_buff *skb, struct genl_info *info)
{
	return run_command(skb, info, ovsdp_core_flow_del, OVS_FLOW_CMD_DEL, true);
}

static int flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovsdp_net *net = ovsdp_netns_core(sock_net(skb->sk));
	const struct ovs_header *request = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	unsigned int ufid_flags = 0;
	int err;

	err = genlmsg_parse_deprecated(cb->nlh, &ovsdp_flow_family, a, OVS_FLOW_ATTR_MAX, flow_policy, NULL);
	if (err)
		return err;
	if (a[OVS_FLOW_ATTR_UFID_FLAGS])
		ufid_flags = nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]);

	for (;;) {
		long position[2] = { cb->args[0], cb->args[1] };
		bool first = skb->len == 0;
		struct ovs_header *header;
		unsigned int length = 0;

		header = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, &ovsdp_flow_family,
				     NLM_F_MULTI, OVS_FLOW_CMD_GET);
		if (!header)
			break;
		header->dp_ifindex = request->dp_ifindex;
		err = ovsdp_core_flow_dump_next(net, request->dp_ifindex, ufid_flags, position,
						skb_tail_pointer(skb), skb_tailroom(skb), first, &length);
		if (err <= 0) {
			genlmsg_cancel(skb, header);
			if (err == -ENODEV && first)
				return err;
			break;
		}
		skb_put(skb, length);
		genlmsg_end(skb, header);
		cb->args[0] = position[0];
		cb->args[1] = position[1];
	}
	return skb->len;
}

static const struct genl_small_ops flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_new },
	{ .cmd = OVS_FLOW_CMD_DEL,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_del },
	{ .cmd = OVS_FLOW_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = 0,
	  .doit = flow_get,
	  .dumpit = flow_dump },
	{ .cmd = OVS_FLOW_CMD_SET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = flow_set },
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
