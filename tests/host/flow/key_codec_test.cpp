// SPDX-License-Identifier: GPL-2.0
// The flow key codec against the in-tree rules it reproduces
// (Documentation/flow-netlink-behaviour.rst 2-5).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "flow/key_codec.h"
#include "netlink/attribute_stream.h"
#include "port/host_port.h"

namespace ovsdp {
namespace {

// Builds attribute streams for requests, nests included.
class Attrs {
public:
	template <class T>
	Attrs &put(u16 type, const T &value)
	{
		return raw(type, &value, sizeof(value));
	}
	Attrs &raw(u16 type, const void *data, u32 length)
	{
		std::vector<u8> one(length + 8);
		AttributeWriter writer(one.data(), one.size());
		writer.put(type, data, length);
		bytes_.insert(bytes_.end(), one.begin(), one.begin() + writer.length());
		return *this;
	}
	Attrs &nest(u16 type, const Attrs &inner) { return raw(type, inner.data(), inner.size()); }
	const u8 *data() const { return bytes_.data(); }
	u32 size() const { return bytes_.size(); }

private:
	std::vector<u8> bytes_;
};

ovs_key_ethernet ethernet()
{
	ovs_key_ethernet eth{};
	eth.eth_src[5] = 1;
	eth.eth_dst[5] = 2;
	return eth;
}

ovs_key_ipv4 ipv4(u8 protocol, u8 fragment = 0)
{
	ovs_key_ipv4 ip{};
	ip.ipv4_src = to_be32(0x0a000001);
	ip.ipv4_dst = to_be32(0x0a000002);
	ip.ipv4_proto = protocol;
	ip.ipv4_ttl = 64;
	ip.ipv4_frag = fragment;
	return ip;
}

Attrs ipv4_tcp_key()
{
	Attrs key;
	key.put(OVS_KEY_ATTR_IN_PORT, u32(1))
		.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800))
		.put(OVS_KEY_ATTR_IPV4, ipv4(6))
		.put(OVS_KEY_ATTR_TCP, ovs_key_tcp{to_be16(1000), to_be16(80)})
		.put(OVS_KEY_ATTR_TCP_FLAGS, to_be16(0));
	return key;
}

struct Parsed {
	std::unique_ptr<FlowMatch> match = std::make_unique<FlowMatch>();
	int error = 0;
};

Parsed parse(const Attrs &key, const Attrs *mask)
{
	Parsed parsed;
	Status status = parse_match(key.data(), key.size(), mask ? mask->data() : nullptr, mask ? mask->size() : 0,
				    CodecContext{}, parsed.match.get());
	parsed.error = status.ok() ? 0 : status.error().code;
	return parsed;
}

// The attribute types of a dump, in order, descending into nests as
// "type{...}".
std::string shape_of(const u8 *data, u32 length)
{
	std::string out;
	AttributeStream stream(data, length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		out += std::to_string(attribute.type);
		if (attribute.type == OVS_KEY_ATTR_ENCAP || attribute.type == OVS_KEY_ATTR_TUNNEL)
			out += "{" + shape_of(attribute.data, attribute.length) + "}";
		out += " ";
	}
	return out;
}

std::string dump(const FlowKey &shape, const FlowKey &values, bool is_mask, std::vector<u8> *bytes = nullptr)
{
	std::vector<u8> buffer(4096);
	AttributeWriter writer(buffer.data(), buffer.size());
	put_key(shape, values, is_mask, writer);
	EXPECT_FALSE(writer.overflow());
	buffer.resize(writer.length());
	if (bytes)
		*bytes = buffer;
	return shape_of(buffer.data(), buffer.size());
}

TEST(KeyCodec, ExactMaskFromKeyAndCanonicalDump)
{
	Parsed parsed = parse(ipv4_tcp_key(), nullptr);
	ASSERT_EQ(parsed.error, 0);
	const FlowMatch &match = *parsed.match;
	EXPECT_EQ(match.key.in_port, 1);
	EXPECT_EQ(match.mask.eth.type, 0xffff);
	EXPECT_EQ(match.mask.ip.protocol, 0xff);
	EXPECT_EQ(match.mask.in_port, 0xffff);
	EXPECT_EQ(match.mask.mac_protocol, 0xff);
	// recirc, dp_hash, priority, in_port, skb_mark, ct (4), eth, type, ipv4, tcp, tcp_flags
	EXPECT_EQ(dump(match.key, match.key, false), "20 19 2 3 15 22 23 24 25 4 6 7 9 18 ");
	// The mask always has a tunnel nest (TTL 0) and an exact in_port.
	EXPECT_EQ(dump(match.key, match.mask, true), "20 19 2 16{4 } 3 15 22 23 24 25 4 6 7 9 18 ");
}

TEST(KeyCodec, RoundTripParsesToTheSameKey)
{
	Parsed first = parse(ipv4_tcp_key(), nullptr);
	ASSERT_EQ(first.error, 0);
	std::vector<u8> bytes;
	dump(first.match->key, first.match->key, false, &bytes);
	auto second = std::make_unique<FlowMatch>();
	ASSERT_TRUE(parse_key(bytes.data(), bytes.size(), CodecContext{}, second.get()).ok());
	EXPECT_EQ(std::memcmp(&first.match->key, &second->key, sizeof(FlowKey)), 0);
}

TEST(KeyCodec, PrerequisitesAndValueRules)
{
	Attrs no_flags;
	no_flags.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800))
		.put(OVS_KEY_ATTR_IPV4, ipv4(6))
		.put(OVS_KEY_ATTR_TCP, ovs_key_tcp{1, 2});
	EXPECT_EQ(parse(no_flags, nullptr).error, -EINVAL);  // TCP needs TCP_FLAGS
	EXPECT_STREQ(host_port::last_netlink_log(), "Missing key (keys, expected)");

	Attrs port;
	port.put(OVS_KEY_ATTR_IN_PORT, u32(65535)).put(OVS_KEY_ATTR_ETHERNET, ethernet());
	EXPECT_EQ(parse(port, nullptr).error, -EINVAL);

	Attrs neither;
	neither.put(OVS_KEY_ATTR_IN_PORT, u32(1));
	EXPECT_EQ(parse(neither, nullptr).error, -EINVAL);

	Attrs low_type;
	low_type.put(OVS_KEY_ATTR_ETHERNET, ethernet()).put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x05ff));
	EXPECT_EQ(parse(low_type, nullptr).error, -EINVAL);

	Attrs fragment;
	fragment.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800))
		.put(OVS_KEY_ATTR_IPV4, ipv4(17, 3));
	EXPECT_EQ(parse(fragment, nullptr).error, -EINVAL);

	Attrs ct;
	ct.put(OVS_KEY_ATTR_CT_STATE, u32(0x100)).put(OVS_KEY_ATTR_ETHERNET, ethernet());
	EXPECT_EQ(parse(ct, nullptr).error, -EINVAL);

	Attrs unspec;
	unspec.raw(OVS_KEY_ATTR_UNSPEC, nullptr, 0).put(OVS_KEY_ATTR_ETHERNET, ethernet());
	EXPECT_EQ(parse(unspec, nullptr).error, -EINVAL);

	// A later fragment needs no L4 attribute, and its L4 mask is refused.
	Attrs later;
	later.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800))
		.put(OVS_KEY_ATTR_IPV4, ipv4(6, 2));
	EXPECT_EQ(parse(later, nullptr).error, 0);
}

TEST(KeyCodec, LlcFrameOmitsEthertype)
{
	Attrs key;
	key.put(OVS_KEY_ATTR_ETHERNET, ethernet());
	Parsed parsed = parse(key, nullptr);
	ASSERT_EQ(parsed.error, 0);
	EXPECT_EQ(parsed.match->key.eth.type, to_be16(0x0004));
	EXPECT_EQ(parsed.match->mask.eth.type, 0);  // the synthesised mask wildcards it
	EXPECT_EQ(dump(parsed.match->key, parsed.match->key, false), "20 19 2 15 22 23 24 25 4 ");
}

TEST(KeyCodec, VlanFramesNestTheirPayload)
{
	Attrs encap;
	encap.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800)).put(OVS_KEY_ATTR_IPV4, ipv4(99));
	Attrs key;
	key.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x8100))
		.put(OVS_KEY_ATTR_VLAN, to_be16(0x1005))
		.nest(OVS_KEY_ATTR_ENCAP, encap);
	Parsed parsed = parse(key, nullptr);
	ASSERT_EQ(parsed.error, 0);
	EXPECT_EQ(parsed.match->key.eth.vlan.tci, to_be16(0x1005));
	EXPECT_EQ(parsed.match->key.eth.vlan.tpid, to_be16(0x8100));
	EXPECT_EQ(parsed.match->key.eth.type, to_be16(0x0800));
	EXPECT_EQ(dump(parsed.match->key, parsed.match->key, false), "20 19 2 15 22 23 24 25 4 6 5 1{6 7 } ");

	Attrs no_cfi;
	no_cfi.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x8100))
		.put(OVS_KEY_ATTR_VLAN, to_be16(0x0005))
		.nest(OVS_KEY_ATTR_ENCAP, encap);
	EXPECT_EQ(parse(no_cfi, nullptr).error, -EINVAL);

	// A key attribute repeated inside ENCAP is a duplicate.
	Attrs inner_dup;
	inner_dup.put(OVS_KEY_ATTR_ETHERNET, ethernet());
	Attrs dup;
	dup.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x8100))
		.put(OVS_KEY_ATTR_VLAN, to_be16(0x1005))
		.nest(OVS_KEY_ATTR_ENCAP, inner_dup);
	EXPECT_EQ(parse(dup, nullptr).error, -EINVAL);

	// Truncated tag: TCI 0 with an empty ENCAP. Its synthesised exact mask
	// has a VLAN but no ENCAP (an empty mask attribute counts as absent),
	// which in-tree refuses too; a key alone (GET, DEL) is fine.
	Attrs truncated;
	truncated.put(OVS_KEY_ATTR_ETHERNET, ethernet())
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x8100))
		.put(OVS_KEY_ATTR_VLAN, be16(0))
		.nest(OVS_KEY_ATTR_ENCAP, Attrs());
	EXPECT_EQ(parse(truncated, nullptr).error, -EINVAL);
	auto cut = std::make_unique<FlowMatch>();
	ASSERT_TRUE(parse_key(truncated.data(), truncated.size(), CodecContext{}, cut.get()).ok());
	EXPECT_EQ(cut->key.eth.type, to_be16(0x0004));
}

TEST(KeyCodec, MaskRules)
{
	Attrs mask;
	mask.put(OVS_KEY_ATTR_IN_PORT, u32(1))  // any non-zero mask becomes exact
		.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x00ff))
		.put(OVS_KEY_ATTR_IPV4, ipv4(0xff));
	Parsed parsed = parse(ipv4_tcp_key(), &mask);
	ASSERT_EQ(parsed.error, 0);
	EXPECT_EQ(parsed.match->mask.in_port, 0xffff);
	EXPECT_EQ(parsed.match->mask.eth.type, 0xffff);
	EXPECT_EQ(parsed.match->mask.eth.vlan.tci, 0xffff);

	// An L4 mask needs an exact IP protocol mask.
	Attrs loose;
	loose.put(OVS_KEY_ATTR_ETHERTYPE, to_be16(0xffff))
		.put(OVS_KEY_ATTR_IPV4, ipv4(0x0f))
		.put(OVS_KEY_ATTR_TCP, ovs_key_tcp{0xffff, 0});
	EXPECT_EQ(parse(ipv4_tcp_key(), &loose).error, -EINVAL);

	// A mask attribute the key lacks.
	Attrs extra;
	extra.put(OVS_KEY_ATTR_SKB_MARK, u32(1));
	EXPECT_EQ(parse(ipv4_tcp_key(), &extra).error, -EINVAL);

	// All-zero mask attributes are dropped, so not duplicates either.
	Attrs zeros;
	zeros.put(OVS_KEY_ATTR_SKB_MARK, u32(0)).put(OVS_KEY_ATTR_SKB_MARK, u32(0));
	EXPECT_EQ(parse(ipv4_tcp_key(), &zeros).error, 0);

	// Empty mask: everything wildcarded but the always-exact fields.
	Parsed empty = parse(ipv4_tcp_key(), &zeros);
	EXPECT_EQ(empty.match->mask.in_port, 0);
	EXPECT_EQ(empty.match->mask.eth.type, 0);
	EXPECT_EQ(empty.match->mask.mac_protocol, 0xff);
}

TEST(KeyCodec, TunnelRules)
{
	auto tunnel_key = [](const Attrs &tunnel) {
		Attrs key;
		key.nest(OVS_KEY_ATTR_TUNNEL, tunnel).put(OVS_KEY_ATTR_ETHERNET, ethernet());
		return key;
	};
	Attrs good;
	good.put(OVS_TUNNEL_KEY_ATTR_ID, u64(0x0700000000000000ull))
		.put(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(0x0a000002))
		.put(OVS_TUNNEL_KEY_ATTR_TTL, u8(64));
	Parsed parsed = parse(tunnel_key(good), nullptr);
	ASSERT_EQ(parsed.error, 0);
	EXPECT_EQ(parsed.match->key.tunnel_protocol, tunnel_protocol_ipv4);
	EXPECT_EQ(parsed.match->mask.tunnel.tos, 0xff);  // the whole tunnel is exact
	EXPECT_EQ(dump(parsed.match->key, parsed.match->key, false), "20 19 2 16{0 2 4 } 15 22 23 24 25 4 ");

	Attrs no_ttl;
	no_ttl.put(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(1));
	EXPECT_EQ(parse(tunnel_key(no_ttl), nullptr).error, -EINVAL);

	Attrs mixed;
	mixed.put(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(1)).put(OVS_TUNNEL_KEY_ATTR_TTL, u8(1));
	u8 address[16] = {1};
	mixed.raw(OVS_TUNNEL_KEY_ATTR_IPV6_DST, address, 16);
	EXPECT_EQ(parse(tunnel_key(mixed), nullptr).error, -EINVAL);

	Attrs geneve = good;
	u8 options[8] = {0, 1, 2, 1, 0xa, 0xb, 0xc, 0xd};
	geneve.raw(OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, options, sizeof(options));
	Parsed with_options = parse(tunnel_key(geneve), nullptr);
	ASSERT_EQ(with_options.error, 0);
	EXPECT_EQ(with_options.match->key.tunnel_options_length, 8);
	EXPECT_EQ(std::memcmp(with_options.match->key.tunnel_options + 247, options, 8), 0);

	Attrs two_blocks = geneve;
	two_blocks.raw(OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, options, 4);
	EXPECT_EQ(parse(tunnel_key(two_blocks), nullptr).error, -EINVAL);

	TunnelInfo info;
	ASSERT_TRUE(parse_set_tunnel(geneve.data(), geneve.size(), CodecContext{}, &info).ok());
	EXPECT_EQ(info.options_length, 8);
	EXPECT_EQ(std::memcmp(info.options, options, 8), 0);
}

TEST(KeyCodec, HostileStreamsAreRefused)
{
	// Truncated attribute header, length beyond the buffer, nesting junk.
	u8 junk[] = {8, 0, 2, 0, 1, 0};
	auto match = std::make_unique<FlowMatch>();
	EXPECT_FALSE(parse_key(junk, sizeof(junk), CodecContext{}, match.get()).ok());
	u8 long_attr[] = {200, 0, 2, 0, 1, 0, 0, 0};
	EXPECT_FALSE(parse_key(long_attr, sizeof(long_attr), CodecContext{}, match.get()).ok());
	CodecContext quiet{false};
	int before = host_port::netlink_log_count();
	EXPECT_FALSE(parse_key(junk, sizeof(junk), quiet, match.get()).ok());
	EXPECT_EQ(host_port::netlink_log_count(), before);  // a probe logs nothing
}

}  // namespace
}  // namespace ovsdp
