// SPDX-License-Identifier: GPL-2.0
// The ovs_flow commands behind include/ovsdp/core.h, with the in-tree checks
// in their order (Documentation/flow-netlink-behaviour.rst 7). Every command
// parses and validates first, then enters the flow table the one way flow
// operations may: RCU to find the datapath and take a table reference, then
// the table's own mutex. Neither the global datapath lock nor RTNL is ever
// taken here (enter_flow_table() asserts it).
#include <ovsdp/core.h>

#include "datapath/datapath_registry.h"
#include "datapath/ovsdp_net.h"
#include "flow/flow_actions.h"
#include "flow/key_codec.h"
#include "netlink/attribute_writer.h"
#include "runtime/own_ptr.h"

namespace ovsdp {
namespace {

constexpr u32 ufid_max_length = 16;
// A key or mask nest, dumped: the largest key (an IPv6 tunnel with 255 bytes
// of options, two VLAN tags, IPv6 with conntrack tuples and ND) takes about
// 700 bytes.
constexpr u32 key_message_bound = 1024;
constexpr u32 flow_message_fixed = 64;  // USED, STATS, TCP_FLAGS, the ACTIONS header

int fail(const Error &error, const char **extack)
{
	if (error.message)
		*extack = error.message;
	return error.code;
}

CodecContext codec_context(const ovsdp_flow_request *request) { return CodecContext{!request->probe}; }

// The UFID the request names, if its length is one a flow can have; a
// longer one is logged and then treated as absent, as in-tree.
u32 ufid_length(const ovsdp_flow_request *request, const CodecContext &context)
{
	if (!request->ufid)
		return 0;
	if (request->ufid_len < 1 || request->ufid_len > ufid_max_length) {
		codec_log(context, "ufid size exceeds the range (1, 16)");
		return 0;
	}
	return request->ufid_len;
}

void free_actions(FlowActions *actions) { delete actions; }

// What a request carries once parsed: kept off the stack (keys are large).
struct ParsedFlow {
	FlowMatch match;
	FlowKey masked_key;
};

Result<OwnPtr<ParsedFlow>> allocate_parsed()
{
	return make_owned<ParsedFlow>(may_sleep);
}

// GET and DEL: the request's key, if it has one, parsed with no mask.
Result<OwnPtr<ParsedFlow>> parse_request_key(const ovsdp_flow_request *request, const CodecContext &codec)
{
	Result<OwnPtr<ParsedFlow>> allocated = allocate_parsed();
	if (!allocated.ok() || !request->key)
		return allocated;
	Status status = parse_key(request->key, request->key_len, codec, &allocated.value()->match);
	if (!status.ok())
		return status.error();
	return allocated;
}

Result<OwnPtr<FlowActions>> validate(const void *actions, u32 length, const FlowKey &masked_key,
				     const CodecContext &codec)
{
	ActionContext context;
	context.codec = codec;
	context.ct_helper = [](void *, const char *name, u16 family, u8 ip_protocol, bool nat) {
		return ovsdp_kp_ct_helper_available(name, family, ip_protocol, nat);
	};
	return validate_actions(actions, length, masked_key, context);
}

void put_key_nest(u16 type, const FlowKey &shape, const FlowKey &values, bool is_mask, AttributeWriter &writer)
{
	u32 nest = writer.begin_nest(type);
	put_key(shape, values, is_mask, writer);
	writer.end_nest(nest);
}

// A flow message's attributes in the in-tree order (section 7.7). Without
// @allow_no_actions, actions that do not fit make the whole message fail.
Status write_flow(const Flow &flow, const FlowActions *actions, u32 ufid_flags, bool allow_no_actions,
		  AttributeWriter &writer)
{
	if (flow.has_ufid())
		writer.put(OVS_FLOW_ATTR_UFID, flow.ufid(), flow.ufid_length());
	else
		put_key_nest(OVS_FLOW_ATTR_KEY, *flow.unmasked_key(), *flow.unmasked_key(), false, writer);
	if (flow.has_ufid() && !(ufid_flags & OVS_UFID_F_OMIT_KEY))
		put_key_nest(OVS_FLOW_ATTR_KEY, flow.key(), flow.key(), false, writer);
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK))
		put_key_nest(OVS_FLOW_ATTR_MASK, flow.key(), flow.mask().key(), true, writer);

	FlowStats stats = flow.stats();
	if (stats.used)
		writer.put_value(OVS_FLOW_ATTR_USED, u64(ovsdp_kp_used_time_ms(stats.used)));
	if (stats.packets) {
		ovs_flow_stats counts{stats.packets, stats.bytes};
		writer.put_value(OVS_FLOW_ATTR_STATS, counts);
	}
	if (u8 tcp_flags = u8(from_be16(stats.tcp_flags)))
		writer.put_value(OVS_FLOW_ATTR_TCP_FLAGS, tcp_flags);
	if (writer.overflow())
		return make_error(-EMSGSIZE);

	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS) && actions) {
		u32 before = writer.length();
		u32 nest = writer.begin_nest(OVS_FLOW_ATTR_ACTIONS);
		writer.append(actions->data(), actions->length());
		writer.end_nest(nest);
		if (writer.overflow()) {
			// A dump sends a flow too large for any message without its
			// actions rather than not at all; userspace can GET them.
			if (!allow_no_actions)
				return make_error(-EMSGSIZE);
			writer.truncate(before);
		}
	}
	return success();
}

// Builds a reply for @flow into @reply. A failure leaves it empty: the
// command's change stands, and only its message is lost (as in-tree when a
// reply cannot be allocated).
void build_message(const Flow &flow, const FlowActions *actions, u32 ufid_flags, ovsdp_flow_message *reply)
{
	u32 capacity = 3 * key_message_bound + flow_message_fixed + (actions ? actions->length() : 0);
	void *buffer = ovsdp_kp_alloc(capacity, 8, OVSDP_ALLOC_MAY_SLEEP);
	if (!buffer)
		return;
	AttributeWriter writer(buffer, capacity);
	if (!OVSDP_CHECK(write_flow(flow, actions, ufid_flags, false, writer).ok())) {
		ovsdp_kp_free(buffer);
		return;
	}
	reply->data = buffer;
	reply->length = writer.length();
}

// GET, SET and DEL: by UFID if the request has a usable one, else by key.
Flow *find_requested(MegaflowTable &flows, const MutexGuard &guard, const FlowMatch &match, u32 ufid_length,
		     const ovsdp_flow_request *request)
{
	if (ufid_length)
		return flows.lookup_ufid(static_cast<const u8 *>(request->ufid), ufid_length, guard);
	return flows.lookup_exact(match.key, match.key_range, guard);
}

}  // namespace
}  // namespace ovsdp

using namespace ovsdp;

extern "C" void ovsdp_core_flow_message_release(struct ovsdp_flow_message *message)
{
	ovsdp_kp_free(message->data);
	*message = ovsdp_flow_message{};
}

extern "C" int ovsdp_core_flow_new(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
				   struct ovsdp_flow_message *reply, const char **extack)
{
	CodecContext codec = codec_context(request);
	if (!request->key) {
		codec_log(codec, "Flow key attr not present in new flow.");
		return fail(make_error(-EINVAL, "a new flow needs OVS_FLOW_ATTR_KEY"), extack);
	}
	if (!request->actions) {
		codec_log(codec, "Flow actions attr not present in new flow.");
		return fail(make_error(-EINVAL, "a new flow needs OVS_FLOW_ATTR_ACTIONS"), extack);
	}
	Result<OwnPtr<ParsedFlow>> allocated = allocate_parsed();
	if (!allocated.ok())
		return fail(allocated.error(), extack);
	ParsedFlow &parsed = *allocated.value();
	Status parsed_match = parse_match(request->key, request->key_len, request->mask,
					  request->mask ? request->mask_len : 0, codec, &parsed.match);
	if (!parsed_match.ok())
		return fail(parsed_match.error(), extack);
	apply_mask(parsed.match.key, parsed.match.mask, parsed.match.mask_range, &parsed.masked_key);
	u32 ufid = ufid_length(request, codec);

	Result<OwnPtr<FlowActions>> actions =
		validate(request->actions, request->actions_len, parsed.masked_key, codec);
	if (!actions.ok()) {
		codec_log(codec, "Flow actions may not be safe on all matching packets.");
		return fail(actions.error(), extack);
	}

	Result<TableRef> entered = enter_flow_table(net->registry, request->dp_ifindex);
	if (!entered.ok())
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	TableRef table = entered.take();
	auto locked = table->state().lock();
	const MutexGuard &guard = locked.guard();
	MegaflowTable &flows = table->flows();
	const FlowMatch &match = parsed.match;

	Flow *existing = ufid ? flows.lookup_ufid(static_cast<const u8 *>(request->ufid), ufid, guard) : nullptr;
	if (!existing)
		existing = flows.lookup(match.key, guard);
	if (!existing) {
		FlowDefinition definition{match.key, match.key_range, match.mask, match.mask_range,
					  ufid ? static_cast<const u8 *>(request->ufid) : nullptr, ufid};
		Result<OwnPtr<Flow>> created = Flow::create(may_sleep, table->state().mutex(), definition,
							    actions.value().release(), free_actions);
		if (!created.ok())
			return fail(created.error(), extack);
		Result<Flow *> inserted = flows.insert(created.take(), guard);
		if (!inserted.ok())
			return fail(inserted.error(), extack);
		if (request->want_reply)
			build_message(*inserted.value(), inserted.value()->actions(guard), request->ufid_flags, reply);
		return 0;
	}

	// The flow exists: NEW may only replace its actions.
	if (request->create)
		return fail(make_error(-EEXIST, "a flow with this key or UFID exists"), extack);
	if (!existing->matches_request(match.key, match.key_range)) {
		// Another flow covers the key; the one named may still exist.
		existing = existing->has_ufid() ? nullptr : flows.lookup_exact(match.key, match.key_range, guard);
		if (!existing)
			return fail(make_error(-ENOENT, "the flow's key does not match its identifier"), extack);
	}
	FlowActions *old = existing->replace_actions(actions.value().release(), guard);
	if (request->want_reply)
		build_message(*existing, existing->actions(guard), request->ufid_flags, reply);
	if (old)
		delete_after_grace_period(old);
	return 0;
}

extern "C" int ovsdp_core_flow_set(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
				   struct ovsdp_flow_message *reply, const char **extack)
{
	CodecContext codec = codec_context(request);
	u32 ufid = ufid_length(request, codec);
	Result<OwnPtr<ParsedFlow>> allocated = allocate_parsed();
	if (!allocated.ok())
		return fail(allocated.error(), extack);
	ParsedFlow &parsed = *allocated.value();
	if (request->key) {
		Status status = parse_match(request->key, request->key_len, request->mask,
					    request->mask ? request->mask_len : 0, codec, &parsed.match);
		if (!status.ok())
			return fail(status.error(), extack);
	} else if (!ufid) {
		codec_log(codec, "Flow set message rejected, Key attribute missing.");
		return fail(make_error(-EINVAL, "a flow SET needs OVS_FLOW_ATTR_KEY or a UFID"), extack);
	}

	OwnPtr<FlowActions> actions;
	if (request->actions) {
		if (!request->key) {
			codec_log(codec, "Flow key attribute not present in set flow.");
			return fail(make_error(-EINVAL, "new actions need OVS_FLOW_ATTR_KEY to be checked against"),
				    extack);
		}
		// Checked against the request's own mask, not the installed one.
		apply_mask(parsed.match.key, parsed.match.mask, parsed.match.mask_range, &parsed.masked_key);
		Result<OwnPtr<FlowActions>> validated =
			validate(request->actions, request->actions_len, parsed.masked_key, codec);
		if (!validated.ok()) {
			codec_log(codec, "Actions may not be safe on all matching packets");
			return fail(validated.error(), extack);
		}
		actions = validated.take();
	}

	Result<TableRef> entered = enter_flow_table(net->registry, request->dp_ifindex);
	if (!entered.ok())
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	TableRef table = entered.take();
	auto locked = table->state().lock();
	const MutexGuard &guard = locked.guard();
	Flow *flow = find_requested(table->flows(), guard, parsed.match, ufid, request);
	if (!flow)
		return fail(make_error(-ENOENT, "no such flow"), extack);
	FlowActions *old = actions ? flow->replace_actions(actions.release(), guard) : nullptr;
	if (request->want_reply)
		build_message(*flow, flow->actions(guard), request->ufid_flags, reply);
	// After the reply, as in-tree: it still shows the old counts.
	if (request->clear)
		flow->clear_stats();
	if (old)
		delete_after_grace_period(old);
	return 0;
}

extern "C" int ovsdp_core_flow_get(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
				   struct ovsdp_flow_message *reply, const char **extack)
{
	CodecContext codec = codec_context(request);
	u32 ufid = ufid_length(request, codec);
	if (!request->key && !ufid) {
		codec_log(codec, "Flow get message rejected, Key attribute missing.");
		return fail(make_error(-EINVAL, "a flow GET needs OVS_FLOW_ATTR_KEY or a UFID"), extack);
	}
	Result<OwnPtr<ParsedFlow>> allocated = parse_request_key(request, codec);
	if (!allocated.ok())
		return fail(allocated.error(), extack);
	ParsedFlow &parsed = *allocated.value();

	Result<TableRef> entered = enter_flow_table(net->registry, request->dp_ifindex);
	if (!entered.ok())
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	TableRef table = entered.take();
	auto locked = table->state().lock();
	Flow *flow = find_requested(table->flows(), locked.guard(), parsed.match, ufid, request);
	if (!flow)
		return fail(make_error(-ENOENT, "no such flow"), extack);
	build_message(*flow, flow->actions(locked.guard()), request->ufid_flags, reply);
	if (!reply->data)
		return fail(make_error(-ENOMEM), extack);
	return 0;
}

extern "C" int ovsdp_core_flow_del(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
				   struct ovsdp_flow_message *reply, const char **extack)
{
	CodecContext codec = codec_context(request);
	u32 ufid = ufid_length(request, codec);
	Result<OwnPtr<ParsedFlow>> allocated = parse_request_key(request, codec);
	if (!allocated.ok())
		return fail(allocated.error(), extack);
	ParsedFlow &parsed = *allocated.value();

	RemovedFlow removed;
	{
		Result<TableRef> entered = enter_flow_table(net->registry, request->dp_ifindex);
		if (!entered.ok())
			return fail(make_error(-ENODEV, "no such datapath"), extack);
		TableRef table = entered.take();
		auto locked = table->state().lock();
		// Neither a key nor a usable UFID: every flow goes, unannounced.
		if (!request->key && !ufid) {
			table->flows().flush(locked.guard());
			return 0;
		}
		Flow *flow = find_requested(table->flows(), locked.guard(), parsed.match, ufid, request);
		if (!flow)
			return fail(make_error(-ENOENT, "no such flow"), extack);
		removed = table->flows().remove(flow, locked.guard());
	}
	// Described outside the lock: nothing can change a removed flow.
	if (request->want_reply)
		build_message(*removed, removed.actions(), request->ufid_flags, reply);
	return 0;
}

extern "C" int ovsdp_core_flow_dump_next(struct ovsdp_net *net, int dp_ifindex, unsigned int ufid_flags,
					 long position[2], void *buffer, unsigned int capacity,
					 int allow_no_actions, unsigned int *length)
{
	// RCU alone: the table and every flow found in it outlive this read
	// section. A dump, as in-tree, may skip or repeat flows across changes
	// between its chunks.
	check_flow_path_context();
	RcuReadGuard read;
	Datapath *dp = net->registry.find(dp_ifindex, read);
	FlowTable *table = dp ? dp->table.get(read) : nullptr;
	if (!table)
		return -ENODEV;
	DumpPosition at{u32(position[0]), u32(position[1])};
	Flow *flow = table->flows().dump_next(at, read);
	if (!flow)
		return 0;
	AttributeWriter writer(buffer, capacity);
	Status written = write_flow(*flow, flow->actions(read), ufid_flags, allow_no_actions != 0, writer);
	if (!written.ok())
		return written.error().code;
	position[0] = at.segment;
	position[1] = at.slot;
	*length = writer.length();
	return 1;
}
