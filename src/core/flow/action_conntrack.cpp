// SPDX-License-Identifier: GPL-2.0
// The CT action (section 6.4): its members and NAT nest parsed with the
// in-tree rules, the helper asked of the caller, and the normalised form a
// dump shows. Errors carry no extack text, as in-tree.
#include "flow/action_log.h"
#include "flow/action_walk.h"
#include "flow/key_writer.h"

namespace ovsdp {
namespace {

// In-tree stores struct ovs_conntrack_info (160 bytes on x86_64 with NAT,
// in 6.1 and 6.12 alike) in the action list.
constexpr u32 stored_conntrack_size = attribute_size(160);

constexpr u32 helper_name_max = 16;    // NF_CT_HELPER_NAME_LEN
constexpr u32 timeout_name_max = 32;   // CTNL_TIMEOUT_NAME_MAX
constexpr u32 mark_size = 8;           // u32 value, u32 mask
constexpr u32 labels_size = 32;        // 16-byte value, 16-byte mask

// What the NAT nests requested (in-tree enum ovs_ct_nat).
enum : u8 {
	nat_existing = 1 << 0,
	nat_source = 1 << 1,
	nat_destination = 1 << 2,
};

// Which parts of the NAT range were given (the NF_NAT_RANGE_* the
// in-tree module records).
enum : u8 {
	range_addresses = 1 << 0,
	range_ports = 1 << 1,
	range_persistent = 1 << 2,
	range_port_hash = 1 << 3,
	range_port_random = 1 << 4,
};

struct ConntrackAction {
	u16 family;  // ct_family_*
	bool commit;
	bool force;
	bool have_eventmask;
	u8 nat;
	u8 range;
	u16 zone;
	u32 eventmask;
	u8 mark[mark_size];
	u8 labels[labels_size];
	const char *helper;  // in the request, NUL-terminated inside its attribute
	char timeout[timeout_name_max];
	u8 minimum_address[16];
	u8 maximum_address[16];
	u16 minimum_port;  // host order, as on the wire
	u16 maximum_port;
};

u32 string_length(const char *text, u32 limit)
{
	u32 length = 0;
	while (length < limit && text[length])
		length++;
	return length;
}

bool has_nul(const u8 *data, u32 length)
{
	for (u32 i = 0; i < length; i++)
		if (!data[i])
			return true;
	return false;
}

bool any_set(const u8 *data, u32 length)
{
	for (u32 i = 0; i < length; i++)
		if (data[i])
			return true;
	return false;
}

// One NAT nest. A CT action may carry several: what one sets stays set for
// the next, as in-tree (so an empty nest followed by SRC is "two types").
Status parse_nat(const ActionWalk &walk, const Attribute &nest, ConntrackAction &ct)
{
	const CodecContext &log = walk.context.codec;
	const u32 address_size = ct.family == ct_family_ipv6 ? 16 : 4;
	bool have_maximum_address = false;
	bool have_maximum_port = false;
	u8 range = 0;

	AttributeStream stream(nest.data, nest.length);
	Attribute member;
	while (stream.next(&member)) {
		if (member.type > OVS_NAT_ATTR_MAX) {
			action_log(log, "Unknown NAT attribute (type=%d, max=%d)", member.type, OVS_NAT_ATTR_MAX);
			return make_error(-EINVAL);
		}
		u32 expected = 0;
		if (member.type == OVS_NAT_ATTR_IP_MIN || member.type == OVS_NAT_ATTR_IP_MAX)
			expected = address_size;
		else if (member.type == OVS_NAT_ATTR_PROTO_MIN || member.type == OVS_NAT_ATTR_PROTO_MAX)
			expected = sizeof(u16);
		if (member.length != expected) {
			action_log(log, "NAT attribute type %d has unexpected length (%d != %d)", member.type,
				   member.length, int(expected));
			return make_error(-EINVAL);
		}

		switch (member.type) {
		case OVS_NAT_ATTR_SRC:
		case OVS_NAT_ATTR_DST:
			if (ct.nat) {
				action_log(log, "Only one type of NAT may be specified");
				return make_error(-ERANGE);
			}
			ct.nat = nat_existing | (member.type == OVS_NAT_ATTR_SRC ? nat_source : nat_destination);
			break;
		case OVS_NAT_ATTR_IP_MIN:
			__builtin_memset(ct.minimum_address, 0, sizeof(ct.minimum_address));
			__builtin_memcpy(ct.minimum_address, member.data, member.length);
			range |= range_addresses;
			break;
		case OVS_NAT_ATTR_IP_MAX:
			have_maximum_address = true;
			__builtin_memset(ct.maximum_address, 0, sizeof(ct.maximum_address));
			__builtin_memcpy(ct.maximum_address, member.data, member.length);
			range |= range_addresses;
			break;
		case OVS_NAT_ATTR_PROTO_MIN:
			ct.minimum_port = load<u16>(member.data);
			range |= range_ports;
			break;
		case OVS_NAT_ATTR_PROTO_MAX:
			have_maximum_port = true;
			ct.maximum_port = load<u16>(member.data);
			range |= range_ports;
			break;
		case OVS_NAT_ATTR_PERSISTENT:
			range |= range_persistent;
			break;
		case OVS_NAT_ATTR_PROTO_HASH:
			range |= range_port_hash;
			break;
		case OVS_NAT_ATTR_PROTO_RANDOM:
			range |= range_port_random;
			break;
		default:
			action_log(log, "Unknown nat attribute (%d)", member.type);
			return make_error(-EINVAL);
		}
	}
	if (stream.leftover() > 0) {
		action_log(log, "NAT attribute has %d unknown bytes", int(stream.leftover()));
		return make_error(-EINVAL);
	}

	ct.range |= range;
	if (!ct.nat) {
		if (ct.range) {
			action_log(log, "NAT flags may be given only when NAT range (SRC or DST) is also specified.");
			return make_error(-EINVAL);
		}
		ct.nat = nat_existing;
	} else if (!ct.commit) {
		// Only a COMMIT seen before this nest counts.
		action_log(log, "NAT attributes may be specified only when CT COMMIT flag is also specified.");
		return make_error(-EINVAL);
	}
	// The range as a whole (not this nest) decides whether a missing
	// maximum takes the minimum.
	if ((ct.range & range_addresses) && !have_maximum_address)
		__builtin_memcpy(ct.maximum_address, ct.minimum_address, sizeof(ct.maximum_address));
	if ((ct.range & range_ports) && !have_maximum_port)
		ct.maximum_port = ct.minimum_port;
	return success();
}

// The in-tree length rule of each CT member: minimum and maximum.
bool member_length_ok(u16 type, u32 length, u32 *maximum)
{
	u32 minimum = 0;
	switch (type) {
	case OVS_CT_ATTR_ZONE: minimum = *maximum = sizeof(u16); break;
	case OVS_CT_ATTR_MARK: minimum = *maximum = mark_size; break;
	case OVS_CT_ATTR_LABELS: minimum = *maximum = labels_size; break;
	case OVS_CT_ATTR_HELPER: minimum = 1; *maximum = helper_name_max; break;
	case OVS_CT_ATTR_NAT: *maximum = 0x7fffffff; break;  // checked member by member
	case OVS_CT_ATTR_EVENTMASK: minimum = *maximum = sizeof(u32); break;
	case OVS_CT_ATTR_TIMEOUT: minimum = 1; *maximum = timeout_name_max; break;
	default: *maximum = 0; break;  // COMMIT, FORCE_COMMIT, and UNSPEC
	}
	return length >= minimum && length <= *maximum;
}

Status parse_conntrack(const ActionWalk &walk, const Attribute &action, ConntrackAction &ct)
{
	const CodecContext &log = walk.context.codec;
	AttributeStream stream(action.data, action.length);
	Attribute member;
	while (stream.next(&member)) {
		if (member.type > OVS_CT_ATTR_MAX) {
			action_log(log, "Unknown conntrack attr (type=%d, max=%d)", member.type, OVS_CT_ATTR_MAX);
			return make_error(-EINVAL);
		}
		u32 maximum;
		if (!member_length_ok(member.type, member.length, &maximum)) {
			action_log(log, "Conntrack attr type has unexpected length (type=%d, length=%d, expected=%d)",
				   member.type, member.length, int(maximum));
			return make_error(-EINVAL);
		}

		switch (member.type) {
		case OVS_CT_ATTR_FORCE_COMMIT:
			ct.force = true;
			ct.commit = true;
			break;
		case OVS_CT_ATTR_COMMIT:
			ct.commit = true;
			break;
		case OVS_CT_ATTR_ZONE:
			ct.zone = load<u16>(member.data);
			break;
		case OVS_CT_ATTR_MARK:
			if (!any_set(member.data + mark_size / 2, mark_size / 2)) {
				action_log(log, "ct_mark mask cannot be 0");
				return make_error(-EINVAL);
			}
			__builtin_memcpy(ct.mark, member.data, mark_size);
			break;
		case OVS_CT_ATTR_LABELS:
			if (!any_set(member.data + labels_size / 2, labels_size / 2)) {
				action_log(log, "ct_labels mask cannot be 0");
				return make_error(-EINVAL);
			}
			__builtin_memcpy(ct.labels, member.data, labels_size);
			break;
		case OVS_CT_ATTR_HELPER:
			if (!has_nul(member.data, member.length)) {
				action_log(log, "Invalid conntrack helper");
				return make_error(-EINVAL);
			}
			ct.helper = reinterpret_cast<const char *>(member.data);
			break;
		case OVS_CT_ATTR_NAT:
			OVSDP_TRY(parse_nat(walk, member, ct));
			break;
		case OVS_CT_ATTR_EVENTMASK:
			ct.have_eventmask = true;
			ct.eventmask = load<u32>(member.data);
			break;
		case OVS_CT_ATTR_TIMEOUT:
			// Copied over the previous name without clearing it, as
			// in-tree: the NUL that must lie in the new bytes ends it.
			__builtin_memcpy(ct.timeout, member.data, member.length);
			if (!has_nul(member.data, member.length)) {
				action_log(log, "Invalid conntrack timeout");
				return make_error(-EINVAL);
			}
			break;
		default:
			action_log(log, "Unknown conntrack attr (%d)", member.type);
			return make_error(-EINVAL);
		}
	}
	// In-tree checks these before the leftover bytes.
	if (!ct.commit && any_set(ct.mark + mark_size / 2, mark_size / 2)) {
		action_log(log, "Setting conntrack mark requires 'commit' flag.");
		return make_error(-EINVAL);
	}
	if (!ct.commit && any_set(ct.labels + labels_size / 2, labels_size / 2)) {
		action_log(log, "Setting conntrack labels requires 'commit' flag.");
		return make_error(-EINVAL);
	}
	if (stream.leftover() > 0) {
		action_log(log, "Conntrack attr has %d unknown bytes", int(stream.leftover()));
		return make_error(-EINVAL);
	}
	return success();
}

Status attach_helper(const ActionWalk &walk, const ConntrackAction &ct)
{
	const ActionContext &context = walk.context;
	int error = context.ct_helper
		? context.ct_helper(context.opaque, ct.helper, ct.family, walk.key.ip.protocol, ct.nat != 0)
		: -EINVAL;
	if (!error)
		return success();
	if (error > 0)  // a broken callback; never let it read as success
		error = -EINVAL;
	if (walk.uapi_6_12())
		action_log(context.codec, "Failed to add %s helper %d", ct.helper, error);
	else if (error == -EINVAL)
		action_log(context.codec, "Unknown helper \"%s\"", ct.helper);
	else if (error != -ENOMEM)
		action_log(context.codec, "Failed to load \"%s\" NAT helper, error: %d", ct.helper, error);
	return make_error(error);
}

void put_nat(const ConntrackAction &ct, AttributeWriter &out)
{
	u32 nest = out.begin_nest(OVS_CT_ATTR_NAT);
	if (ct.nat & (nat_source | nat_destination)) {
		out.put_flag(ct.nat & nat_source ? OVS_NAT_ATTR_SRC : OVS_NAT_ATTR_DST);
		if (ct.range & range_addresses) {
			u32 size = ct.family == ct_family_ipv6 ? 16 : 4;
			out.put(OVS_NAT_ATTR_IP_MIN, ct.minimum_address, size);
			if (__builtin_memcmp(ct.minimum_address, ct.maximum_address, size))
				out.put(OVS_NAT_ATTR_IP_MAX, ct.maximum_address, size);
		}
		if (ct.range & range_ports) {
			out.put_value(OVS_NAT_ATTR_PROTO_MIN, ct.minimum_port);
			if (ct.maximum_port != ct.minimum_port)
				out.put_value(OVS_NAT_ATTR_PROTO_MAX, ct.maximum_port);
		}
		if (ct.range & range_persistent)
			out.put_flag(OVS_NAT_ATTR_PERSISTENT);
		if (ct.range & range_port_hash)
			out.put_flag(OVS_NAT_ATTR_PROTO_HASH);
		if (ct.range & range_port_random)
			out.put_flag(OVS_NAT_ATTR_PROTO_RANDOM);
	}
	out.end_nest(nest);
}

void put_conntrack(const ConntrackAction &ct, AttributeWriter &out)
{
	u32 nest = out.begin_nest(OVS_ACTION_ATTR_CT);
	if (ct.commit)
		out.put_flag(ct.force ? OVS_CT_ATTR_FORCE_COMMIT : OVS_CT_ATTR_COMMIT);
	out.put_value(OVS_CT_ATTR_ZONE, ct.zone);
	if (any_set(ct.mark + mark_size / 2, mark_size / 2))
		out.put(OVS_CT_ATTR_MARK, ct.mark, mark_size);
	if (any_set(ct.labels + labels_size / 2, labels_size / 2))
		out.put(OVS_CT_ATTR_LABELS, ct.labels, labels_size);
	// The helper as conntrack names it, which is the name looked up.
	if (ct.helper)
		out.put(OVS_CT_ATTR_HELPER, ct.helper, string_length(ct.helper, helper_name_max) + 1);
	if (ct.have_eventmask)
		out.put_value(OVS_CT_ATTR_EVENTMASK, ct.eventmask);
	if (ct.timeout[0])
		out.put(OVS_CT_ATTR_TIMEOUT, ct.timeout, string_length(ct.timeout, timeout_name_max) + 1);
	if (ct.nat)
		put_nat(ct, out);
	out.end_nest(nest);
}

}  // namespace

// Out of line: the parsed action stays off the stack of the list walk,
// which recurses up to 16 times.
[[gnu::noinline]] Status validate_ct_action(ActionWalk &walk, const Attribute &action)
{
	ConntrackAction ct{};
	// The family comes from the flow's match, not from the running state.
	if (walk.key.eth.type == to_be16(ethertype::ipv4)) {
		ct.family = ct_family_ipv4;
	} else if (walk.key.eth.type == to_be16(ethertype::ipv6)) {
		ct.family = ct_family_ipv6;
	} else {
		action_log(walk.context.codec, "ct family unspecified");
		return make_error(-EINVAL);
	}
	OVSDP_TRY(parse_conntrack(walk, action, ct));

	// A timeout policy that does not attach only logs; the name stays.
	if (ct.timeout[0] && walk.context.ct_timeout &&
	    walk.context.ct_timeout(walk.context.opaque, ct.timeout, ct.family, walk.key.ip.protocol))
		action_log(walk.context.codec, "Failed to associated timeout policy '%s'", ct.timeout);
	if (ct.helper)
		OVSDP_TRY(attach_helper(walk, ct));

	put_conntrack(ct, walk.out);
	walk.stored += stored_conntrack_size;
	return success();
}

}  // namespace ovsdp
