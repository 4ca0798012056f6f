// SPDX-License-Identifier: GPL-2.0
// The tunnel nest, with the in-tree rules (Documentation/
// flow-netlink-behaviour.rst 2.4 and 5.3). Options sit right-aligned in the
// key's option area, so a key's options and a mask's line up byte for byte.
#include "flow/tunnel_codec.h"

#include "netlink/attribute_stream.h"
#include "runtime/own_ptr.h"

namespace ovsdp {
namespace {

constexpr int length_any = -1;  // variable or nested: checked by the member's own rules
constexpr u32 erspan_metadata_size = 12;  // struct erspan_metadata
constexpr u16 af_inet = tunnel_protocol_ipv4;
constexpr u16 af_inet6 = tunnel_protocol_ipv6;

int tunnel_attribute_length(u16 type)
{
	switch (type) {
	case OVS_TUNNEL_KEY_ATTR_ID: return 8;
	case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV4_DST: return 4;
	case OVS_TUNNEL_KEY_ATTR_TOS:
	case OVS_TUNNEL_KEY_ATTR_TTL: return 1;
	case OVS_TUNNEL_KEY_ATTR_TP_SRC:
	case OVS_TUNNEL_KEY_ATTR_TP_DST: return 2;
	case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV6_DST: return 16;
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS: return length_any;
	default: return 0;  // the flags, PAD and INFO_BRIDGE
	}
}

bool all_zero(const void *data, size_t length)
{
	const u8 *bytes = static_cast<const u8 *>(data);
	for (size_t i = 0; i < length; i++)
		if (bytes[i])
			return false;
	return true;
}

u8 *options_at(FlowKey &key, u32 length) { return key.tunnel_options + (tunnel_options_max - length); }

Status parse_geneve(const Attribute &attribute, TunnelUse use, const FlowKey &key, const CodecContext &context,
		    KeyWriter &out)
{
	FlowKey &target = out.key();
	if (attribute.length > tunnel_options_max || attribute.length % 4) {
		codec_log(context, "Geneve option length is out of range or not a multiple of 4.");
		return make_error(-EINVAL);
	}
	if (use != TunnelUse::mask) {
		out.put(target.tunnel_options_length, u8(attribute.length));
	} else {
		// The mask must cover exactly the key's options.
		if (key.tunnel_options_length != attribute.length) {
			codec_log(context, "Geneve option len != mask len");
			return make_error(-EINVAL);
		}
		out.put(target.tunnel_options_length, u8(0xff));
	}
	out.copy(options_at(target, attribute.length), attribute.data, attribute.length);
	return success();
}

Status parse_vxlan(const Attribute &attribute, TunnelUse use, const CodecContext &context, KeyWriter &out)
{
	u32 gbp = 0;
	AttributeStream stream(attribute.data, attribute.length);
	Attribute member;
	while (stream.next(&member)) {
		if (member.type > OVS_VXLAN_EXT_MAX) {
			codec_log(context, "VXLAN extension out of range");
			return make_error(-EINVAL);
		}
		u16 expected = member.type == OVS_VXLAN_EXT_GBP ? sizeof(u32) : 0;
		if (member.length != expected) {
			codec_log(context, "VXLAN extension has unexpected len");
			return make_error(-EINVAL);
		}
		if (member.type != OVS_VXLAN_EXT_GBP) {
			codec_log(context, "Unknown VXLAN extension attribute");
			return make_error(-EINVAL);
		}
		gbp = load<u32>(member.data);
	}
	if (stream.leftover()) {
		codec_log(context, "VXLAN extension message has unknown bytes.");
		return make_error(-EINVAL);
	}
	FlowKey &target = out.key();
	out.put(target.tunnel_options_length, use == TunnelUse::mask ? u8(0xff) : u8(sizeof(gbp)));
	out.copy(options_at(target, sizeof(gbp)), &gbp, sizeof(gbp));
	return success();
}

Status parse_erspan(const Attribute &attribute, TunnelUse use, const CodecContext &context, KeyWriter &out)
{
	if (attribute.length > tunnel_options_max) {
		codec_log(context, "ERSPAN option length err");
		return make_error(-EINVAL);
	}
	// In-tree records the metadata struct's size whatever the payload's.
	FlowKey &target = out.key();
	out.put(target.tunnel_options_length, use == TunnelUse::mask ? u8(0xff) : u8(erspan_metadata_size));
	out.copy(options_at(target, attribute.length), attribute.data, attribute.length);
	return success();
}

}  // namespace

Result<TunnelParsed> parse_tunnel(const u8 *data, u32 length, TunnelUse use, const FlowKey &key,
				  const CodecContext &context, KeyWriter &out)
{
	FlowKey &target = out.key();
	TunnelKey &tunnel = target.tunnel;
	TunnelParsed parsed{};
	bool ipv4 = false, ipv6 = false, ttl = false;
	u16 flags = 0;

	AttributeStream stream(data, length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		u16 type = attribute.type;
		if (type > OVS_TUNNEL_KEY_ATTR_MAX) {
			codec_log(context, "Tunnel attr out of range");
			return make_error(-EINVAL);
		}
		int expected = tunnel_attribute_length(type);
		if (expected != length_any && attribute.length != expected) {
			codec_log(context, "Tunnel attr has unexpected len");
			return make_error(-EINVAL);
		}
		const u8 *value = attribute.data;
		switch (type) {
		case OVS_TUNNEL_KEY_ATTR_ID:
			out.put(tunnel.id, load<be64>(value));
			flags |= tunnel_flag_key;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
			out.put(tunnel.address.ipv4.source, load<be32>(value));
			ipv4 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
			out.put(tunnel.address.ipv4.destination, load<be32>(value));
			ipv4 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
			out.copy(tunnel.address.ipv6.source, value, 16);
			ipv6 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
			out.copy(tunnel.address.ipv6.destination, value, 16);
			ipv6 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_TOS:
			out.put(tunnel.tos, value[0]);
			break;
		case OVS_TUNNEL_KEY_ATTR_TTL:
			out.put(tunnel.ttl, value[0]);
			ttl = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
			flags |= tunnel_flag_dont_fragment;
			break;
		case OVS_TUNNEL_KEY_ATTR_CSUM:
			flags |= tunnel_flag_csum;
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_SRC:
			out.put(tunnel.source_port, load<be16>(value));
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_DST:
			out.put(tunnel.destination_port, load<be16>(value));
			break;
		case OVS_TUNNEL_KEY_ATTR_OAM:
			flags |= tunnel_flag_oam;
			break;
		case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
		case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
		case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS: {
			if (parsed.options_type) {
				codec_log(context, "Multiple metadata blocks provided");
				return make_error(-EINVAL);
			}
			Status status = type == OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS
						? parse_geneve(attribute, use, key, context, out)
					: type == OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS ? parse_vxlan(attribute, use, context, out)
										 : parse_erspan(attribute, use, context, out);
			if (!status.ok())
				return status.error();
			flags |= type == OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS ? tunnel_flag_geneve_options
				 : type == OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS ? tunnel_flag_vxlan_options
									  : tunnel_flag_erspan_options;
			parsed.options_type = type;
			break;
		}
		case OVS_TUNNEL_KEY_ATTR_PAD:
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE:
			parsed.bridge_mode = true;
			ipv4 = true;
			break;
		default:
			codec_log(context, "Unknown IP tunnel attribute");
			return make_error(-EINVAL);
		}
	}

	out.put(tunnel.flags, flags);
	if (use == TunnelUse::mask)
		out.put(target.tunnel_protocol, u8(0xff));
	else
		out.put(target.tunnel_protocol, u8(ipv6 ? af_inet6 : af_inet));

	if (stream.leftover() > 0) {
		codec_log(context, "IP tunnel attribute has unknown bytes.");
		return make_error(-EINVAL);
	}
	if (ipv4 && ipv6) {
		codec_log(context, "Mixed IPv4 and IPv6 tunnel attributes");
		return make_error(-EINVAL);
	}
	if (use == TunnelUse::mask)
		return parsed;

	if (!ipv4 && !ipv6) {
		codec_log(context, "IP tunnel dst address not specified");
		return make_error(-EINVAL);
	}
	if (ipv4) {
		if (parsed.bridge_mode) {
			if (tunnel.address.ipv4.source || tunnel.address.ipv4.destination || tunnel.source_port ||
			    tunnel.destination_port || tunnel.ttl || tunnel.tos || (flags & ~tunnel_flag_key)) {
				codec_log(context, "IPv4 tun info is not correct");
				return make_error(-EINVAL);
			}
		} else if (!tunnel.address.ipv4.destination) {
			codec_log(context, "IPv4 tunnel dst address is zero");
			return make_error(-EINVAL);
		}
	}
	if (ipv6 && all_zero(tunnel.address.ipv6.destination, 16)) {
		codec_log(context, "IPv6 tunnel dst address is zero");
		return make_error(-EINVAL);
	}
	if (!ttl && !parsed.bridge_mode) {
		codec_log(context, "IP tunnel TTL not specified.");
		return make_error(-EINVAL);
	}
	return parsed;
}

void put_tunnel(const TunnelKey &tunnel, const u8 *options, u8 options_length, u8 protocol, bool bridge_mode,
		AttributeWriter &writer)
{
	if (tunnel.flags & tunnel_flag_key)
		writer.put_value(OVS_TUNNEL_KEY_ATTR_ID, tunnel.id);
	if (bridge_mode) {
		writer.put_flag(OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE);
		return;
	}
	if (protocol == af_inet) {
		if (tunnel.address.ipv4.source)
			writer.put_value(OVS_TUNNEL_KEY_ATTR_IPV4_SRC, tunnel.address.ipv4.source);
		if (tunnel.address.ipv4.destination)
			writer.put_value(OVS_TUNNEL_KEY_ATTR_IPV4_DST, tunnel.address.ipv4.destination);
	} else if (protocol == af_inet6) {
		if (!all_zero(tunnel.address.ipv6.source, 16))
			writer.put(OVS_TUNNEL_KEY_ATTR_IPV6_SRC, tunnel.address.ipv6.source, 16);
		if (!all_zero(tunnel.address.ipv6.destination, 16))
			writer.put(OVS_TUNNEL_KEY_ATTR_IPV6_DST, tunnel.address.ipv6.destination, 16);
	}
	if (tunnel.tos)
		writer.put_value(OVS_TUNNEL_KEY_ATTR_TOS, tunnel.tos);
	writer.put_value(OVS_TUNNEL_KEY_ATTR_TTL, tunnel.ttl);
	if (tunnel.flags & tunnel_flag_dont_fragment)
		writer.put_flag(OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
	if (tunnel.flags & tunnel_flag_csum)
		writer.put_flag(OVS_TUNNEL_KEY_ATTR_CSUM);
	if (tunnel.source_port)
		writer.put_value(OVS_TUNNEL_KEY_ATTR_TP_SRC, tunnel.source_port);
	if (tunnel.destination_port)
		writer.put_value(OVS_TUNNEL_KEY_ATTR_TP_DST, tunnel.destination_port);
	if (tunnel.flags & tunnel_flag_oam)
		writer.put_flag(OVS_TUNNEL_KEY_ATTR_OAM);
	if (!options_length)
		return;
	if (tunnel.flags & tunnel_flag_geneve_options) {
		writer.put(OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, options, options_length);
	} else if (tunnel.flags & tunnel_flag_vxlan_options) {
		u32 nest = writer.begin_nest(OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS);
		writer.put_value(OVS_VXLAN_EXT_GBP, load<u32>(options));
		writer.end_nest(nest);
	} else if (tunnel.flags & tunnel_flag_erspan_options) {
		writer.put(OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, options, options_length);
	}
}

Status parse_set_tunnel(const void *data, u32 length, const CodecContext &context, TunnelInfo *out)
{
	// Parsed into a scratch key, as in-tree parses into a scratch match.
	OwnPtr<FlowKey> scratch(new (may_sleep) FlowKey{});
	if (!scratch)
		return make_error(-ENOMEM);
	KeyRange range;
	KeyWriter writer(*scratch, range);
	Result<TunnelParsed> parsed =
		parse_tunnel(static_cast<const u8 *>(data), length, TunnelUse::set_action, *scratch, context, writer);
	if (!parsed.ok())
		return parsed.error();
	*out = TunnelInfo{};
	out->key = scratch->tunnel;
	out->protocol = scratch->tunnel_protocol;
	out->bridge_mode = parsed.value().bridge_mode;
	out->options_length = scratch->tunnel_options_length;
	__builtin_memcpy(out->options, options_at(*scratch, out->options_length), out->options_length);
	return success();
}

void put_set_tunnel(const TunnelInfo &tunnel, AttributeWriter &writer)
{
	put_tunnel(tunnel.key, tunnel.options, tunnel.options_length, tunnel.protocol, tunnel.bridge_mode, writer);
}

}  // namespace ovsdp
