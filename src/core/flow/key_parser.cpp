// SPDX-License-Identifier: GPL-2.0
// OVS_FLOW_ATTR_KEY and _MASK into a FlowMatch (Documentation/
// flow-netlink-behaviour.rst 2 and 3): the stream pass (KeyAttributes), the
// VLAN levels, then every attribute in the in-tree consumption order, once
// for the key and once for the mask, then the prerequisites. The order is
// the specification: it decides which errno and which overlapping write win.
#include "flow/key_attributes.h"
#include "flow/key_codec.h"
#include "flow/key_writer.h"
#include "flow/match_prerequisites.h"
#include "flow/tunnel_codec.h"
#include "runtime/own_ptr.h"

namespace ovsdp {
namespace {

constexpr u64 bit(u32 type) { return u64(1) << type; }
constexpr u32 supported_ct_state = 0xff;  // OVS_CS_F_* with NAT

bool is_vlan_type(be16 type)
{
	return type == to_be16(ethertype::vlan_8021q) || type == to_be16(ethertype::vlan_8021ad);
}

// One side of a match being parsed: the key, or the mask.
struct Pass {
	bool is_mask;
	const FlowKey &key;  // the key, for the rules a mask is checked against
	KeyWriter &out;
	const CodecContext &context;
};

Status refuse(const Pass &pass, const char *message)
{
	codec_log(pass.context, message);
	return make_error(-EINVAL);
}

be16 attribute_be16(const KeyAttributes &attributes, u32 type)
{
	const Attribute &attribute = attributes.get(type);
	return attribute.data ? load<be16>(attribute.data) : 0;
}

// Returns 1 if this level is a VLAN level to descend into, 0 if not.
Result<int> check_vlan_level(const KeyAttributes &attributes, bool inner, const Pass &pass)
{
	u64 present = attributes.unconsumed();
	if (!pass.is_mask) {
		if (!(present & bit(OVS_KEY_ATTR_ETHERNET)) || !(present & bit(OVS_KEY_ATTR_ETHERTYPE)) ||
		    !is_vlan_type(attribute_be16(attributes, OVS_KEY_ATTR_ETHERTYPE)))
			return 0;
		if (!(present & bit(OVS_KEY_ATTR_VLAN)) || !(present & bit(OVS_KEY_ATTR_ENCAP)))
			return refuse(pass, inner ? "Invalid C-VLAN frame" : "Invalid VLAN frame").error();
		be16 tci = attribute_be16(attributes, OVS_KEY_ATTR_VLAN);
		if (!(tci & vlan_tag_present)) {
			if (tci)
				return refuse(pass, "VLAN TCI does not have VLAN_CFI_MASK bit set.").error();
			if (attributes.get(OVS_KEY_ATTR_ENCAP).length)
				return refuse(pass, "Truncated VLAN header has non-zero encap attribute.").error();
		}
		return 1;
	}
	if (!(present & bit(OVS_KEY_ATTR_ENCAP)))
		return 0;
	be16 key_tci = inner ? pass.key.eth.cvlan.tci : pass.key.eth.vlan.tci;
	if (!(key_tci & vlan_tag_present))
		return refuse(pass, "Encap mask attribute is set for non-VLAN frame.").error();
	// A mask without its own VLAN or ETHERTYPE here reads the key's last
	// one, as in-tree (one table for both).
	if (attribute_be16(attributes, OVS_KEY_ATTR_ETHERTYPE) != 0xffff)
		return refuse(pass, "Must have an exact match on VLAN TPID.").error();
	if (!(attribute_be16(attributes, OVS_KEY_ATTR_VLAN) & vlan_tag_present))
		return refuse(pass, "VLAN TCI mask does not have exact match for VLAN_CFI_MASK bit.").error();
	return 1;
}

Status parse_vlan_level(KeyAttributes &attributes, bool inner, const Pass &pass)
{
	Result<int> vlan = check_vlan_level(attributes, inner, pass);
	if (!vlan.ok())
		return vlan.error();
	if (!vlan.value())
		return success();
	FlowKey &target = pass.out.key();
	VlanTag &tag = inner ? target.eth.cvlan : target.eth.vlan;
	pass.out.put(tag.tpid, attribute_be16(attributes, OVS_KEY_ATTR_ETHERTYPE));
	pass.out.put(tag.tci, attribute_be16(attributes, OVS_KEY_ATTR_VLAN));
	attributes.consume(OVS_KEY_ATTR_ENCAP);
	attributes.consume(OVS_KEY_ATTR_VLAN);
	attributes.consume(OVS_KEY_ATTR_ETHERTYPE);
	const Attribute &encap = attributes.get(OVS_KEY_ATTR_ENCAP);
	Status status = attributes.collect(encap.data, encap.length, pass.is_mask ? KeyPass::mask : KeyPass::key);
	if (!status.ok())
		return refuse(pass, status.error().message);
	return success();
}

Status parse_vlans(KeyAttributes &attributes, const Pass &pass)
{
	OVSDP_TRY(parse_vlan_level(attributes, false, pass));
	// The key decides whether there is an inner level, in the mask's pass too.
	if (pass.key.eth.vlan.tci & vlan_tag_present)
		OVSDP_TRY(parse_vlan_level(attributes, true, pass));
	return success();
}

Status parse_ethertype(const KeyAttributes &attributes, u64 &present, const Pass &pass)
{
	be16 type = attribute_be16(attributes, OVS_KEY_ATTR_ETHERTYPE);
	if (pass.is_mask)
		type = 0xffff;  // an ethertype is matched exactly or not at all
	else if (from_be16(type) < ethertype::minimum)
		return refuse(pass, "EtherType is less than min");
	pass.out.put(pass.out.key().eth.type, type);
	present &= ~bit(OVS_KEY_ATTR_ETHERTYPE);
	return success();
}

template <class T>
T attribute_value(const KeyAttributes &attributes, u32 type)
{
	return load<T>(attributes.get(type).data);
}

Status parse_metadata(const KeyAttributes &attributes, u64 &present, const Pass &pass)
{
	KeyWriter &out = pass.out;
	FlowKey &target = out.key();
	auto take = [&](u32 type) {
		bool has = present & bit(type);
		present &= ~bit(type);
		return has;
	};
	if (take(OVS_KEY_ATTR_DP_HASH))
		out.put(target.dp_hash, attribute_value<u32>(attributes, OVS_KEY_ATTR_DP_HASH));
	if (take(OVS_KEY_ATTR_RECIRC_ID))
		out.put(target.recirc_id, attribute_value<u32>(attributes, OVS_KEY_ATTR_RECIRC_ID));
	if (take(OVS_KEY_ATTR_PRIORITY))
		out.put(target.priority, attribute_value<u32>(attributes, OVS_KEY_ATTR_PRIORITY));
	if (present & bit(OVS_KEY_ATTR_IN_PORT)) {
		u32 in_port = attribute_value<u32>(attributes, OVS_KEY_ATTR_IN_PORT);
		if (pass.is_mask)
			in_port = 0xffffffff;  // in_port is matched exactly or not at all
		else if (in_port >= in_port_none)
			return refuse(pass, "Port exceeds max allowable");
		out.put(target.in_port, u16(in_port));
		present &= ~bit(OVS_KEY_ATTR_IN_PORT);
	} else if (!pass.is_mask) {
		out.put(target.in_port, in_port_none);
	}
	if (take(OVS_KEY_ATTR_SKB_MARK))
		out.put(target.skb_mark, attribute_value<u32>(attributes, OVS_KEY_ATTR_SKB_MARK));
	if (take(OVS_KEY_ATTR_TUNNEL)) {
		const Attribute &tunnel = attributes.get(OVS_KEY_ATTR_TUNNEL);
		Result<TunnelParsed> parsed = parse_tunnel(tunnel.data, tunnel.length,
							   pass.is_mask ? TunnelUse::mask : TunnelUse::key, pass.key,
							   pass.context, out);
		if (!parsed.ok())
			return make_error(-EINVAL);
	}
	if (present & bit(OVS_KEY_ATTR_CT_STATE)) {
		u32 state = attribute_value<u32>(attributes, OVS_KEY_ATTR_CT_STATE);
		if (state & ~supported_ct_state)
			return refuse(pass, "ct_state flags unsupported");
		out.put(target.ct_state, u8(state));
		present &= ~bit(OVS_KEY_ATTR_CT_STATE);
	}
	if (take(OVS_KEY_ATTR_CT_ZONE))
		out.put(target.ct_zone, attribute_value<u16>(attributes, OVS_KEY_ATTR_CT_ZONE));
	if (take(OVS_KEY_ATTR_CT_MARK))
		out.put(target.ct.mark, attribute_value<u32>(attributes, OVS_KEY_ATTR_CT_MARK));
	if (take(OVS_KEY_ATTR_CT_LABELS))
		out.copy(target.ct.labels, attributes.get(OVS_KEY_ATTR_CT_LABELS).data, sizeof(target.ct.labels));
	if (take(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4)) {
		auto tuple = attribute_value<ovs_key_ct_tuple_ipv4>(attributes, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4);
		out.put(target.ipv4.ct_orig.source, tuple.ipv4_src);
		out.put(target.ipv4.ct_orig.destination, tuple.ipv4_dst);
		out.put(target.ct.orig_source_port, tuple.src_port);
		out.put(target.ct.orig_destination_port, tuple.dst_port);
		out.put(target.ct_orig_protocol, tuple.ipv4_proto);
	}
	if (take(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6)) {
		auto tuple = attribute_value<ovs_key_ct_tuple_ipv6>(attributes, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6);
		out.copy(target.ipv6.ct_orig.source, tuple.ipv6_src, 16);
		out.copy(target.ipv6.ct_orig.destination, tuple.ipv6_dst, 16);
		out.put(target.ct.orig_source_port, tuple.src_port);
		out.put(target.ct.orig_destination_port, tuple.dst_port);
		out.put(target.ct_orig_protocol, tuple.ipv6_proto);
	}

	// An ethertype without an Ethernet header makes a layer-3 flow.
	u8 mac_protocol = mac_protocol_ethernet;
	if (!(present & bit(OVS_KEY_ATTR_ETHERNET)) && (present & bit(OVS_KEY_ATTR_ETHERTYPE)))
		mac_protocol = mac_protocol_none;
	out.put(target.mac_protocol, pass.is_mask ? u8(0xff) : mac_protocol);
	if (mac_protocol == mac_protocol_none)
		return parse_ethertype(attributes, present, pass);
	return success();
}

Status parse_nsh(const Attribute &nest, const Pass &pass)
{
	FlowKey &target = pass.out.key();
	bool has_md1 = false, has_md2 = false;
	u8 md_type = 0;
	AttributeStream stream(nest.data, nest.length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		if (attribute.type > OVS_NSH_KEY_ATTR_MAX)
			return refuse(pass, "nsh attr is out of range");
		int expected = attribute.type == OVS_NSH_KEY_ATTR_BASE  ? int(sizeof(ovs_nsh_key_base))
			       : attribute.type == OVS_NSH_KEY_ATTR_MD1 ? int(sizeof(ovs_nsh_key_md1))
			       : attribute.type == OVS_NSH_KEY_ATTR_MD2 ? -1
									: 0;
		if (expected >= 0 && attribute.length != expected)
			return refuse(pass, "nsh attr has unexpected len");
		switch (attribute.type) {
		case OVS_NSH_KEY_ATTR_BASE: {
			auto base = load<ovs_nsh_key_base>(attribute.data);
			md_type = base.mdtype;
			pass.out.put(target.nsh.flags, base.flags);
			pass.out.put(target.nsh.ttl, base.ttl);
			pass.out.put(target.nsh.md_type, base.mdtype);
			pass.out.put(target.nsh.next_protocol, base.np);
			pass.out.put(target.nsh.path, base.path_hdr);
			break;
		}
		case OVS_NSH_KEY_ATTR_MD1: {
			auto md1 = load<ovs_nsh_key_md1>(attribute.data);
			has_md1 = true;
			for (u32 i = 0; i < 4; i++)
				pass.out.put(target.nsh.context[i], md1.context[i]);
			break;
		}
		case OVS_NSH_KEY_ATTR_MD2:
			// MD type 2 is not matched (in-tree: ENOTSUPP, reported as EINVAL).
			return make_error(-EINVAL);
		default:
			return refuse(pass, "Unknown nsh attribute");
		}
	}
	if (stream.leftover() > 0)
		return refuse(pass, "nsh attribute has unknown bytes.");
	if (has_md1 && has_md2)
		return refuse(pass, "invalid nsh attribute: md1 and md2 are exclusive.");
	if (!pass.is_mask && has_md1 && md_type != 1)
		return refuse(pass, "nsh attribute has unmatched MD type.");
	return success();
}

// ovs_key_from_nlattrs: everything after the VLAN levels, in order.
Status parse_fields(const KeyAttributes &attributes, const Pass &pass)
{
	u64 present = attributes.unconsumed();
	KeyWriter &out = pass.out;
	FlowKey &target = out.key();
	OVSDP_TRY(parse_metadata(attributes, present, pass));

	if (present & bit(OVS_KEY_ATTR_ETHERNET)) {
		auto eth = attribute_value<ovs_key_ethernet>(attributes, OVS_KEY_ATTR_ETHERNET);
		out.copy(target.eth.source, eth.eth_src, ethernet_address_size);
		out.copy(target.eth.destination, eth.eth_dst, ethernet_address_size);
		present &= ~bit(OVS_KEY_ATTR_ETHERNET);
		if (present & bit(OVS_KEY_ATTR_VLAN))
			return refuse(pass, "VLAN attribute unexpected.");
		if (present & bit(OVS_KEY_ATTR_ETHERTYPE))
			OVSDP_TRY(parse_ethertype(attributes, present, pass));
		else if (!pass.is_mask)
			out.put(target.eth.type, to_be16(ethertype::llc));
	} else if (!pass.key.eth.type) {
		return refuse(pass, "Either Ethernet header or EtherType is required.");
	}

	if (present & bit(OVS_KEY_ATTR_IPV4)) {
		auto ipv4 = attribute_value<ovs_key_ipv4>(attributes, OVS_KEY_ATTR_IPV4);
		if (!pass.is_mask && ipv4.ipv4_frag > OVS_FRAG_TYPE_MAX)
			return refuse(pass, "IPv4 frag type is out of range");
		out.put(target.ip.protocol, ipv4.ipv4_proto);
		out.put(target.ip.tos, ipv4.ipv4_tos);
		out.put(target.ip.ttl, ipv4.ipv4_ttl);
		out.put(target.ip.fragment, ipv4.ipv4_frag);
		out.put(target.ipv4.address.source, ipv4.ipv4_src);
		out.put(target.ipv4.address.destination, ipv4.ipv4_dst);
		present &= ~bit(OVS_KEY_ATTR_IPV4);
	}
	if (present & bit(OVS_KEY_ATTR_IPV6)) {
		auto ipv6 = attribute_value<ovs_key_ipv6>(attributes, OVS_KEY_ATTR_IPV6);
		if (!pass.is_mask && ipv6.ipv6_frag > OVS_FRAG_TYPE_MAX)
			return refuse(pass, "IPv6 frag type is out of range");
		if (!pass.is_mask && (ipv6.ipv6_label & to_be32(0xfff00000)))
			return refuse(pass, "IPv6 flow label is out of range");
		out.put(target.ipv6.label, ipv6.ipv6_label);
		out.put(target.ip.protocol, ipv6.ipv6_proto);
		out.put(target.ip.tos, ipv6.ipv6_tclass);
		out.put(target.ip.ttl, ipv6.ipv6_hlimit);
		out.put(target.ip.fragment, ipv6.ipv6_frag);
		out.copy(target.ipv6.address.source, ipv6.ipv6_src, 16);
		out.copy(target.ipv6.address.destination, ipv6.ipv6_dst, 16);
		present &= ~bit(OVS_KEY_ATTR_IPV6);
	}
	if (present & bit(OVS_KEY_ATTR_IPV6_EXTHDRS)) {
		auto headers = attribute_value<ovs_key_ipv6_exthdrs>(attributes, OVS_KEY_ATTR_IPV6_EXTHDRS);
		out.put(target.ipv6.extension_headers, headers.hdrs);
		present &= ~bit(OVS_KEY_ATTR_IPV6_EXTHDRS);
	}
	if (present & bit(OVS_KEY_ATTR_ARP)) {
		auto arp = attribute_value<ovs_key_arp>(attributes, OVS_KEY_ATTR_ARP);
		if (!pass.is_mask && (arp.arp_op & to_be16(0xff00)))
			return refuse(pass, "Unknown ARP opcode.");
		out.put(target.ipv4.address.source, arp.arp_sip);
		out.put(target.ipv4.address.destination, arp.arp_tip);
		out.put(target.ip.protocol, u8(from_be16(arp.arp_op)));
		out.copy(target.ipv4.arp.source_hardware, arp.arp_sha, ethernet_address_size);
		out.copy(target.ipv4.arp.target_hardware, arp.arp_tha, ethernet_address_size);
		present &= ~bit(OVS_KEY_ATTR_ARP);
	}
	if (present & bit(OVS_KEY_ATTR_NSH)) {
		if (!parse_nsh(attributes.get(OVS_KEY_ATTR_NSH), pass).ok())
			return make_error(-EINVAL);
		present &= ~bit(OVS_KEY_ATTR_NSH);
	}
	if (present & bit(OVS_KEY_ATTR_MPLS)) {
		const Attribute &mpls = attributes.get(OVS_KEY_ATTR_MPLS);
		u32 count = mpls.length / sizeof(ovs_key_mpls);
		if (count == 0 || count > mpls_label_depth || mpls.length % sizeof(ovs_key_mpls))
			return make_error(-EINVAL);
		for (u32 i = 0; i < count; i++)
			out.put(target.mpls.lse[i], load<be32>(mpls.data + i * sizeof(ovs_key_mpls)));
		out.put(target.mpls.label_presence, u32((1u << count) - 1));
		present &= ~bit(OVS_KEY_ATTR_MPLS);
	}
	if (present & bit(OVS_KEY_ATTR_TCP)) {
		auto tcp = attribute_value<ovs_key_tcp>(attributes, OVS_KEY_ATTR_TCP);
		out.put(target.transport.source, tcp.tcp_src);
		out.put(target.transport.destination, tcp.tcp_dst);
		present &= ~bit(OVS_KEY_ATTR_TCP);
	}
	if (present & bit(OVS_KEY_ATTR_TCP_FLAGS)) {
		out.put(target.transport.flags, attribute_value<be16>(attributes, OVS_KEY_ATTR_TCP_FLAGS));
		present &= ~bit(OVS_KEY_ATTR_TCP_FLAGS);
	}
	if (present & bit(OVS_KEY_ATTR_UDP)) {
		auto udp = attribute_value<ovs_key_udp>(attributes, OVS_KEY_ATTR_UDP);
		out.put(target.transport.source, udp.udp_src);
		out.put(target.transport.destination, udp.udp_dst);
		present &= ~bit(OVS_KEY_ATTR_UDP);
	}
	if (present & bit(OVS_KEY_ATTR_SCTP)) {
		auto sctp = attribute_value<ovs_key_sctp>(attributes, OVS_KEY_ATTR_SCTP);
		out.put(target.transport.source, sctp.sctp_src);
		out.put(target.transport.destination, sctp.sctp_dst);
		present &= ~bit(OVS_KEY_ATTR_SCTP);
	}
	if (present & bit(OVS_KEY_ATTR_ICMP)) {
		auto icmp = attribute_value<ovs_key_icmp>(attributes, OVS_KEY_ATTR_ICMP);
		out.put(target.transport.source, to_be16(icmp.icmp_type));
		out.put(target.transport.destination, to_be16(icmp.icmp_code));
		present &= ~bit(OVS_KEY_ATTR_ICMP);
	}
	if (present & bit(OVS_KEY_ATTR_ICMPV6)) {
		auto icmpv6 = attribute_value<ovs_key_icmpv6>(attributes, OVS_KEY_ATTR_ICMPV6);
		out.put(target.transport.source, to_be16(icmpv6.icmpv6_type));
		out.put(target.transport.destination, to_be16(icmpv6.icmpv6_code));
		present &= ~bit(OVS_KEY_ATTR_ICMPV6);
	}
	if (present & bit(OVS_KEY_ATTR_ND)) {
		auto nd = attribute_value<ovs_key_nd>(attributes, OVS_KEY_ATTR_ND);
		out.copy(target.ipv6.nd.target, nd.nd_target, 16);
		out.copy(target.ipv6.nd.source_link_layer, nd.nd_sll, ethernet_address_size);
		out.copy(target.ipv6.nd.target_link_layer, nd.nd_tll, ethernet_address_size);
		present &= ~bit(OVS_KEY_ATTR_ND);
	}
	if (present)
		return refuse(pass, "Unknown key attributes");
	return success();
}

// Which OVS_KEY_ATTR_* nests hold more attributes, by the table in force.
enum class NestTable { key, tunnel, vxlan, nsh };

// The exact mask for a key: every byte of every attribute set, recursively
// (the key parse already validated the stream), CT_STATE to its supported bits.
void fill_exact(u8 *data, u32 length, NestTable table)
{
	AttributeStream stream(data, length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		u8 *payload = const_cast<u8 *>(attribute.data);
		NestTable inner = table;
		bool nested = false;
		if (table == NestTable::key) {
			nested = attribute.type == OVS_KEY_ATTR_ENCAP || attribute.type == OVS_KEY_ATTR_TUNNEL ||
				 attribute.type == OVS_KEY_ATTR_NSH;
			inner = attribute.type == OVS_KEY_ATTR_TUNNEL ? NestTable::tunnel
				: attribute.type == OVS_KEY_ATTR_NSH  ? NestTable::nsh
								      : NestTable::key;
		} else if (table == NestTable::tunnel) {
			nested = attribute.type == OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS;
			inner = NestTable::vxlan;
		}
		if (nested)
			fill_exact(payload, attribute.length, inner);
		else
			__builtin_memset(payload, 0xff, attribute.length);
		if (table == NestTable::key && attribute.type == OVS_KEY_ATTR_CT_STATE &&
		    attribute.length == sizeof(u32)) {
			u32 state = supported_ct_state;
			__builtin_memcpy(payload, &state, sizeof(state));
		}
	}
}

// The key half shared by every command.
Status parse_key_side(KeyAttributes &attributes, const void *key, u32 key_length, const CodecContext &context,
		      FlowMatch *out)
{
	KeyWriter writer(out->key, out->key_range);
	Pass pass{false, out->key, writer, context};
	Status collected = attributes.collect(key, key_length, KeyPass::key);
	if (!collected.ok())
		return refuse(pass, collected.error().message);
	OVSDP_TRY(parse_vlans(attributes, pass));
	return parse_fields(attributes, pass);
}

struct ScratchBytes : Pinned {
	ScratchBytes() = default;
	~ScratchBytes() { ovsdp_kp_free(data); }
	u8 *data = nullptr;
};

// Everything a parse needs besides the match: kept off the stack.
struct ParseState {
	KeyAttributes attributes;
	u64 key_attributes;
};

}  // namespace

Status parse_key(const void *key, u32 key_length, const CodecContext &context, FlowMatch *out)
{
	*out = FlowMatch{};
	OwnPtr<ParseState> state(new (may_sleep) ParseState{});
	if (!state)
		return make_error(-ENOMEM);
	OVSDP_TRY(parse_key_side(state->attributes, key, key_length, context, out));
	return check_prerequisites(out->key, nullptr, state->attributes.unconsumed(), 0, context);
}

Status parse_match(const void *key, u32 key_length, const void *mask, u32 mask_length,
		   const CodecContext &context, FlowMatch *out)
{
	*out = FlowMatch{};
	OwnPtr<ParseState> state(new (may_sleep) ParseState{});
	if (!state)
		return make_error(-ENOMEM);
	KeyAttributes &attributes = state->attributes;
	OVSDP_TRY(parse_key_side(attributes, key, key_length, context, out));
	u64 key_attributes = attributes.unconsumed();

	KeyWriter writer(out->mask, out->mask_range);
	Pass pass{true, out->key, writer, context};
	// Without a mask, an exact one: the key's own attributes, all ones.
	ScratchBytes exact;
	if (!mask) {
		exact.data = static_cast<u8 *>(ovsdp_kp_alloc(key_length ? key_length : 1, 8, OVSDP_ALLOC_MAY_SLEEP));
		if (!exact.data)
			return make_error(-ENOMEM);
		__builtin_memcpy(exact.data, key, key_length);
		fill_exact(exact.data, key_length, NestTable::key);
		// Userspace leaves zero tunnel fields out; they are still exact.
		if (out->key.tunnel_protocol)
			writer.fill(&out->mask.tunnel, 0xff, sizeof(out->mask.tunnel));
		mask = exact.data;
		mask_length = key_length;
	}
	attributes.begin_mask_pass();
	Status collected = attributes.collect(mask, mask_length, KeyPass::mask);
	if (!collected.ok())
		return refuse(pass, collected.error().message);
	// VLAN TCIs are always matched; only a mask ENCAP can loosen them.
	writer.put(out->mask.eth.vlan.tci, be16(0xffff));
	writer.put(out->mask.eth.cvlan.tci, be16(0xffff));
	OVSDP_TRY(parse_vlans(attributes, pass));
	u64 mask_attributes = attributes.unconsumed();
	OVSDP_TRY(parse_fields(attributes, pass));
	return check_prerequisites(out->key, &out->mask, key_attributes, mask_attributes, context);
}

}  // namespace ovsdp
