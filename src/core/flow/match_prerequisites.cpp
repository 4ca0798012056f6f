// SPDX-License-Identifier: GPL-2.0
#include "flow/match_prerequisites.h"

namespace ovsdp {
namespace {

constexpr u64 bit(u32 type) { return u64(1) << type; }

constexpr u8 ip_protocol_icmp = 1;
constexpr u8 ip_protocol_tcp = 6;
constexpr u8 ip_protocol_udp = 17;
constexpr u8 ip_protocol_icmpv6 = 58;
constexpr u8 ip_protocol_sctp = 132;
constexpr u16 nd_neighbour_solicitation = 135;
constexpr u16 nd_neighbour_advertisement = 136;

// Attributes a mask may carry only when the key's own fields allow it.
constexpr u64 conditional_mask_attributes =
	bit(OVS_KEY_ATTR_IPV4) | bit(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4) | bit(OVS_KEY_ATTR_IPV6) |
	bit(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6) | bit(OVS_KEY_ATTR_TCP) | bit(OVS_KEY_ATTR_TCP_FLAGS) |
	bit(OVS_KEY_ATTR_UDP) | bit(OVS_KEY_ATTR_SCTP) | bit(OVS_KEY_ATTR_ICMP) | bit(OVS_KEY_ATTR_ICMPV6) |
	bit(OVS_KEY_ATTR_ARP) | bit(OVS_KEY_ATTR_ND) | bit(OVS_KEY_ATTR_MPLS) | bit(OVS_KEY_ATTR_NSH);

constexpr u64 always_allowed_mask_attributes =
	bit(OVS_KEY_ATTR_TUNNEL) | bit(OVS_KEY_ATTR_IN_PORT) | bit(OVS_KEY_ATTR_ETHERTYPE);

struct Requirements {
	u64 key_expected = 0;
	u64 mask_allowed = 0;
	const FlowKey *mask;

	bool ethertype_exact() const { return mask && mask->eth.type == 0xffff; }
	bool protocol_exact() const { return mask && mask->ip.protocol == 0xff; }

	void expect(u64 key_bits, u64 mask_bits, bool allowed)
	{
		key_expected |= key_bits;
		if (allowed)
			mask_allowed |= mask_bits;
	}
};

void transport_requirements(const FlowKey &key, bool ipv6, Requirements &need)
{
	if (key.ip.fragment == fragment_later)
		return;
	switch (key.ip.protocol) {
	case ip_protocol_udp:
		need.expect(bit(OVS_KEY_ATTR_UDP), bit(OVS_KEY_ATTR_UDP), need.protocol_exact());
		break;
	case ip_protocol_sctp:
		need.expect(bit(OVS_KEY_ATTR_SCTP), bit(OVS_KEY_ATTR_SCTP), need.protocol_exact());
		break;
	case ip_protocol_tcp:
		need.expect(bit(OVS_KEY_ATTR_TCP) | bit(OVS_KEY_ATTR_TCP_FLAGS),
			    bit(OVS_KEY_ATTR_TCP) | bit(OVS_KEY_ATTR_TCP_FLAGS), need.protocol_exact());
		break;
	case ip_protocol_icmp:
		if (!ipv6)
			need.expect(bit(OVS_KEY_ATTR_ICMP), bit(OVS_KEY_ATTR_ICMP), need.protocol_exact());
		break;
	case ip_protocol_icmpv6:
		if (!ipv6)
			break;
		need.expect(bit(OVS_KEY_ATTR_ICMPV6), bit(OVS_KEY_ATTR_ICMPV6), need.protocol_exact());
		if (key.transport.source == to_be16(nd_neighbour_solicitation) ||
		    key.transport.source == to_be16(nd_neighbour_advertisement)) {
			// The ND fields share storage with the IPv6 conntrack
			// tuple: a mask may not cover both.
			need.mask_allowed &= ~bit(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6);
			need.expect(bit(OVS_KEY_ATTR_ND), bit(OVS_KEY_ATTR_ND),
				    need.mask && need.mask->transport.source == to_be16(0xff));
		}
		break;
	}
}

}  // namespace

Status check_prerequisites(const FlowKey &key, const FlowKey *mask, u64 key_attributes, u64 mask_attributes,
			   const CodecContext &context)
{
	Requirements need;
	need.mask = mask;
	need.mask_allowed = (key_attributes & ~conditional_mask_attributes) | always_allowed_mask_attributes;

	u16 type = from_be16(key.eth.type);
	if (type == ethertype::arp || type == ethertype::rarp)
		need.expect(bit(OVS_KEY_ATTR_ARP), bit(OVS_KEY_ATTR_ARP), need.ethertype_exact());
	if (type == ethertype::mpls_unicast || type == ethertype::mpls_multicast)
		need.expect(bit(OVS_KEY_ATTR_MPLS), bit(OVS_KEY_ATTR_MPLS), need.ethertype_exact());
	if (type == ethertype::ipv4) {
		need.expect(bit(OVS_KEY_ATTR_IPV4), bit(OVS_KEY_ATTR_IPV4) | bit(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4),
			    need.ethertype_exact());
		transport_requirements(key, false, need);
	}
	if (type == ethertype::ipv6) {
		need.expect(bit(OVS_KEY_ATTR_IPV6), bit(OVS_KEY_ATTR_IPV6) | bit(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6),
			    need.ethertype_exact());
		transport_requirements(key, true, need);
	}
	if (type == ethertype::nsh)
		need.expect(bit(OVS_KEY_ATTR_NSH), bit(OVS_KEY_ATTR_NSH), need.ethertype_exact());

	if ((key_attributes & need.key_expected) != need.key_expected) {
		codec_log(context, "Missing key (keys, expected)");
		return make_error(-EINVAL, "flow key lacks an attribute its ethertype or protocol requires");
	}
	if ((mask_attributes & need.mask_allowed) != mask_attributes) {
		codec_log(context, "Unexpected mask (mask, allowed)");
		return make_error(-EINVAL, "flow mask covers a field its key's prerequisites do not allow");
	}
	return success();
}

}  // namespace ovsdp
