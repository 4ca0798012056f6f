// SPDX-License-Identifier: GPL-2.0
// A key or mask back into attributes, in the in-tree order and shape
// (Documentation/flow-netlink-behaviour.rst 5): userspace compares dumps
// with what it installed, so the canonical form is part of the interface.
#include "flow/key_codec.h"
#include "flow/key_writer.h"
#include "flow/tunnel_codec.h"

namespace ovsdp {
namespace {

constexpr u8 ip_protocol_icmp = 1;
constexpr u8 ip_protocol_tcp = 6;
constexpr u8 ip_protocol_udp = 17;
constexpr u8 ip_protocol_icmpv6 = 58;
constexpr u8 ip_protocol_sctp = 132;

bool is_vlan_type(be16 type)
{
	return type == to_be16(ethertype::vlan_8021q) || type == to_be16(ethertype::vlan_8021ad);
}

bool is_type(be16 type, u16 host) { return type == to_be16(host); }

void put_ct(const FlowKey &shape, const FlowKey &values, AttributeWriter &writer)
{
	writer.put_value(OVS_KEY_ATTR_CT_STATE, u32(values.ct_state));
	writer.put_value(OVS_KEY_ATTR_CT_ZONE, values.ct_zone);
	writer.put_value(OVS_KEY_ATTR_CT_MARK, values.ct.mark);
	writer.put(OVS_KEY_ATTR_CT_LABELS, values.ct.labels, sizeof(values.ct.labels));
	if (!shape.ct_orig_protocol)
		return;
	if (is_type(shape.eth.type, ethertype::ipv4)) {
		ovs_key_ct_tuple_ipv4 tuple{};
		tuple.ipv4_src = values.ipv4.ct_orig.source;
		tuple.ipv4_dst = values.ipv4.ct_orig.destination;
		tuple.src_port = values.ct.orig_source_port;
		tuple.dst_port = values.ct.orig_destination_port;
		tuple.ipv4_proto = values.ct_orig_protocol;
		writer.put_value(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, tuple);
	} else if (is_type(shape.eth.type, ethertype::ipv6)) {
		ovs_key_ct_tuple_ipv6 tuple{};
		__builtin_memcpy(tuple.ipv6_src, values.ipv6.ct_orig.source, 16);
		__builtin_memcpy(tuple.ipv6_dst, values.ipv6.ct_orig.destination, 16);
		tuple.src_port = values.ct.orig_source_port;
		tuple.dst_port = values.ct.orig_destination_port;
		tuple.ipv6_proto = values.ct_orig_protocol;
		writer.put_value(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, tuple);
	}
}

void put_vlan(const VlanTag &tag, bool is_mask, AttributeWriter &writer)
{
	// A mask always shows an exact TPID: it cannot be anything else.
	writer.put_value(OVS_KEY_ATTR_ETHERTYPE, is_mask ? be16(0xffff) : tag.tpid);
	writer.put_value(OVS_KEY_ATTR_VLAN, tag.tci);
}

void put_network(const FlowKey &shape, const FlowKey &values, bool is_mask, AttributeWriter &writer)
{
	be16 type = shape.eth.type;
	if (is_type(type, ethertype::ipv4)) {
		ovs_key_ipv4 ipv4{};
		ipv4.ipv4_src = values.ipv4.address.source;
		ipv4.ipv4_dst = values.ipv4.address.destination;
		ipv4.ipv4_proto = values.ip.protocol;
		ipv4.ipv4_tos = values.ip.tos;
		ipv4.ipv4_ttl = values.ip.ttl;
		ipv4.ipv4_frag = values.ip.fragment;
		writer.put_value(OVS_KEY_ATTR_IPV4, ipv4);
	} else if (is_type(type, ethertype::ipv6)) {
		ovs_key_ipv6 ipv6{};
		__builtin_memcpy(ipv6.ipv6_src, values.ipv6.address.source, 16);
		__builtin_memcpy(ipv6.ipv6_dst, values.ipv6.address.destination, 16);
		ipv6.ipv6_label = values.ipv6.label;
		ipv6.ipv6_proto = values.ip.protocol;
		ipv6.ipv6_tclass = values.ip.tos;
		ipv6.ipv6_hlimit = values.ip.ttl;
		ipv6.ipv6_frag = values.ip.fragment;
		writer.put_value(OVS_KEY_ATTR_IPV6, ipv6);
		ovs_key_ipv6_exthdrs headers{values.ipv6.extension_headers};
		writer.put_value(OVS_KEY_ATTR_IPV6_EXTHDRS, headers);
	} else if (is_type(type, ethertype::nsh)) {
		u32 nest = writer.begin_nest(OVS_KEY_ATTR_NSH);
		ovs_nsh_key_base base{values.nsh.flags, values.nsh.ttl, values.nsh.md_type, values.nsh.next_protocol,
				      values.nsh.path};
		writer.put_value(OVS_NSH_KEY_ATTR_BASE, base);
		if (is_mask || values.nsh.md_type == 1)
			writer.put(OVS_NSH_KEY_ATTR_MD1, values.nsh.context, sizeof(values.nsh.context));
		writer.end_nest(nest);
	} else if (is_type(type, ethertype::arp) || is_type(type, ethertype::rarp)) {
		ovs_key_arp arp{};
		arp.arp_sip = values.ipv4.address.source;
		arp.arp_tip = values.ipv4.address.destination;
		arp.arp_op = to_be16(values.ip.protocol);
		__builtin_memcpy(arp.arp_sha, values.ipv4.arp.source_hardware, ethernet_address_size);
		__builtin_memcpy(arp.arp_tha, values.ipv4.arp.target_hardware, ethernet_address_size);
		writer.put_value(OVS_KEY_ATTR_ARP, arp);
	} else if (is_type(type, ethertype::mpls_unicast) || is_type(type, ethertype::mpls_multicast)) {
		// Labels present, counted by hand: the kernel has no libgcc popcount.
		u32 count = 0;
		for (u32 i = 0; i < mpls_label_depth; i++)
			count += (values.mpls.label_presence >> i) & 1;
		writer.put(OVS_KEY_ATTR_MPLS, values.mpls.lse, count * sizeof(be32));
	}
}

void put_transport(const FlowKey &shape, const FlowKey &values, AttributeWriter &writer)
{
	bool ipv4 = is_type(shape.eth.type, ethertype::ipv4);
	bool ipv6 = is_type(shape.eth.type, ethertype::ipv6);
	if ((!ipv4 && !ipv6) || shape.ip.fragment == fragment_later)
		return;
	switch (shape.ip.protocol) {
	case ip_protocol_tcp:
		writer.put_value(OVS_KEY_ATTR_TCP, ovs_key_tcp{values.transport.source, values.transport.destination});
		writer.put_value(OVS_KEY_ATTR_TCP_FLAGS, values.transport.flags);
		return;
	case ip_protocol_udp:
		writer.put_value(OVS_KEY_ATTR_UDP, ovs_key_udp{values.transport.source, values.transport.destination});
		return;
	case ip_protocol_sctp:
		writer.put_value(OVS_KEY_ATTR_SCTP,
				 ovs_key_sctp{values.transport.source, values.transport.destination});
		return;
	case ip_protocol_icmp:
		if (ipv4)
			writer.put_value(OVS_KEY_ATTR_ICMP, ovs_key_icmp{u8(from_be16(values.transport.source)),
									 u8(from_be16(values.transport.destination))});
		return;
	case ip_protocol_icmpv6:
		if (!ipv6)
			return;
		writer.put_value(OVS_KEY_ATTR_ICMPV6, ovs_key_icmpv6{u8(from_be16(values.transport.source)),
								     u8(from_be16(values.transport.destination))});
		if (shape.transport.source == to_be16(135) || shape.transport.source == to_be16(136)) {
			ovs_key_nd nd{};
			__builtin_memcpy(nd.nd_target, values.ipv6.nd.target, 16);
			__builtin_memcpy(nd.nd_sll, values.ipv6.nd.source_link_layer, ethernet_address_size);
			__builtin_memcpy(nd.nd_tll, values.ipv6.nd.target_link_layer, ethernet_address_size);
			writer.put_value(OVS_KEY_ATTR_ND, nd);
		}
		return;
	}
}

}  // namespace

void put_key(const FlowKey &shape, const FlowKey &values, bool is_mask, AttributeWriter &writer)
{
	writer.put_value(OVS_KEY_ATTR_RECIRC_ID, values.recirc_id);
	writer.put_value(OVS_KEY_ATTR_DP_HASH, values.dp_hash);
	writer.put_value(OVS_KEY_ATTR_PRIORITY, values.priority);

	if (shape.tunnel_protocol || is_mask) {
		u32 nest = writer.begin_nest(OVS_KEY_ATTR_TUNNEL);
		u8 length = shape.tunnel_options_length;
		put_tunnel(values.tunnel, values.tunnel_options + (tunnel_options_max - length), length,
			   shape.tunnel_protocol, false, writer);
		writer.end_nest(nest);
	}

	if (shape.in_port == in_port_none) {
		if (is_mask && values.in_port == 0xffff)
			writer.put_value(OVS_KEY_ATTR_IN_PORT, u32(0xffffffff));
	} else {
		u32 upper = is_mask ? 0xffff0000u : 0;
		writer.put_value(OVS_KEY_ATTR_IN_PORT, upper | values.in_port);
	}
	writer.put_value(OVS_KEY_ATTR_SKB_MARK, values.skb_mark);
	put_ct(shape, values, writer);

	u32 outer = 0, inner = 0;
	bool has_outer = false, has_inner = false;
	auto close = [&] {
		if (has_inner)
			writer.end_nest(inner);
		if (has_outer)
			writer.end_nest(outer);
	};
	if (shape.mac_protocol == mac_protocol_ethernet) {
		ovs_key_ethernet eth{};
		__builtin_memcpy(eth.eth_src, values.eth.source, ethernet_address_size);
		__builtin_memcpy(eth.eth_dst, values.eth.destination, ethernet_address_size);
		writer.put_value(OVS_KEY_ATTR_ETHERNET, eth);
		if (shape.eth.vlan.tci || is_vlan_type(shape.eth.type)) {
			put_vlan(values.eth.vlan, is_mask, writer);
			outer = writer.begin_nest(OVS_KEY_ATTR_ENCAP);
			has_outer = true;
			if (!shape.eth.vlan.tci)
				return close();
			if (shape.eth.cvlan.tci || is_vlan_type(shape.eth.type)) {
				put_vlan(values.eth.cvlan, is_mask, writer);
				inner = writer.begin_nest(OVS_KEY_ATTR_ENCAP);
				has_inner = true;
				if (!shape.eth.cvlan.tci)
					return close();
			}
		}
		// An 802.2 frame has no ethertype: the key omits it.
		if (is_type(shape.eth.type, ethertype::llc)) {
			if (is_mask && values.eth.type)
				writer.put_value(OVS_KEY_ATTR_ETHERTYPE, values.eth.type);
			return close();
		}
	}
	writer.put_value(OVS_KEY_ATTR_ETHERTYPE, values.eth.type);
	// A third tag: nothing is known of the rest.
	if (is_vlan_type(shape.eth.type))
		return close();
	put_network(shape, values, is_mask, writer);
	put_transport(shape, values, writer);
	close();
}

void codec_log(const CodecContext &context, const char *message)
{
	if (context.log && message)
		ovsdp_kp_log_netlink(message);
}

}  // namespace ovsdp
