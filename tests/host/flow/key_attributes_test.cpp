// SPDX-License-Identifier: GPL-2.0
// The first pass over flow keys and masks: the in-tree checks on types,
// duplicates, lengths and left-over bytes, in its order.
#include "flow/key_attributes.h"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

namespace ovsdp {
namespace {

class Buffer {
public:
	Buffer &attr(u16 type, std::vector<u8> payload, u16 flags = 0)
	{
		u16 length = u16(4 + payload.size());
		append(&length, 2);
		u16 typed = u16(type | flags);
		append(&typed, 2);
		bytes_.insert(bytes_.end(), payload.begin(), payload.end());
		while (bytes_.size() % 4)
			bytes_.push_back(0);
		return *this;
	}
	Buffer &u32_attr(u16 type, u32 value)
	{
		std::vector<u8> payload(4);
		std::memcpy(payload.data(), &value, 4);
		return attr(type, payload);
	}
	Buffer &raw(std::vector<u8> bytes)
	{
		bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
		return *this;
	}
	const u8 *data() const { return bytes_.data(); }
	u32 size() const { return u32(bytes_.size()); }
	std::vector<u8> bytes() const { return bytes_; }

private:
	void append(const void *from, size_t n)
	{
		auto *p = static_cast<const u8 *>(from);
		bytes_.insert(bytes_.end(), p, p + n);
	}
	std::vector<u8> bytes_;
};

int collect(KeyAttributes &table, const Buffer &buffer, KeyPass pass = KeyPass::key)
{
	Status status = table.collect(buffer.data(), buffer.size(), pass);
	return status.ok() ? 0 : status.error().code;
}

TEST(KeyAttributesTest, RecordsEachAttributeByTypeWithoutFlagBits)
{
	KeyAttributes table;
	Buffer key;
	key.u32_attr(OVS_KEY_ATTR_IN_PORT, 3)
		.attr(OVS_KEY_ATTR_ETHERNET, std::vector<u8>(12, 0xab))
		.attr(OVS_KEY_ATTR_ETHERTYPE, {0x08, 0x00}, 0x4000 /* NLA_F_NET_BYTEORDER */)
		.attr(OVS_KEY_ATTR_TUNNEL, {}, 0x8000 /* NLA_F_NESTED */);
	ASSERT_EQ(collect(table, key), 0);
	EXPECT_TRUE(table.has(OVS_KEY_ATTR_IN_PORT));
	EXPECT_TRUE(table.has(OVS_KEY_ATTR_ETHERTYPE));
	EXPECT_TRUE(table.has(OVS_KEY_ATTR_TUNNEL));
	EXPECT_FALSE(table.has(OVS_KEY_ATTR_IPV4));
	EXPECT_EQ(table.get(OVS_KEY_ATTR_ETHERNET).length, 12);
	EXPECT_EQ(table.get(OVS_KEY_ATTR_ETHERNET).data[0], 0xab);
	u32 port;
	std::memcpy(&port, table.get(OVS_KEY_ATTR_IN_PORT).data, 4);
	EXPECT_EQ(port, 3u);
}

TEST(KeyAttributesTest, RefusesInTreeOrder)
{
	// Out of range comes before unsupported, unsupported before duplicate,
	// duplicate before length.
	KeyAttributes table;
	EXPECT_EQ(collect(table, Buffer().u32_attr(OVS_KEY_ATTR_MAX + 1, 0)), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_PACKET_TYPE, {1, 2, 3, 4})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_ND_EXTENSIONS, {})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_TUNNEL_INFO, {})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().u32_attr(OVS_KEY_ATTR_PRIORITY, 1).u32_attr(OVS_KEY_ATTR_PRIORITY, 2)),
		  -EINVAL);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_VLAN, {1, 2, 3})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_UNSPEC, {1})), -EINVAL);
	// A refused pass leaves nothing behind.
	EXPECT_EQ(table.unconsumed(), 0u);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_UNSPEC, {})), 0);
}

TEST(KeyAttributesTest, LengthsFollowTheUapi)
{
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_IPV4), 12);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_IPV6), 40);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_ARP), 24);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_ND), 28);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6), 40);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_MPLS), key_length_variable);
	EXPECT_EQ(key_attribute_length(OVS_KEY_ATTR_NSH), key_length_nested);
	KeyAttributes table;
	// Variable and nested types take any length here.
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_MPLS, std::vector<u8>(20))), 0);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_ENCAP, std::vector<u8>(3))), 0);
}

TEST(KeyAttributesTest, BytesThatAreNoAttributeAreRefused)
{
	KeyAttributes table;
	EXPECT_EQ(collect(table, Buffer().u32_attr(OVS_KEY_ATTR_PRIORITY, 1).raw({1, 2})), -EINVAL);
	// Length below the header, and beyond the buffer.
	EXPECT_EQ(collect(table, Buffer().raw({2, 0, 2, 0})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer().raw({40, 0, 2, 0, 0, 0, 0, 0})), -EINVAL);
	// An unpadded last attribute: the walk overshoots, as in-tree.
	EXPECT_EQ(collect(table, Buffer().raw({6, 0, OVS_KEY_ATTR_VLAN, 0, 1, 2})), -EINVAL);
	EXPECT_EQ(collect(table, Buffer()), 0);
}

TEST(KeyAttributesTest, ZeroMaskAttributesAreNotRecorded)
{
	KeyAttributes mask;
	Buffer zeros;
	zeros.u32_attr(OVS_KEY_ATTR_SKB_MARK, 0).u32_attr(OVS_KEY_ATTR_SKB_MARK, 0);
	ASSERT_EQ(collect(mask, zeros, KeyPass::mask), 0);
	EXPECT_FALSE(mask.has(OVS_KEY_ATTR_SKB_MARK));
	ASSERT_EQ(collect(mask, Buffer().u32_attr(OVS_KEY_ATTR_SKB_MARK, 0xff), KeyPass::mask), 0);
	EXPECT_TRUE(mask.has(OVS_KEY_ATTR_SKB_MARK));
	// In a key, zeros count.
	KeyAttributes key;
	EXPECT_EQ(collect(key, zeros), -EINVAL);
}

TEST(KeyAttributesTest, EncapMayRepeatWhatWasConsumed)
{
	KeyAttributes table;
	Buffer outer;
	outer.attr(OVS_KEY_ATTR_ETHERTYPE, {0x81, 0x00}).attr(OVS_KEY_ATTR_IN_PORT, {1, 0, 0, 0});
	ASSERT_EQ(collect(table, outer), 0);
	Buffer inner;
	inner.attr(OVS_KEY_ATTR_ETHERTYPE, {0x08, 0x00});
	EXPECT_EQ(collect(table, inner), -EINVAL);  // still pending at the outer level
	table.consume(OVS_KEY_ATTR_ETHERTYPE);
	ASSERT_EQ(collect(table, inner), 0);
	EXPECT_EQ(table.get(OVS_KEY_ATTR_ETHERTYPE).data[0], 0x08);
	EXPECT_EQ(collect(table, Buffer().attr(OVS_KEY_ATTR_IN_PORT, {2, 0, 0, 0})), -EINVAL);
	EXPECT_EQ(table.unconsumed(), (u64(1) << OVS_KEY_ATTR_ETHERTYPE) | (u64(1) << OVS_KEY_ATTR_IN_PORT));
}

}  // namespace
}  // namespace ovsdp
