// SPDX-License-Identifier: GPL-2.0
#include "flow/key_attributes.h"

namespace ovsdp {

int key_attribute_length(u32 type)
{
	switch (type) {
	case OVS_KEY_ATTR_UNSPEC: return 0;
	case OVS_KEY_ATTR_ENCAP: return key_length_nested;
	case OVS_KEY_ATTR_PRIORITY: return sizeof(u32);
	case OVS_KEY_ATTR_IN_PORT: return sizeof(u32);
	case OVS_KEY_ATTR_ETHERNET: return sizeof(ovs_key_ethernet);
	case OVS_KEY_ATTR_VLAN: return sizeof(u16);
	case OVS_KEY_ATTR_ETHERTYPE: return sizeof(u16);
	case OVS_KEY_ATTR_IPV4: return sizeof(ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6: return sizeof(ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP: return sizeof(ovs_key_tcp);
	case OVS_KEY_ATTR_UDP: return sizeof(ovs_key_udp);
	case OVS_KEY_ATTR_ICMP: return sizeof(ovs_key_icmp);
	case OVS_KEY_ATTR_ICMPV6: return sizeof(ovs_key_icmpv6);
	case OVS_KEY_ATTR_ARP: return sizeof(ovs_key_arp);
	case OVS_KEY_ATTR_ND: return sizeof(ovs_key_nd);
	case OVS_KEY_ATTR_SKB_MARK: return sizeof(u32);
	case OVS_KEY_ATTR_TUNNEL: return key_length_nested;
	case OVS_KEY_ATTR_SCTP: return sizeof(ovs_key_sctp);
	case OVS_KEY_ATTR_TCP_FLAGS: return sizeof(u16);
	case OVS_KEY_ATTR_DP_HASH: return sizeof(u32);
	case OVS_KEY_ATTR_RECIRC_ID: return sizeof(u32);
	case OVS_KEY_ATTR_MPLS: return key_length_variable;
	case OVS_KEY_ATTR_CT_STATE: return sizeof(u32);
	case OVS_KEY_ATTR_CT_ZONE: return sizeof(u16);
	case OVS_KEY_ATTR_CT_MARK: return sizeof(u32);
	case OVS_KEY_ATTR_CT_LABELS: return sizeof(ovs_key_ct_labels);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4: return sizeof(ovs_key_ct_tuple_ipv4);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6: return sizeof(ovs_key_ct_tuple_ipv6);
	case OVS_KEY_ATTR_NSH: return key_length_nested;
	case OVS_KEY_ATTR_IPV6_EXTHDRS: return sizeof(ovs_key_ipv6_exthdrs);
	default: return key_length_unsupported;  // PACKET_TYPE, ND_EXTENSIONS, TUNNEL_INFO
	}
}

namespace {

bool all_zero(const Attribute &attribute)
{
	for (u16 i = 0; i < attribute.length; i++)
		if (attribute.data[i])
			return false;
	return true;
}

}  // namespace

Status KeyAttributes::collect(const void *data, u32 length, KeyPass pass)
{
	u64 present = present_;
	Attribute found[max_type + 1];
	AttributeStream stream(data, length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		if (attribute.type > max_type)
			return make_error(-EINVAL, "key attribute type out of range");
		int expected = key_attribute_length(attribute.type);
		if (expected == key_length_unsupported)
			return make_error(-EINVAL, "key attribute type not supported");
		if ((present >> attribute.type) & 1)
			return make_error(-EINVAL, "duplicate key attribute");
		if (expected >= 0 && attribute.length != expected)
			return make_error(-EINVAL, "key attribute has the wrong length");
		if (pass == KeyPass::mask && all_zero(attribute))
			continue;
		present |= u64(1) << attribute.type;
		found[attribute.type] = attribute;
	}
	if (stream.leftover())
		return make_error(-EINVAL, "key attributes followed by bytes that are no attribute");
	for (u32 type = 0; type <= max_type; type++)
		if (((present & ~present_) >> type) & 1)
			attributes_[type] = found[type];
	present_ = present;
	return success();
}

}  // namespace ovsdp
