// SPDX-License-Identifier: GPL-2.0
// SET and SET_MASKED (section 6.2): which key attributes an action may
// write and under which prerequisites, and their canonical forms (a plain
// SET as given, SET_MASKED verbatim, SET(TUNNEL) re-serialized).
#include "flow/action_walk.h"
#include "flow/key_attributes.h"
#include "flow/key_writer.h"

namespace ovsdp {
namespace {

constexpr u8 ip_protocol_tcp = 6;
constexpr u8 ip_protocol_udp = 17;
constexpr u8 ip_protocol_sctp = 132;
constexpr u32 ipv6_label_limit_bits = 0xfff00000;  // a flow label has 20 bits

// Errors carry no extack text: the in-tree OVS code never sets one, and
// userspace sees only the errno (and the log lines).

// In-tree stores a tunnel set as a pointer to a metadata_dst.
constexpr u32 stored_tunnel_set_size = 4 + attribute_size(sizeof(void *));

bool is_ip(be16 ethertype)
{
	return ethertype == to_be16(ethertype::ipv4) || ethertype == to_be16(ethertype::ipv6);
}

// Every GENEVE option header must fit, and its length must reach exactly
// the end of the block: the datapath walks these headers when it sends.
bool geneve_options_tile(const u8 *options, u32 length)
{
	u32 at = 0;
	while (at < length) {
		if (length - at < 4)
			return false;
		u32 option = 4 + (options[at + 3] & 0x1f) * 4u;  // struct geneve_opt's 5-bit length
		if (option > length - at)
			return false;
		at += option;
	}
	return true;
}

// Out of line: the parsed tunnel stays off the stack of the list walk, which
// recurses up to 16 times.
[[gnu::noinline]] Status validate_set_tunnel(ActionWalk &walk, const Attribute &key)
{
	Result<OwnPtr<TunnelInfo>> tunnel = make_owned<TunnelInfo>(may_sleep);
	if (!tunnel.ok())
		return tunnel.error();
	TunnelInfo &info = *tunnel.value();
	OVSDP_TRY(parse_set_tunnel(key.data, key.length, walk.context.codec, &info));
	if (info.options_length && (info.key.flags & tunnel_flag_geneve_options) &&
	    !geneve_options_tile(info.options, info.options_length))
		return make_error(-EINVAL);

	u32 set = walk.out.begin_nest(OVS_ACTION_ATTR_SET);
	u32 nest = walk.out.begin_nest(OVS_KEY_ATTR_TUNNEL);
	put_set_tunnel(info, walk.out);
	walk.out.end_nest(nest);
	walk.out.end_nest(set);
	walk.stored += stored_tunnel_set_size;
	return success();
}

Status check_ipv4(const ActionWalk &walk, const u8 *value, const u8 *mask)
{
	ovs_key_ipv4 key = load<ovs_key_ipv4>(value);
	if (mask) {
		// Masked sets may not rewrite what the flow matched on.
		ovs_key_ipv4 bits = load<ovs_key_ipv4>(mask);
		if (bits.ipv4_proto || bits.ipv4_frag)
			return make_error(-EINVAL);
	} else if (key.ipv4_proto != walk.key.ip.protocol || key.ipv4_frag != walk.key.ip.fragment) {
		return make_error(-EINVAL);
	}
	return success();
}

Status check_ipv6(const ActionWalk &walk, const u8 *value, const u8 *mask)
{
	ovs_key_ipv6 key = load<ovs_key_ipv6>(value);
	if (mask) {
		ovs_key_ipv6 bits = load<ovs_key_ipv6>(mask);
		if (bits.ipv6_proto || bits.ipv6_frag)
			return make_error(-EINVAL);
		if (from_be32(bits.ipv6_label) & ipv6_label_limit_bits)
			return make_error(-EINVAL);
	} else if (key.ipv6_proto != walk.key.ip.protocol || key.ipv6_frag != walk.key.ip.fragment) {
		return make_error(-EINVAL);
	}
	if (from_be32(key.ipv6_label) & ipv6_label_limit_bits)
		return make_error(-EINVAL);
	return success();
}

Status check_transport(const ActionWalk &walk, be16 ethertype, u8 protocol)
{
	if (!is_ip(ethertype) || walk.key.ip.protocol != protocol)
		return make_error(-EINVAL);
	return success();
}

}  // namespace

Status validate_set_action(ActionWalk &walk, const Attribute &action, bool masked, const ActionListState &state)
{
	// Exactly one key attribute, whose padded size is the whole payload.
	AttributeStream stream(action.data, action.length);
	Attribute key;
	if (!stream.next(&key) || attribute_size(key.length) != action.length)
		return make_error(-EINVAL);

	// A masked value is followed by its mask, unpadded; an odd length
	// loses its last byte, as in-tree.
	u32 key_length = masked ? key.length / 2u : key.length;
	if (key.type > OVS_KEY_ATTR_MAX)
		return make_error(-EINVAL);
	int expected = key_attribute_length(key.type);
	if (expected >= 0 && u32(expected) != key_length)
		return make_error(-EINVAL);
	const u8 *mask = masked ? key.data + key_length : nullptr;
	if (masked)
		for (u32 i = 0; i < key_length; i++)
			if (key.data[i] & ~mask[i])
				return make_error(-EINVAL);

	switch (key.type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
		break;
	case OVS_KEY_ATTR_ETHERNET:
		if (state.mac_protocol != mac_protocol_ethernet)
			return make_error(-EINVAL);
		break;
	case OVS_KEY_ATTR_TUNNEL:
		if (masked)
			return make_error(-EINVAL);
		return validate_set_tunnel(walk, key);
	case OVS_KEY_ATTR_IPV4:
		if (state.ethertype != to_be16(ethertype::ipv4))
			return make_error(-EINVAL);
		OVSDP_TRY(check_ipv4(walk, key.data, mask));
		break;
	case OVS_KEY_ATTR_IPV6:
		if (state.ethertype != to_be16(ethertype::ipv6))
			return make_error(-EINVAL);
		OVSDP_TRY(check_ipv6(walk, key.data, mask));
		break;
	case OVS_KEY_ATTR_TCP:
		OVSDP_TRY(check_transport(walk, state.ethertype, ip_protocol_tcp));
		break;
	case OVS_KEY_ATTR_UDP:
		OVSDP_TRY(check_transport(walk, state.ethertype, ip_protocol_udp));
		break;
	case OVS_KEY_ATTR_SCTP:
		OVSDP_TRY(check_transport(walk, state.ethertype, ip_protocol_sctp));
		break;
	case OVS_KEY_ATTR_MPLS:
		if (!is_mpls(state.ethertype) || key_length != sizeof(ovs_key_mpls))
			return make_error(-EINVAL);
		break;
	default:
		return make_error(-EINVAL);
	}

	if (masked) {
		walk.out.put(OVS_ACTION_ATTR_SET_MASKED, action.data, action.length);
		walk.stored += attribute_size(action.length);
		return success();
	}
	// In-tree turns a plain set into a masked one (value and an all-ones
	// mask) and turns it back when dumping: the dump shows the value as
	// given, without the inner attribute's flag bits.
	u32 set = walk.out.begin_nest(OVS_ACTION_ATTR_SET);
	walk.out.put(key.type, key.data, key_length);
	walk.out.end_nest(set);
	walk.stored += 4 + attribute_size(2 * key_length);
	return success();
}

}  // namespace ovsdp
