// SPDX-License-Identifier: GPL-2.0
// The flow action codec against the in-tree rules it reproduces
// (Documentation/flow-netlink-behaviour.rst 6): acceptance and errno of
// every action, the running state, nested lists, CT, the size limits, and
// the canonical form a dump shows.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "flow/action_log.h"
#include "flow/flow_actions.h"
#include "netlink/attribute_stream.h"
#include "port/core_test.h"
#include "port/host_port.h"

namespace ovsdp {
namespace {

constexpr u16 nested_flag = 0x8000;     // NLA_F_NESTED
constexpr u16 byteorder_flag = 0x4000;  // NLA_F_NET_BYTEORDER
constexpr u16 action_drop = 24;         // 6.12's UAPI
constexpr u16 action_psample = 25;
constexpr u32 uapi_6_1 = 23;
constexpr u32 uapi_6_12 = 25;

// Builds attribute streams, nests included; types may carry flag bits.
class Attrs {
public:
	template <class T>
	Attrs &put(u16 type, const T &value)
	{
		return raw(type, &value, sizeof(value));
	}
	Attrs &u16_(u16 type, u16 value) { return put(type, value); }
	Attrs &u32_(u16 type, u32 value) { return put(type, value); }
	Attrs &flag(u16 type) { return raw(type, nullptr, 0); }
	Attrs &bytes(u16 type, std::vector<u8> payload) { return raw(type, payload.data(), payload.size()); }
	Attrs &string(u16 type, const std::string &text) { return raw(type, text.c_str(), text.size() + 1); }
	Attrs &raw(u16 type, const void *data, u32 length)
	{
		std::vector<u8> one(length + 8);
		AttributeWriter writer(one.data(), one.size());
		writer.put(type, data, length);
		bytes_.insert(bytes_.end(), one.begin(), one.begin() + writer.length());
		return *this;
	}
	Attrs &nest(u16 type, const Attrs &inner) { return raw(type, inner.data(), inner.size()); }
	// Bytes as they are: trailing garbage, or an attribute without padding.
	Attrs &append(std::vector<u8> bytes)
	{
		bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
		return *this;
	}
	Attrs &unpadded(u16 type, std::vector<u8> payload)
	{
		u16 header[2] = {u16(4 + payload.size()), type};
		const u8 *p = reinterpret_cast<const u8 *>(header);
		bytes_.insert(bytes_.end(), p, p + 4);
		bytes_.insert(bytes_.end(), payload.begin(), payload.end());
		return *this;
	}
	Attrs &repeat(const Attrs &one, int times)
	{
		for (int i = 0; i < times; i++)
			bytes_.insert(bytes_.end(), one.bytes_.begin(), one.bytes_.end());
		return *this;
	}
	const u8 *data() const { return bytes_.data(); }
	u32 size() const { return bytes_.size(); }
	const std::vector<u8> &vector() const { return bytes_; }

private:
	std::vector<u8> bytes_;
};

FlowKey ethernet_key(u16 type)
{
	FlowKey key{};
	key.mac_protocol = mac_protocol_ethernet;
	key.eth.type = to_be16(type);
	return key;
}

FlowKey ip_key(u16 type = ethertype::ipv4, u8 protocol = 6, u8 fragment = fragment_none)
{
	FlowKey key = ethernet_key(type);
	key.ip.protocol = protocol;
	key.ip.fragment = fragment;
	return key;
}

FlowKey layer3_key(u16 type)
{
	FlowKey key{};
	key.mac_protocol = mac_protocol_none;
	key.eth.type = to_be16(type);
	return key;
}

FlowKey mpls_key(u32 labels, u8 mac_protocol = mac_protocol_ethernet)
{
	FlowKey key = ethernet_key(ethertype::mpls_unicast);
	key.mac_protocol = mac_protocol;
	key.mpls.label_presence = (1u << labels) - 1;
	return key;
}

// What conntrack offers in these tests: one helper, "ftp".
struct FakeConntrack {
	int nat_error = 0;
	int calls = 0;
	u16 family = 0;
	u8 protocol = 0;
	bool nat = false;
	std::string timeout_seen;

	static int helper(void *opaque, const char *name, u16 family, u8 protocol, bool nat)
	{
		auto *self = static_cast<FakeConntrack *>(opaque);
		self->calls++;
		self->family = family;
		self->protocol = protocol;
		self->nat = nat;
		if (std::strcmp(name, "ftp"))
			return -EINVAL;
		return nat ? self->nat_error : 0;
	}
	static int timeout(void *opaque, const char *name, u16, u8)
	{
		static_cast<FakeConntrack *>(opaque)->timeout_seen = name;
		return std::strcmp(name, "policy") ? -ENOENT : 0;
	}
};

// A dump drops the NLA_F_NESTED that 6.12 demands on PSAMPLE; put it back
// so that the stored form can be fed in again. Walks the stored form as an
// executor would: it is trusted.
void restore_psample_flags(u8 *data, u32 length)
{
	AttributeStream stream(data, length);
	Attribute action;
	while (stream.next(&action)) {
		u8 *payload = const_cast<u8 *>(action.data);
		u16 member_list = 0;
		switch (action.type) {
		case action_psample:
			payload[-1] |= nested_flag >> 8;
			continue;
		case OVS_ACTION_ATTR_CLONE:
			restore_psample_flags(payload, action.length);
			continue;
		case OVS_ACTION_ATTR_SAMPLE:
			member_list = 1 << OVS_SAMPLE_ATTR_ACTIONS;
			break;
		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			member_list = 1 << OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER |
				      1 << OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL;
			break;
		case OVS_ACTION_ATTR_DEC_TTL:
			member_list = 1 << OVS_DEC_TTL_ATTR_ACTION;
			break;
		default:
			continue;
		}
		AttributeStream members(payload, action.length);
		Attribute member;
		while (members.next(&member))
			if (member_list >> member.type & 1)
				restore_psample_flags(const_cast<u8 *>(member.data), member.length);
	}
}

struct Outcome {
	int error = 0;
	std::vector<u8> stored;
	u32 request_length = 0;
};

class FlowActionsTest : public testing::CoreTest {
protected:
	ActionContext context(u32 uapi = OVS_ACTION_ATTR_MAX)
	{
		ActionContext result;
		result.action_type_max = uapi;
		result.ct_helper = &FakeConntrack::helper;
		result.ct_timeout = &FakeConntrack::timeout;
		result.opaque = &conntrack_;
		return result;
	}

	Outcome run(const Attrs &actions, const FlowKey &key, const ActionContext &with)
	{
		Outcome outcome;
		Result<OwnPtr<FlowActions>> result = validate_actions(actions.data(), actions.size(), key, with);
		if (!result.ok()) {
			outcome.error = result.error().code;
			return outcome;
		}
		OwnPtr<FlowActions> stored = result.take();
		outcome.stored.assign(stored->data(), stored->data() + stored->length());
		outcome.request_length = stored->request_length();
		// The canonical form is itself a valid request that comes back
		// unchanged.
		std::vector<u8> request = outcome.stored;
		restore_psample_flags(request.data(), request.size());
		Result<OwnPtr<FlowActions>> again = validate_actions(request.data(), request.size(), key, with);
		EXPECT_TRUE(again.ok()) << "canonical form refused: " << (again.ok() ? 0 : again.error().code);
		if (again.ok()) {
			OwnPtr<FlowActions> second = again.take();
			EXPECT_EQ(std::vector<u8>(second->data(), second->data() + second->length()), outcome.stored)
				<< "canonical form is not a fixed point";
		}
		return outcome;
	}
	Outcome run(const Attrs &actions, const FlowKey &key) { return run(actions, key, context()); }
	int error(const Attrs &actions, const FlowKey &key) { return run(actions, key).error; }
	int error(const Attrs &actions, const FlowKey &key, const ActionContext &with)
	{
		return run(actions, key, with).error;
	}

	// Accepted, and stored exactly as @expected.
	void expect_stored(const Attrs &actions, const FlowKey &key, const Attrs &expected)
	{
		Outcome outcome = run(actions, key);
		ASSERT_EQ(outcome.error, 0);
		EXPECT_EQ(outcome.stored, expected.vector());
	}

	FakeConntrack conntrack_;
};

Attrs output(u32 port = 1) { return Attrs().u32_(OVS_ACTION_ATTR_OUTPUT, port); }

ovs_action_push_vlan vlan(u16 tpid, u16 tci)
{
	return ovs_action_push_vlan{to_be16(tpid), to_be16(tci)};
}

ovs_action_push_mpls push_mpls(u16 type = ethertype::mpls_unicast)
{
	ovs_action_push_mpls mpls{};
	mpls.mpls_lse = to_be32(0x100);
	mpls.mpls_ethertype = to_be16(type);
	return mpls;
}

// 16 nested clones (depth 16) around @inner.
Attrs nested_clones(int levels, const Attrs &inner)
{
	Attrs list = inner;
	for (int i = 0; i < levels; i++)
		list = Attrs().nest(OVS_ACTION_ATTR_CLONE, list);
	return list;
}

// ---- 6.1 framework --------------------------------------------------------

TEST_F(FlowActionsTest, EmptyListIsADrop)
{
	Outcome outcome = run(Attrs(), ip_key());
	EXPECT_EQ(outcome.error, 0);
	EXPECT_TRUE(outcome.stored.empty());
	EXPECT_EQ(outcome.request_length, 0u);
}

TEST_F(FlowActionsTest, RecordsTheRequestLength)
{
	Attrs actions = Attrs().nest(OVS_ACTION_ATTR_CT, Attrs());
	Outcome outcome = run(actions, ip_key());
	ASSERT_EQ(outcome.error, 0);
	EXPECT_EQ(outcome.request_length, 4u);
	EXPECT_EQ(outcome.stored.size(), 12u);  // CT{ZONE}
}

TEST_F(FlowActionsTest, TypeBeyondTheUapiMaximum)
{
	EXPECT_EQ(error(Attrs().u32_(uapi_6_1 + 1, 0), ip_key(), context(uapi_6_1)), -EINVAL);
	EXPECT_EQ(error(Attrs().u32_(uapi_6_12 + 1, 0), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(Attrs().u32_(0x3fff, 0), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, FixedLengthsAreExact)
{
	struct {
		u16 type;
		u32 length;
	} fixed[] = {
		{OVS_ACTION_ATTR_OUTPUT, 4},   {OVS_ACTION_ATTR_PUSH_VLAN, 4}, {OVS_ACTION_ATTR_POP_VLAN, 0},
		{OVS_ACTION_ATTR_RECIRC, 4},   {OVS_ACTION_ATTR_HASH, 8},      {OVS_ACTION_ATTR_PUSH_MPLS, 8},
		{OVS_ACTION_ATTR_POP_MPLS, 2}, {OVS_ACTION_ATTR_TRUNC, 4},     {OVS_ACTION_ATTR_PUSH_ETH, 12},
		{OVS_ACTION_ATTR_POP_ETH, 0},  {OVS_ACTION_ATTR_CT_CLEAR, 0},  {OVS_ACTION_ATTR_POP_NSH, 0},
		{OVS_ACTION_ATTR_METER, 4},    {OVS_ACTION_ATTR_ADD_MPLS, 8},  {action_drop, 4},
	};
	for (auto [type, length] : fixed) {
		for (u32 wrong : {length + 1, length + 4, length ? length - 1 : 8}) {
			std::vector<u8> payload(wrong, 0);
			EXPECT_EQ(error(Attrs().bytes(type, payload), ip_key(), context(uapi_6_12)), -EINVAL)
				<< "type " << type << " length " << wrong;
		}
	}
}

TEST_F(FlowActionsTest, UnspecIsRefusedAtAnyLength)
{
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_UNSPEC), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().u32_(OVS_ACTION_ATTR_UNSPEC, 1), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, LeftoverBytes)
{
	for (int extra = 1; extra <= 3; extra++)
		EXPECT_EQ(error(Attrs(output()).append(std::vector<u8>(extra, 0)), ip_key()), -EINVAL) << extra;
	// A header that claims more than there is.
	EXPECT_EQ(error(Attrs(output()).append({12, 0, 1, 0, 0, 0, 0, 0}), ip_key()), -EINVAL);
	// The last attribute may lack its padding; the stored form has it.
	Attrs pid = Attrs().u32_(OVS_USERSPACE_ATTR_PID, 7).unpadded(OVS_USERSPACE_ATTR_USERDATA, {1});
	Attrs last = Attrs(output()).unpadded(OVS_ACTION_ATTR_USERSPACE, pid.vector());
	ASSERT_EQ(last.size() % 4, 1u);
	expect_stored(last, ip_key(), Attrs(output()).nest(OVS_ACTION_ATTR_USERSPACE, pid));
	// So may the last of a nested list.
	expect_stored(Attrs().nest(OVS_ACTION_ATTR_CLONE, last), ip_key(),
		      Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs(output()).nest(OVS_ACTION_ATTR_USERSPACE, pid)));
}

TEST_F(FlowActionsTest, FlagBitsAreStrippedAtEveryDepth)
{
	Attrs inner = Attrs().u32_(OVS_ACTION_ATTR_OUTPUT | byteorder_flag, 3).flag(OVS_ACTION_ATTR_POP_VLAN | nested_flag);
	Attrs sample = Attrs().u32_(OVS_SAMPLE_ATTR_PROBABILITY | byteorder_flag, 5).nest(OVS_SAMPLE_ATTR_ACTIONS | nested_flag, inner);
	Attrs request = Attrs().nest(OVS_ACTION_ATTR_CLONE | nested_flag, Attrs().nest(OVS_ACTION_ATTR_SAMPLE | nested_flag, sample));

	Attrs plain_inner = Attrs().u32_(OVS_ACTION_ATTR_OUTPUT, 3).flag(OVS_ACTION_ATTR_POP_VLAN);
	Attrs plain_sample = Attrs().u32_(OVS_SAMPLE_ATTR_PROBABILITY, 5).nest(OVS_SAMPLE_ATTR_ACTIONS, plain_inner);
	expect_stored(request, ip_key(), Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs().nest(OVS_ACTION_ATTR_SAMPLE, plain_sample)));
}

// ---- 6.1 table, action by action ----------------------------------------

TEST_F(FlowActionsTest, Output)
{
	EXPECT_EQ(error(output(65534), ip_key()), 0);
	EXPECT_EQ(error(output(65535), ip_key()), -EINVAL);
	EXPECT_EQ(error(output(0xffffffff), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, Userspace)
{
	auto userspace = [](const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_USERSPACE, members); };
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 9)), ip_key()), 0);
	EXPECT_EQ(error(userspace(Attrs()), ip_key()), -EINVAL);
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(userspace(Attrs().u16_(OVS_USERSPACE_ATTR_PID, 9)), ip_key()), -ERANGE);
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 9).u16_(OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, 1)),
			ip_key()),
		  -ERANGE);
	// A longer PID only warns; its first four bytes count.
	EXPECT_EQ(error(userspace(Attrs().put(OVS_USERSPACE_ATTR_PID, u64(9))), ip_key()), 0);
	// Lenient: unknown and zero types skipped, the last duplicate wins,
	// trailing bytes ignored.
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 9).flag(0).u32_(77, 1).append({1, 2})), ip_key()),
		  0);
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 9).u32_(OVS_USERSPACE_ATTR_PID, 0)), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(userspace(Attrs().u32_(OVS_USERSPACE_ATTR_PID, 0).u32_(OVS_USERSPACE_ATTR_PID, 9)), ip_key()),
		  0);
	// Members are kept verbatim, their own flag bits included.
	Attrs members = Attrs()
				.u32_(OVS_USERSPACE_ATTR_PID | byteorder_flag, 9)
				.bytes(OVS_USERSPACE_ATTR_USERDATA, {1, 2, 3, 4, 5})
				.flag(OVS_USERSPACE_ATTR_ACTIONS);
	expect_stored(Attrs().nest(OVS_ACTION_ATTR_USERSPACE | nested_flag, members), ip_key(), userspace(members));
}

TEST_F(FlowActionsTest, PushAndPopVlan)
{
	auto push = [](u16 tpid, u16 tci) { return Attrs().put(OVS_ACTION_ATTR_PUSH_VLAN, vlan(tpid, tci)); };
	EXPECT_EQ(error(push(0x8100, 0x1005), ip_key()), 0);
	EXPECT_EQ(error(push(0x88a8, 0x1005), ip_key()), 0);
	EXPECT_EQ(error(push(0x0800, 0x1005), ip_key()), -EINVAL);
	EXPECT_EQ(error(push(0x8100, 0x0005), ip_key()), -EINVAL);
	EXPECT_EQ(error(push(0x8100, 0x1005), layer3_key(ethertype::ipv4)), -EINVAL);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_POP_VLAN), ip_key()), 0);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_POP_VLAN), layer3_key(ethertype::ipv4)), -EINVAL);

	// The tracked TCI: a tag blocks push_mpls until it is popped.
	Attrs mpls = Attrs().put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls());
	EXPECT_EQ(error(Attrs(push(0x8100, 0x1005)).put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs(push(0x8100, 0x1005)).flag(OVS_ACTION_ATTR_POP_VLAN).put(OVS_ACTION_ATTR_PUSH_MPLS,
											 push_mpls()),
			ip_key()),
		  0);
	FlowKey tagged = ip_key();
	tagged.eth.vlan.tci = to_be16(0x1005);
	EXPECT_EQ(error(mpls, tagged), -EINVAL);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_POP_VLAN).put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()), tagged), 0);
}

TEST_F(FlowActionsTest, ValueFreeActions)
{
	EXPECT_EQ(error(Attrs().u32_(OVS_ACTION_ATTR_RECIRC, 0xffffffff), ip_key()), 0);
	EXPECT_EQ(error(Attrs().u32_(OVS_ACTION_ATTR_METER, 12345), ip_key()), 0);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_CT_CLEAR), ethernet_key(ethertype::arp)), 0);
}

TEST_F(FlowActionsTest, HashAlgorithms)
{
	auto hash = [](u32 algorithm) { return Attrs().put(OVS_ACTION_ATTR_HASH, ovs_action_hash{algorithm, 77}); };
	EXPECT_EQ(error(hash(0), ip_key(), context(uapi_6_1)), 0);
	EXPECT_EQ(error(hash(1), ip_key(), context(uapi_6_1)), -EINVAL);
	EXPECT_EQ(error(hash(0), ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(hash(1), ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(hash(2), ip_key(), context(uapi_6_12)), -EINVAL);
}

TEST_F(FlowActionsTest, PushMpls)
{
	auto push = [](u16 type) { return Attrs().put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls(type)); };
	EXPECT_EQ(error(push(0x0800), ip_key()), -EINVAL);
	for (u16 from : {ethertype::ipv4, ethertype::ipv6, ethertype::arp, ethertype::rarp, ethertype::mpls_unicast,
			 ethertype::mpls_multicast})
		EXPECT_EQ(error(push(ethertype::mpls_multicast), ethernet_key(from)), 0) << from;
	EXPECT_EQ(error(push(ethertype::mpls_unicast), ethernet_key(0x1234)), -EINVAL);
	EXPECT_EQ(error(push(ethertype::mpls_unicast), ethernet_key(ethertype::nsh)), -EINVAL);
	// Afterwards the packet is MPLS: no IPv4 set, another push is fine.
	ovs_key_ipv4 ip{};
	ip.ipv4_proto = 6;
	EXPECT_EQ(error(Attrs(push(ethertype::mpls_unicast)).nest(OVS_ACTION_ATTR_SET, Attrs().put(OVS_KEY_ATTR_IPV4, ip)),
			ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(Attrs(push(ethertype::mpls_unicast)).put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()), ip_key()), 0);
}

TEST_F(FlowActionsTest, PopMpls)
{
	auto pop = [](u16 type) { return Attrs().u16_(OVS_ACTION_ATTR_POP_MPLS, to_be16(type)); };
	EXPECT_EQ(error(pop(ethertype::ipv4), ip_key()), -EINVAL);
	EXPECT_EQ(error(pop(ethertype::ipv4), mpls_key(1)), 0);
	FlowKey tagged = mpls_key(1);
	tagged.eth.vlan.tci = to_be16(0x1001);
	EXPECT_EQ(error(pop(ethertype::ipv4), tagged), -EINVAL);

	// Popping the last label leaves the ethertype unknown (0): no more
	// pops, pushes or L3 sets.
	ovs_key_ipv4 ip{};
	Attrs set_ipv4 = Attrs().nest(OVS_ACTION_ATTR_SET, Attrs().put(OVS_KEY_ATTR_IPV4, ip));
	EXPECT_EQ(error(Attrs(pop(ethertype::ipv4)).append(set_ipv4.vector()), mpls_key(1)), -EINVAL);
	EXPECT_EQ(error(Attrs(pop(ethertype::ipv4)).put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()), mpls_key(1)), -EINVAL);
	EXPECT_EQ(error(Attrs(pop(ethertype::mpls_unicast)).append(pop(ethertype::ipv4).vector()), mpls_key(1)),
		  -EINVAL);
	EXPECT_EQ(error(Attrs(pop(ethertype::mpls_unicast)).append(pop(ethertype::ipv4).vector()), mpls_key(2)), 0);
	// A wildcarded label stack counts 0 labels; popping wraps the count
	// (unsigned, as in-tree), so the ethertype stays MPLS.
	EXPECT_EQ(error(Attrs(pop(ethertype::mpls_unicast)).append(pop(ethertype::ipv4).vector()), mpls_key(0)), 0);
	// Popping to TEB needs a packet without an Ethernet header.
	EXPECT_EQ(error(pop(ethertype::teb), mpls_key(1)), -EINVAL);
	EXPECT_EQ(error(pop(ethertype::teb), mpls_key(1, mac_protocol_none)), 0);
}

TEST_F(FlowActionsTest, Trunc)
{
	EXPECT_EQ(error(Attrs().put(OVS_ACTION_ATTR_TRUNC, ovs_action_trunc{13}), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().put(OVS_ACTION_ATTR_TRUNC, ovs_action_trunc{14}), ip_key()), 0);
}

TEST_F(FlowActionsTest, PushAndPopEthernet)
{
	Attrs push = Attrs().put(OVS_ACTION_ATTR_PUSH_ETH, ovs_action_push_eth{});
	Attrs pop = Attrs().flag(OVS_ACTION_ATTR_POP_ETH);
	EXPECT_EQ(error(push, ip_key()), -EINVAL);
	EXPECT_EQ(error(push, layer3_key(ethertype::ipv4)), 0);
	EXPECT_EQ(error(Attrs(push).flag(OVS_ACTION_ATTR_POP_VLAN), layer3_key(ethertype::ipv4)), 0);
	EXPECT_EQ(error(pop, layer3_key(ethertype::ipv4)), -EINVAL);
	EXPECT_EQ(error(pop, ip_key()), 0);
	EXPECT_EQ(error(Attrs(pop).flag(OVS_ACTION_ATTR_POP_VLAN), ip_key()), -EINVAL);
	FlowKey tagged = ip_key();
	tagged.eth.vlan.tci = to_be16(0x1001);
	EXPECT_EQ(error(pop, tagged), -EINVAL);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_POP_VLAN).flag(OVS_ACTION_ATTR_POP_ETH), tagged), 0);
}

Attrs nsh_base(u8 md_type, u8 next = 1)
{
	ovs_nsh_key_base base{};
	base.mdtype = md_type;
	base.np = next;
	return Attrs().put(OVS_NSH_KEY_ATTR_BASE, base);
}

Attrs push_nsh(const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_PUSH_NSH, Attrs().nest(OVS_KEY_ATTR_NSH, members)); }

TEST_F(FlowActionsTest, PushNsh)
{
	Attrs md1 = Attrs(nsh_base(1)).put(OVS_NSH_KEY_ATTR_MD1, ovs_nsh_key_md1{});
	Attrs md2 = Attrs(nsh_base(2)).bytes(OVS_NSH_KEY_ATTR_MD2, std::vector<u8>(8, 1));
	EXPECT_EQ(error(push_nsh(md1), ip_key()), 0);
	EXPECT_EQ(error(push_nsh(md2), ip_key()), 0);
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(2)).bytes(OVS_NSH_KEY_ATTR_MD2, std::vector<u8>(248, 1))), ip_key()), 0);
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(2)).bytes(OVS_NSH_KEY_ATTR_MD2, std::vector<u8>(249, 1))), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(2)).flag(OVS_NSH_KEY_ATTR_MD2)), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(2)).put(OVS_NSH_KEY_ATTR_MD1, ovs_nsh_key_md1{})), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(nsh_base(1)), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs().put(OVS_NSH_KEY_ATTR_MD1, ovs_nsh_key_md1{})), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs(md1).u32_(4, 0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs(md1).flag(0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs(md1).append({1, 2, 3, 4})), ip_key()), -EINVAL);
	EXPECT_EQ(error(push_nsh(Attrs().u16_(OVS_NSH_KEY_ATTR_BASE, 1)), ip_key()), -EINVAL);
	// Exactly one NSH attribute filling the payload.
	Attrs nsh = Attrs().nest(OVS_KEY_ATTR_NSH, md1);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_PUSH_NSH, Attrs(nsh).append(nsh.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_PUSH_NSH, Attrs().nest(OVS_KEY_ATTR_ENCAP, md1)), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().flag(OVS_ACTION_ATTR_PUSH_NSH), ip_key()), -EINVAL);
	// Without an Ethernet header, the packet must be one NSH can carry.
	EXPECT_EQ(error(push_nsh(md1), layer3_key(ethertype::ipv6)), 0);
	EXPECT_EQ(error(push_nsh(md1), layer3_key(ethertype::mpls_unicast)), 0);
	EXPECT_EQ(error(push_nsh(md1), layer3_key(ethertype::mpls_multicast)), -EINVAL);
	EXPECT_EQ(error(push_nsh(md1), layer3_key(ethertype::arp)), -EINVAL);
	// Afterwards there is no Ethernet header, and the ethertype is kept.
	EXPECT_EQ(error(Attrs(push_nsh(md1)).flag(OVS_ACTION_ATTR_POP_VLAN), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs(push_nsh(md1)).put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()), ip_key()), 0);
	// Kept verbatim, inner flag bits included.
	Attrs flagged = Attrs().nest(OVS_ACTION_ATTR_PUSH_NSH, Attrs().nest(OVS_KEY_ATTR_NSH | nested_flag, md1));
	expect_stored(flagged, ip_key(), flagged);
}

TEST_F(FlowActionsTest, PushNshMessagesIgnoreProbe)
{
	ActionContext quiet = context();
	quiet.codec.log = false;
	Attrs both = Attrs(nsh_base(1)).put(OVS_NSH_KEY_ATTR_MD1, ovs_nsh_key_md1{}).bytes(OVS_NSH_KEY_ATTR_MD2, {1, 2, 3, 4});
	int before = host_port::netlink_log_count();
	EXPECT_EQ(error(push_nsh(both), ip_key(), quiet), -EINVAL);
	EXPECT_EQ(host_port::netlink_log_count(), before + 1);
	EXPECT_STREQ(host_port::last_netlink_log(), "invalid nsh attribute: md1 and md2 are exclusive.");
	EXPECT_EQ(error(push_nsh(nsh_base(1)), ip_key(), quiet), -EINVAL);
	EXPECT_STREQ(host_port::last_netlink_log(), "push_nsh: missing base or metadata attributes");
	// Others stay quiet under PROBE.
	before = host_port::netlink_log_count();
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(1)).u32_(9, 0)), ip_key(), quiet), -EINVAL);
	EXPECT_EQ(host_port::netlink_log_count(), before);
	EXPECT_EQ(error(push_nsh(Attrs(nsh_base(1)).u32_(9, 0)), ip_key()), -EINVAL);
	EXPECT_EQ(host_port::netlink_log_count(), before + 1);
}

TEST_F(FlowActionsTest, PopNsh)
{
	Attrs pop = Attrs().flag(OVS_ACTION_ATTR_POP_NSH);
	FlowKey key = layer3_key(ethertype::nsh);
	EXPECT_EQ(error(pop, ip_key()), -EINVAL);
	for (u8 next = 0; next < 8; next++) {
		key.nsh.next_protocol = next;
		EXPECT_EQ(error(pop, key), next >= 1 && next <= 5 ? 0 : -EINVAL) << int(next);
	}
	// The next protocol decides whether an Ethernet header follows.
	key.nsh.next_protocol = 3;
	EXPECT_EQ(error(Attrs(pop).flag(OVS_ACTION_ATTR_POP_VLAN), key), 0);
	key.nsh.next_protocol = 1;
	EXPECT_EQ(error(Attrs(pop).flag(OVS_ACTION_ATTR_POP_VLAN), key), -EINVAL);
}

TEST_F(FlowActionsTest, AddMpls)
{
	auto add = [](u16 type, u16 flags) {
		ovs_action_add_mpls mpls{};
		mpls.mpls_lse = to_be32(0x100);
		mpls.mpls_ethertype = to_be16(type);
		mpls.tun_flags = flags;
		return Attrs().put(OVS_ACTION_ATTR_ADD_MPLS, mpls);
	};
	EXPECT_EQ(error(add(ethertype::ipv4, 0), ip_key()), -EINVAL);
	EXPECT_EQ(error(add(ethertype::mpls_unicast, 0), ip_key()), 0);
	// Not an L3 tunnel: the label goes before the Ethernet header, which
	// is then gone.
	EXPECT_EQ(error(Attrs(add(ethertype::mpls_unicast, 0)).flag(OVS_ACTION_ATTR_POP_VLAN), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs(add(ethertype::mpls_unicast, 0)).u16_(OVS_ACTION_ATTR_POP_MPLS, to_be16(ethertype::teb)),
			ip_key()),
		  0);
	// An L3 tunnel: push_mpls's rules.
	EXPECT_EQ(error(add(ethertype::mpls_unicast, OVS_MPLS_L3_TUNNEL_FLAG_MASK), ethernet_key(0x1234)), -EINVAL);
	EXPECT_EQ(error(add(ethertype::mpls_unicast, 0), ethernet_key(0x1234)), 0);
	EXPECT_EQ(error(Attrs(add(ethertype::mpls_unicast, OVS_MPLS_L3_TUNNEL_FLAG_MASK)).flag(OVS_ACTION_ATTR_POP_VLAN),
			ip_key()),
		  0);
	FlowKey tagged = ip_key();
	tagged.eth.vlan.tci = to_be16(0x1001);
	EXPECT_EQ(error(add(ethertype::mpls_unicast, OVS_MPLS_L3_TUNNEL_FLAG_MASK), tagged), -EINVAL);
}

TEST_F(FlowActionsTest, DropExistsOnlyIn612AndMustBeLast)
{
	Attrs drop = Attrs().u32_(action_drop, 5);
	EXPECT_EQ(error(drop, ip_key(), context(uapi_6_1)), -EINVAL);
	EXPECT_EQ(error(drop, ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(Attrs(output()).append(drop.vector()), ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(Attrs(drop).append(output().vector()), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(Attrs(drop).append({0, 0}), ip_key(), context(uapi_6_12)), -EINVAL);
	// Last of its own list is enough.
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, drop).append(output().vector()), ip_key(), context(uapi_6_12)),
		  0);
}

TEST_F(FlowActionsTest, PsampleExistsOnlyIn612)
{
	auto psample = [](const Attrs &members, u16 flags = nested_flag) {
		return Attrs().nest(action_psample | flags, members);
	};
	Attrs group = Attrs().u32_(1, 7);
	EXPECT_EQ(error(psample(group), ip_key(), context(uapi_6_1)), -EINVAL);
	EXPECT_EQ(error(psample(group), ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(psample(group, 0), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs()), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs().put(1, u64(7))), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs().u16_(1, 7)), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs().u32_(1 | nested_flag, 7)), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs(group).bytes(2, std::vector<u8>(16, 1))), ip_key(), context(uapi_6_12)), 0);
	EXPECT_EQ(error(psample(Attrs(group).bytes(2, std::vector<u8>(17, 1))), ip_key(), context(uapi_6_12)), -ERANGE);
	EXPECT_EQ(error(psample(Attrs(group).bytes(2 | nested_flag, {1})), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs(group).u32_(3, 0)), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs(group).flag(0)), ip_key(), context(uapi_6_12)), -EINVAL);
	EXPECT_EQ(error(psample(Attrs(group).append({1, 2, 3, 4})), ip_key(), context(uapi_6_12)), -EINVAL);
	// Stored (and dumped) without the flag it had to carry, so the dump
	// is not a request 6.12 accepts.
	Attrs members = Attrs(group).bytes(2, {1, 2, 3});
	Attrs request = psample(members);
	Result<OwnPtr<FlowActions>> result = validate_actions(request.data(), request.size(), ip_key(), context(uapi_6_12));
	ASSERT_TRUE(result.ok());
	Attrs expected = Attrs().nest(action_psample, members);
	EXPECT_EQ(std::vector<u8>(result.value()->data(), result.value()->data() + result.value()->length()),
		  expected.vector());
	EXPECT_EQ(error(expected, ip_key(), context(uapi_6_12)), -EINVAL);
}

// ---- 6.2 SET and SET_MASKED ----------------------------------------------

Attrs set(const Attrs &key) { return Attrs().nest(OVS_ACTION_ATTR_SET, key); }

template <class T>
Attrs set_masked(u16 type, const T &value, const T &mask)
{
	std::vector<u8> payload(2 * sizeof(T));
	std::memcpy(payload.data(), &value, sizeof(T));
	std::memcpy(payload.data() + sizeof(T), &mask, sizeof(T));
	return Attrs().nest(OVS_ACTION_ATTR_SET_MASKED, Attrs().bytes(type, payload));
}

TEST_F(FlowActionsTest, SetHoldsExactlyOneKeyAttribute)
{
	Attrs priority = Attrs().u32_(OVS_KEY_ATTR_PRIORITY, 1);
	EXPECT_EQ(error(set(priority), ip_key()), 0);
	EXPECT_EQ(error(set(Attrs(priority).append(priority.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(set(Attrs()), ip_key()), -EINVAL);
	EXPECT_EQ(error(set(Attrs(priority).append({0, 0, 0, 0})), ip_key()), -EINVAL);
	// The outer length must include the inner padding.
	Attrs odd = Attrs().unpadded(OVS_ACTION_ATTR_SET_MASKED, Attrs().bytes(OVS_KEY_ATTR_PRIORITY, std::vector<u8>(9, 0)).vector());
	EXPECT_EQ(error(Attrs().unpadded(OVS_ACTION_ATTR_SET_MASKED, Attrs().unpadded(OVS_KEY_ATTR_PRIORITY, std::vector<u8>(9, 0)).vector()),
			ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(odd, ip_key()), 0);
}

TEST_F(FlowActionsTest, SetKeyTypeAndLength)
{
	EXPECT_EQ(error(set(Attrs().u32_(OVS_KEY_ATTR_MAX + 1, 0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(set(Attrs().u16_(OVS_KEY_ATTR_PRIORITY, 0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_PRIORITY, u64(0))), ip_key()), -EINVAL);
	// Masked: half the length, an odd byte dropped.
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_SET_MASKED, Attrs().bytes(OVS_KEY_ATTR_PRIORITY, std::vector<u8>(9, 0))),
			ip_key()),
		  0);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_SET_MASKED, Attrs().bytes(OVS_KEY_ATTR_PRIORITY, std::vector<u8>(10, 0))),
			ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_PRIORITY, u32(0x0f), u32(0xff)), ip_key()), 0);
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_PRIORITY, u32(0x1f), u32(0x0f)), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, SettableKeys)
{
	for (u16 type : {OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_SKB_MARK, OVS_KEY_ATTR_CT_MARK})
		EXPECT_EQ(error(set(Attrs().u32_(type, 1)), ethernet_key(ethertype::arp)), 0) << type;
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_CT_LABELS, ovs_key_ct_labels{})), layer3_key(ethertype::arp)), 0);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_ETHERNET, ovs_key_ethernet{})), ip_key()), 0);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_ETHERNET, ovs_key_ethernet{})), layer3_key(ethertype::ipv4)), -EINVAL);
	EXPECT_EQ(error(Attrs().put(OVS_ACTION_ATTR_PUSH_ETH, ovs_action_push_eth{})
				.append(set(Attrs().put(OVS_KEY_ATTR_ETHERNET, ovs_key_ethernet{})).vector()),
			layer3_key(ethertype::ipv4)),
		  0);
	// Everything else, including what a match can carry.
	struct {
		u16 type;
		u32 length;
	} refused[] = {
		{OVS_KEY_ATTR_UNSPEC, 0},   {OVS_KEY_ATTR_ENCAP, 0},     {OVS_KEY_ATTR_IN_PORT, 4},
		{OVS_KEY_ATTR_VLAN, 2},     {OVS_KEY_ATTR_ETHERTYPE, 2}, {OVS_KEY_ATTR_ICMP, 2},
		{OVS_KEY_ATTR_ICMPV6, 2},   {OVS_KEY_ATTR_ARP, 24},      {OVS_KEY_ATTR_ND, 28},
		{OVS_KEY_ATTR_TCP_FLAGS, 2}, {OVS_KEY_ATTR_DP_HASH, 4},  {OVS_KEY_ATTR_RECIRC_ID, 4},
		{OVS_KEY_ATTR_CT_STATE, 4}, {OVS_KEY_ATTR_CT_ZONE, 2},   {OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, 16},
		{OVS_KEY_ATTR_NSH, 0},      {OVS_KEY_ATTR_PACKET_TYPE, 0}, {OVS_KEY_ATTR_TUNNEL_INFO, 0},
		{OVS_KEY_ATTR_IPV6_EXTHDRS, 2},
	};
	for (auto [type, length] : refused)
		EXPECT_EQ(error(set(Attrs().bytes(type, std::vector<u8>(length, 0))), ip_key()), -EINVAL) << type;
}

TEST_F(FlowActionsTest, SetIpv4)
{
	ovs_key_ipv4 ip{};
	ip.ipv4_proto = 6;
	ip.ipv4_ttl = 9;
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV4, ip)), ip_key(ethertype::ipv4, 6)), 0);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV4, ip)), ip_key(ethertype::ipv6, 6)), -EINVAL);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV4, ip)), ip_key(ethertype::ipv4, 17)), -EINVAL);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV4, ip)), ip_key(ethertype::ipv4, 6, fragment_first)), -EINVAL);
	ovs_key_ipv4 mask{};
	mask.ipv4_ttl = 0xff;
	ovs_key_ipv4 value{};
	value.ipv4_ttl = 9;
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV4, value, mask), ip_key(ethertype::ipv4, 17)), 0);
	mask.ipv4_proto = 1;
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV4, value, mask), ip_key(ethertype::ipv4, 17)), -EINVAL);
	mask.ipv4_proto = 0;
	mask.ipv4_frag = 1;
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV4, value, mask), ip_key(ethertype::ipv4, 17)), -EINVAL);
}

TEST_F(FlowActionsTest, SetIpv6)
{
	ovs_key_ipv6 ip{};
	ip.ipv6_proto = 17;
	ip.ipv6_label = to_be32(0xfffff);
	FlowKey key = ip_key(ethertype::ipv6, 17);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV6, ip)), key), 0);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV6, ip)), ip_key(ethertype::ipv4, 17)), -EINVAL);
	ip.ipv6_label = to_be32(0x100000);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV6, ip)), key), -EINVAL);
	ip.ipv6_label = 0;
	ip.ipv6_frag = fragment_later;
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_IPV6, ip)), key), -EINVAL);

	ovs_key_ipv6 value{}, mask{};
	mask.ipv6_label = to_be32(0xfffff);
	mask.ipv6_hlimit = 0xff;
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV6, value, mask), key), 0);
	mask.ipv6_label = to_be32(0x1fffff);
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV6, value, mask), key), -EINVAL);
	mask.ipv6_label = 0;
	mask.ipv6_proto = 0xff;
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_IPV6, value, mask), key), -EINVAL);
}

TEST_F(FlowActionsTest, SetTransport)
{
	struct {
		u16 type;
		u8 protocol;
	} cases[] = {{OVS_KEY_ATTR_TCP, 6}, {OVS_KEY_ATTR_UDP, 17}, {OVS_KEY_ATTR_SCTP, 132}};
	for (auto [type, protocol] : cases) {
		Attrs ports = Attrs().u32_(type, 0x01000200);
		EXPECT_EQ(error(set(ports), ip_key(ethertype::ipv4, protocol)), 0) << type;
		EXPECT_EQ(error(set(ports), ip_key(ethertype::ipv6, protocol)), 0) << type;
		EXPECT_EQ(error(set(ports), ip_key(ethertype::ipv4, protocol == 6 ? 17 : 6)), -EINVAL) << type;
		EXPECT_EQ(error(set(ports), ip_key(ethertype::arp, protocol)), -EINVAL) << type;
		EXPECT_EQ(error(set_masked(type, u32(0), u32(0xffff)), ip_key(ethertype::ipv4, protocol)), 0) << type;
	}
}

TEST_F(FlowActionsTest, SetMpls)
{
	EXPECT_EQ(error(set(Attrs().u32_(OVS_KEY_ATTR_MPLS, 0x100)), mpls_key(1)), 0);
	EXPECT_EQ(error(set(Attrs().u32_(OVS_KEY_ATTR_MPLS, 0x100)), ip_key()), -EINVAL);
	EXPECT_EQ(error(set(Attrs().put(OVS_KEY_ATTR_MPLS, u64(0))), mpls_key(2)), -EINVAL);
	EXPECT_EQ(error(set_masked(OVS_KEY_ATTR_MPLS, u32(0), u32(0xffffffff)), mpls_key(1)), 0);
}

TEST_F(FlowActionsTest, SetStoredForms)
{
	// A plain set comes back as given, minus flag bits; a masked one
	// verbatim, inner flags and padding bytes included.
	ovs_key_ipv4 ip{};
	ip.ipv4_proto = 6;
	Attrs plain = Attrs().nest(OVS_ACTION_ATTR_SET | nested_flag, Attrs().put(OVS_KEY_ATTR_IPV4 | byteorder_flag, ip));
	expect_stored(plain, ip_key(), set(Attrs().put(OVS_KEY_ATTR_IPV4, ip)));

	Attrs inner = Attrs().unpadded(OVS_KEY_ATTR_PRIORITY | byteorder_flag, {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x7f})
			      .append({0xaa, 0xbb, 0xcc});
	Attrs masked = Attrs().nest(OVS_ACTION_ATTR_SET_MASKED | nested_flag, inner);
	expect_stored(masked, ip_key(), Attrs().nest(OVS_ACTION_ATTR_SET_MASKED, inner));
}

TEST_F(FlowActionsTest, SetTunnel)
{
	u64 id = 0x0500000000000000;
	Attrs tunnel = Attrs()
			       .put(OVS_TUNNEL_KEY_ATTR_ID, id)
			       .u32_(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(0x0a000001))
			       .put(OVS_TUNNEL_KEY_ATTR_TOS, u8(0))
			       .put(OVS_TUNNEL_KEY_ATTR_TTL, u8(64))
			       .flag(OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT)
			       .bytes(OVS_TUNNEL_KEY_ATTR_PAD, {});
	Attrs expected = Attrs()
				 .put(OVS_TUNNEL_KEY_ATTR_ID, id)
				 .u32_(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(0x0a000001))
				 .put(OVS_TUNNEL_KEY_ATTR_TTL, u8(64))
				 .flag(OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
	expect_stored(set(Attrs().nest(OVS_KEY_ATTR_TUNNEL | nested_flag, tunnel)), ip_key(),
		      set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, expected)));

	// The key rules apply; masked tunnel sets do not exist.
	EXPECT_EQ(error(set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, Attrs().put(OVS_TUNNEL_KEY_ATTR_TTL, u8(1)))), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_SET_MASKED, Attrs().nest(OVS_KEY_ATTR_TUNNEL, Attrs())), ip_key()),
		  -EINVAL);

	// An empty VXLAN nest means GBP 0, which is then shown; IPv6 too.
	std::vector<u8> address(16, 0);
	address[15] = 1;
	Attrs ipv6 = Attrs().bytes(OVS_TUNNEL_KEY_ATTR_IPV6_DST, address).put(OVS_TUNNEL_KEY_ATTR_TTL, u8(1));
	expect_stored(set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, Attrs(ipv6).nest(OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, Attrs()))), ip_key(),
		      set(Attrs().nest(OVS_KEY_ATTR_TUNNEL,
				       Attrs(ipv6).nest(OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, Attrs().u32_(OVS_VXLAN_EXT_GBP, 0)))));

	// Bridge mode dumps as ID and INFO_BRIDGE only.
	Attrs bridge = Attrs().put(OVS_TUNNEL_KEY_ATTR_ID, u64(7)).flag(OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE);
	expect_stored(set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, bridge)), ip_key(), set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, bridge)));
}

TEST_F(FlowActionsTest, SetTunnelGeneveOptionsMustTile)
{
	auto with_options = [](std::vector<u8> options) {
		return set(Attrs().nest(OVS_KEY_ATTR_TUNNEL, Attrs()
								      .u32_(OVS_TUNNEL_KEY_ATTR_IPV4_DST, to_be32(0x0a000001))
								      .put(OVS_TUNNEL_KEY_ATTR_TTL, u8(64))
								      .bytes(OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, options)));
	};
	// class, type, length 1 (one 4-byte word of data).
	EXPECT_EQ(error(with_options({0, 1, 0x80, 1, 9, 9, 9, 9}), ip_key()), 0);
	EXPECT_EQ(error(with_options({0, 1, 0x80, 1, 9, 9, 9, 9, 0, 2, 0, 0}), ip_key()), 0);
	EXPECT_EQ(error(with_options({0, 1, 0x80, 2, 9, 9, 9, 9}), ip_key()), -EINVAL);
	EXPECT_EQ(error(with_options({0, 1, 0x80, 0, 9, 9, 9, 9}), ip_key()), -EINVAL);
	EXPECT_EQ(error(with_options({}), ip_key()), 0);
}

// ---- 6.3 nested lists ---------------------------------------------------

Attrs sample(const Attrs &actions, u32 probability = 0x80000000)
{
	return Attrs().nest(OVS_ACTION_ATTR_SAMPLE,
			    Attrs().u32_(OVS_SAMPLE_ATTR_PROBABILITY, probability).nest(OVS_SAMPLE_ATTR_ACTIONS, actions));
}

TEST_F(FlowActionsTest, Sample)
{
	Attrs probability = Attrs().u32_(OVS_SAMPLE_ATTR_PROBABILITY, 9);
	Attrs actions = Attrs().nest(OVS_SAMPLE_ATTR_ACTIONS, output());
	auto with = [](const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_SAMPLE, members); };
	EXPECT_EQ(error(with(Attrs(probability).append(actions.vector())), ip_key()), 0);
	EXPECT_EQ(error(with(Attrs(probability).nest(OVS_SAMPLE_ATTR_ACTIONS, Attrs())), ip_key()), 0);
	EXPECT_EQ(error(with(probability), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(actions), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs().put(OVS_SAMPLE_ATTR_PROBABILITY, u64(9)).append(actions.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).bytes(OVS_SAMPLE_ATTR_ACTIONS, {1, 2})), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).append(actions.vector()).flag(0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).append(actions.vector()).flag(3)), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).append(probability.vector()).append(actions.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).append(actions.vector()).append({0, 0})), ip_key()), -EINVAL);
	// An unpadded last member is refused here (leftover != 0), unlike at
	// the end of an action list.
	Attrs pid = Attrs().u32_(OVS_USERSPACE_ATTR_PID, 7).unpadded(OVS_USERSPACE_ATTR_USERDATA, {1});
	Attrs list = Attrs().unpadded(OVS_ACTION_ATTR_USERSPACE, pid.vector());
	EXPECT_EQ(error(with(Attrs(probability).unpadded(OVS_SAMPLE_ATTR_ACTIONS, list.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(with(Attrs(probability).nest(OVS_SAMPLE_ATTR_ACTIONS, list)), ip_key()), 0);
	// Stored as {PROBABILITY, ACTIONS} whatever the input order.
	expect_stored(with(Attrs(actions).append(probability.vector())), ip_key(), with(Attrs(probability).append(actions.vector())));
}

TEST_F(FlowActionsTest, Clone)
{
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs()), ip_key()), 0);
	EXPECT_EQ(error(Attrs().bytes(OVS_ACTION_ATTR_CLONE, {1, 2}), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, output(70000)), ip_key()), -EINVAL);
	expect_stored(Attrs().nest(OVS_ACTION_ATTR_CLONE, output()), ip_key(), Attrs().nest(OVS_ACTION_ATTR_CLONE, output()));
}

Attrs check_pkt_len(const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_CHECK_PKT_LEN, members); }

TEST_F(FlowActionsTest, CheckPacketLength)
{
	Attrs length = Attrs().u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 1500);
	Attrs greater = Attrs().nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, output(2));
	Attrs lesser = Attrs().nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, output(3));
	Attrs all = Attrs(length).append(greater.vector()).append(lesser.vector());
	EXPECT_EQ(error(check_pkt_len(all), ip_key()), 0);
	EXPECT_EQ(error(check_pkt_len(Attrs(length).append(greater.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs(length).append(lesser.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs(greater).append(lesser.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs().u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 0).append(greater.vector()).append(lesser.vector())),
			ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs(all).flag(0)), ip_key()), -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs(all).flag(4)), ip_key()), -EINVAL);
	EXPECT_EQ(error(check_pkt_len(Attrs(all).append({0, 0})), ip_key()), -EINVAL);
	// Policy failures are out of range.
	EXPECT_EQ(error(check_pkt_len(Attrs().bytes(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, {5}).append(greater.vector()).append(lesser.vector())),
			ip_key()),
		  -ERANGE);
	EXPECT_EQ(error(check_pkt_len(Attrs(length).bytes(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, {1, 2}).append(lesser.vector())),
			ip_key()),
		  -ERANGE);
	// A longer PKT_LEN only warns; the last duplicate wins.
	EXPECT_EQ(error(check_pkt_len(Attrs().bytes(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, {1, 0, 9}).append(greater.vector()).append(lesser.vector())),
			ip_key()),
		  0);
	EXPECT_EQ(error(check_pkt_len(Attrs(all).u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 0)), ip_key()), -EINVAL);
	// Stored as {PKT_LEN, IF_LESS_EQUAL, IF_GREATER}.
	expect_stored(check_pkt_len(Attrs(greater).append(lesser.vector()).bytes(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, {0xdc, 5, 7})),
		      ip_key(), check_pkt_len(Attrs(length).append(lesser.vector()).append(greater.vector())));
}

TEST_F(FlowActionsTest, DecTtl)
{
	Attrs action = Attrs().nest(OVS_DEC_TTL_ATTR_ACTION, output());
	auto dec_ttl = [](const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_DEC_TTL, members); };
	EXPECT_EQ(error(dec_ttl(action), ip_key()), 0);
	EXPECT_EQ(error(dec_ttl(Attrs().nest(OVS_DEC_TTL_ATTR_ACTION, Attrs())), ip_key()), 0);

	int before = host_port::netlink_log_count();
	EXPECT_EQ(error(dec_ttl(Attrs(action).flag(0)), ip_key()), -EINVAL);
	EXPECT_EQ(host_port::netlink_log_count(), before + 1);
	EXPECT_EQ(error(dec_ttl(Attrs(action).append(action.vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(dec_ttl(Attrs(action).append({1, 2})), ip_key()), -EINVAL);
	EXPECT_EQ(error(dec_ttl(Attrs()), ip_key()), -EINVAL);
	EXPECT_STREQ(host_port::last_netlink_log(), "Missing valid actions attribute.");
	EXPECT_EQ(error(dec_ttl(Attrs().bytes(OVS_DEC_TTL_ATTR_ACTION, {1})), ip_key()), -EINVAL);
	// Later member types are skipped, duplicates included, and not kept.
	expect_stored(dec_ttl(Attrs().u32_(2, 1).append(action.vector()).u32_(2, 2).flag(9)), ip_key(), dec_ttl(action));
}

TEST_F(FlowActionsTest, DepthSixteenIsTheLimit)
{
	EXPECT_EQ(error(nested_clones(16, output()), ip_key()), 0);
	EXPECT_EQ(error(nested_clones(17, output()), ip_key()), -EOVERFLOW);
	EXPECT_EQ(error(nested_clones(17, Attrs()), ip_key()), -EOVERFLOW) << "even an empty list";
	// Every container counts.
	Attrs mixed = output();
	for (int i = 0; i < 4; i++) {
		mixed = sample(mixed);
		mixed = Attrs().nest(OVS_ACTION_ATTR_DEC_TTL, Attrs().nest(OVS_DEC_TTL_ATTR_ACTION, mixed));
		mixed = check_pkt_len(Attrs()
					      .u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 100)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, mixed)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, Attrs()));
		mixed = Attrs().nest(OVS_ACTION_ATTR_CLONE, mixed);
	}
	EXPECT_EQ(error(mixed, ip_key()), 0);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, mixed), ip_key()), -EOVERFLOW);
	// A container's own members are checked before its list's depth.
	EXPECT_EQ(error(nested_clones(16, Attrs().nest(OVS_ACTION_ATTR_SAMPLE, Attrs())), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, RunningStateInNestedLists)
{
	// Ethertype and TCI flow into nested lists, and what happens there
	// stays there.
	Attrs push_tag = Attrs().put(OVS_ACTION_ATTR_PUSH_VLAN, vlan(0x8100, 0x1001));
	Attrs mpls = Attrs().put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls());
	EXPECT_EQ(error(Attrs(push_tag).nest(OVS_ACTION_ATTR_CLONE, mpls), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, push_tag).append(mpls.vector()), ip_key()), 0);
	EXPECT_EQ(error(Attrs(mpls).nest(OVS_ACTION_ATTR_CLONE, Attrs().u16_(OVS_ACTION_ATTR_POP_MPLS, to_be16(0x0800))),
			ip_key()),
		  0);
	// The MAC protocol does not: each list starts from the key's.
	Attrs pop_eth = Attrs().flag(OVS_ACTION_ATTR_POP_ETH);
	EXPECT_EQ(error(Attrs(pop_eth).flag(OVS_ACTION_ATTR_POP_VLAN), ip_key()), -EINVAL);
	EXPECT_EQ(error(Attrs(pop_eth).nest(OVS_ACTION_ATTR_CLONE, Attrs().flag(OVS_ACTION_ATTR_POP_VLAN)), ip_key()), 0);
	EXPECT_EQ(error(Attrs(pop_eth).append(sample(Attrs().flag(OVS_ACTION_ATTR_POP_ETH)).vector()), ip_key()), 0);
}

// ---- 6.4 CT ---------------------------------------------------------------

Attrs ct(const Attrs &members) { return Attrs().nest(OVS_ACTION_ATTR_CT, members); }
Attrs nat(const Attrs &members) { return Attrs().nest(OVS_CT_ATTR_NAT, members); }

struct Mark {
	u32 value, mask;
};

TEST_F(FlowActionsTest, ConntrackNeedsAnIpMatch)
{
	EXPECT_EQ(error(ct(Attrs()), ip_key(ethertype::ipv4)), 0);
	EXPECT_EQ(error(ct(Attrs()), ip_key(ethertype::ipv6)), 0);
	EXPECT_EQ(error(ct(Attrs()), ethernet_key(ethertype::arp)), -EINVAL);
	EXPECT_STREQ(host_port::last_netlink_log(), "ct family unspecified");
	// The match decides, not the running ethertype.
	EXPECT_EQ(error(Attrs().put(OVS_ACTION_ATTR_PUSH_MPLS, push_mpls()).append(ct(Attrs()).vector()), ip_key()), 0);
}

TEST_F(FlowActionsTest, ConntrackMembers)
{
	EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).u16_(OVS_CT_ATTR_ZONE, 5).put(OVS_CT_ATTR_MARK, Mark{1, 1})
				   .bytes(OVS_CT_ATTR_LABELS, std::vector<u8>(32, 1)).u32_(OVS_CT_ATTR_EVENTMASK, 3)
				   .string(OVS_CT_ATTR_TIMEOUT, "policy")),
			ip_key()),
		  0);
	EXPECT_EQ(conntrack_.timeout_seen, "policy");
	struct {
		u16 type;
		u32 length;
	} bad[] = {
		{OVS_CT_ATTR_COMMIT, 4},  {OVS_CT_ATTR_FORCE_COMMIT, 1}, {OVS_CT_ATTR_ZONE, 4},
		{OVS_CT_ATTR_MARK, 4},    {OVS_CT_ATTR_LABELS, 16},      {OVS_CT_ATTR_HELPER, 0},
		{OVS_CT_ATTR_HELPER, 17}, {OVS_CT_ATTR_EVENTMASK, 2},    {OVS_CT_ATTR_TIMEOUT, 0},
		{OVS_CT_ATTR_TIMEOUT, 33}, {OVS_CT_ATTR_UNSPEC, 0},      {OVS_CT_ATTR_UNSPEC, 4},
		{OVS_CT_ATTR_MAX + 1, 0},
	};
	for (auto [type, length] : bad)
		EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).bytes(type, std::vector<u8>(length, 1))), ip_key()),
			  -EINVAL)
			<< type << "/" << length;
	EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).append({1, 2, 3})), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs().bytes(OVS_CT_ATTR_HELPER, {'f', 't', 'p'})), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs().bytes(OVS_CT_ATTR_TIMEOUT, {'a', 'b'})), ip_key()), -EINVAL);
}

TEST_F(FlowActionsTest, ConntrackMarkAndLabelsNeedAMaskAndCommit)
{
	EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).put(OVS_CT_ATTR_MARK, Mark{1, 0})), ip_key()), -EINVAL);
	EXPECT_STREQ(host_port::last_netlink_log(), "ct_mark mask cannot be 0");
	EXPECT_EQ(error(ct(Attrs().put(OVS_CT_ATTR_MARK, Mark{1, 1})), ip_key()), -EINVAL);
	EXPECT_STREQ(host_port::last_netlink_log(), "Setting conntrack mark requires 'commit' flag.");
	EXPECT_EQ(error(ct(Attrs().put(OVS_CT_ATTR_MARK, Mark{1, 1}).flag(OVS_CT_ATTR_FORCE_COMMIT)), ip_key()), 0);
	std::vector<u8> labels(32, 0);
	EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).bytes(OVS_CT_ATTR_LABELS, labels)), ip_key()), -EINVAL);
	labels[31] = 1;
	EXPECT_EQ(error(ct(Attrs().bytes(OVS_CT_ATTR_LABELS, labels)), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs().bytes(OVS_CT_ATTR_LABELS, labels).flag(OVS_CT_ATTR_COMMIT)), ip_key()), 0);
}

TEST_F(FlowActionsTest, ConntrackHelper)
{
	EXPECT_EQ(error(ct(Attrs().string(OVS_CT_ATTR_HELPER, "ftp")), ip_key(ethertype::ipv6, 6)), 0);
	EXPECT_EQ(conntrack_.family, ct_family_ipv6);
	EXPECT_EQ(conntrack_.protocol, 6);
	EXPECT_FALSE(conntrack_.nat);

	EXPECT_EQ(error(ct(Attrs().string(OVS_CT_ATTR_HELPER, "tftp")), ip_key(), context(uapi_6_1)), -EINVAL);
	EXPECT_EQ(error(ct(Attrs().string(OVS_CT_ATTR_HELPER, "tftp")), ip_key(), context(uapi_6_12)), -EINVAL);
	conntrack_.nat_error = -ENOENT;
	EXPECT_EQ(error(ct(Attrs().flag(OVS_CT_ATTR_COMMIT).string(OVS_CT_ATTR_HELPER, "ftp").append(nat(Attrs()).vector())),
			ip_key()),
		  -ENOENT);
	EXPECT_TRUE(conntrack_.nat);
	// Without a callback there are no helpers.
	ActionContext bare;
	EXPECT_EQ(error(ct(Attrs().string(OVS_CT_ATTR_HELPER, "ftp")), ip_key(), bare), -EINVAL);
}

TEST_F(FlowActionsTest, ConntrackHelperLogLines)
{
	char line[128];
	format_log_line(line, sizeof(line), "Unknown helper \"%s\"", "tftp");
	EXPECT_STREQ(line, "Unknown helper \"tftp\"");
	format_log_line(line, sizeof(line), "Failed to add %s helper %d", "tftp", -22);
	EXPECT_STREQ(line, "Failed to add tftp helper -22");
	format_log_line(line, sizeof(line), "%u %x %d %%", 7u, 0xbeefu, -2147483647 - 1);
	EXPECT_STREQ(line, "7 beef -2147483648 %");
	format_log_line(line, 6, "%s", "truncated");
	EXPECT_STREQ(line, "trunc");
}

TEST_F(FlowActionsTest, ConntrackNat)
{
	Attrs commit = Attrs().flag(OVS_CT_ATTR_COMMIT);
	Attrs source = Attrs().flag(OVS_NAT_ATTR_SRC);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(source).vector())), ip_key()), 0);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).flag(OVS_NAT_ATTR_DST)).vector())), ip_key()), -ERANGE);
	EXPECT_STREQ(host_port::last_netlink_log(), "Only one type of NAT may be specified");
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs().flag(OVS_NAT_ATTR_PERSISTENT)).vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs().u16_(OVS_NAT_ATTR_PROTO_MIN, 5)).vector())), ip_key()),
		  -EINVAL);
	// COMMIT must come first.
	EXPECT_EQ(error(ct(nat(source)), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs(nat(source)).append(commit.vector())), ip_key()), -EINVAL);
	// An empty nest NATs existing connections only, with or without COMMIT.
	EXPECT_EQ(error(ct(nat(Attrs())), ip_key()), 0);
	// Address length follows the family.
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).u32_(OVS_NAT_ATTR_IP_MIN, 1)).vector())), ip_key()), 0);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).u32_(OVS_NAT_ATTR_IP_MIN, 1)).vector())),
			ip_key(ethertype::ipv6)),
		  -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).bytes(OVS_NAT_ATTR_IP_MIN, std::vector<u8>(16, 1))).vector())),
			ip_key(ethertype::ipv6)),
		  0);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).u32_(OVS_NAT_ATTR_PROTO_MIN, 1)).vector())), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).bytes(OVS_NAT_ATTR_SRC, {1})).vector())), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).flag(OVS_NAT_ATTR_MAX + 1)).vector())), ip_key()),
		  -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).flag(0)).vector())), ip_key()), -EINVAL);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs(source).append({1, 2})).vector())), ip_key()), -EINVAL);
	// Several nests share one state: an empty one, then SRC, is two types.
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(Attrs()).vector()).append(nat(source).vector())), ip_key()), -ERANGE);
	EXPECT_EQ(error(ct(Attrs(commit).append(nat(source).vector()).append(nat(Attrs()).vector())), ip_key()), 0);
}

TEST_F(FlowActionsTest, ConntrackStoredForm)
{
	// Members in canonical order, ZONE always, MARK/LABELS only with a
	// mask, the helper and timeout names cut at their NUL, the NAT range
	// without a maximum equal to its minimum.
	std::vector<u8> labels(32, 0);
	labels[0] = 5;
	labels[16] = 0xff;
	Attrs nat_in = Attrs()
			       .u16_(OVS_NAT_ATTR_PROTO_MIN, 100)
			       .u32_(OVS_NAT_ATTR_IP_MAX, to_be32(0x0a000009))
			       .flag(OVS_NAT_ATTR_PROTO_RANDOM)
			       .flag(OVS_NAT_ATTR_DST)
			       .u32_(OVS_NAT_ATTR_IP_MIN, to_be32(0x0a000001))
			       .u16_(OVS_NAT_ATTR_PROTO_MAX, 100)
			       .flag(OVS_NAT_ATTR_PERSISTENT)
			       .flag(OVS_NAT_ATTR_PROTO_HASH);
	Attrs request = Attrs()
				.bytes(OVS_CT_ATTR_TIMEOUT, {'p', 'o', 'l', 'i', 'c', 'y', 0, 'x'})
				.u32_(OVS_CT_ATTR_EVENTMASK, 0)
				.bytes(OVS_CT_ATTR_HELPER, {'f', 't', 'p', 0, 'z', 'z'})
				.bytes(OVS_CT_ATTR_LABELS, labels)
				.flag(OVS_CT_ATTR_COMMIT)
				.flag(OVS_CT_ATTR_FORCE_COMMIT)
				.flag(OVS_CT_ATTR_COMMIT)
				.nest(OVS_CT_ATTR_NAT | nested_flag, nat_in);
	Attrs nat_out = Attrs()
				.flag(OVS_NAT_ATTR_DST)
				.u32_(OVS_NAT_ATTR_IP_MIN, to_be32(0x0a000001))
				.u32_(OVS_NAT_ATTR_IP_MAX, to_be32(0x0a000009))
				.u16_(OVS_NAT_ATTR_PROTO_MIN, 100)
				.flag(OVS_NAT_ATTR_PERSISTENT)
				.flag(OVS_NAT_ATTR_PROTO_HASH)
				.flag(OVS_NAT_ATTR_PROTO_RANDOM);
	Attrs expected = Attrs()
				 .flag(OVS_CT_ATTR_FORCE_COMMIT)
				 .u16_(OVS_CT_ATTR_ZONE, 0)
				 .bytes(OVS_CT_ATTR_LABELS, labels)
				 .string(OVS_CT_ATTR_HELPER, "ftp")
				 .u32_(OVS_CT_ATTR_EVENTMASK, 0)
				 .string(OVS_CT_ATTR_TIMEOUT, "policy")
				 .nest(OVS_CT_ATTR_NAT, nat_out);
	expect_stored(ct(request), ip_key(), ct(expected));

	// A missing maximum takes the minimum, and is then not shown.
	Attrs commit = Attrs().flag(OVS_CT_ATTR_COMMIT);
	Attrs with_min = nat(Attrs().flag(OVS_NAT_ATTR_SRC).u32_(OVS_NAT_ATTR_IP_MIN, 7).u16_(OVS_NAT_ATTR_PROTO_MIN, 9));
	expect_stored(ct(Attrs(commit).append(with_min.vector())), ip_key(),
		      ct(Attrs(commit).u16_(OVS_CT_ATTR_ZONE, 0).append(with_min.vector())));
	// Without SRC or DST the nest is empty; a leading-NUL timeout and a
	// last-wins zone.
	expect_stored(ct(Attrs().u16_(OVS_CT_ATTR_ZONE, 3).u16_(OVS_CT_ATTR_ZONE, 4).bytes(OVS_CT_ATTR_TIMEOUT, {0, 'a'})
				 .append(nat(Attrs()).vector())),
		      ip_key(), ct(Attrs().u16_(OVS_CT_ATTR_ZONE, 4).nest(OVS_CT_ATTR_NAT, Attrs())));
	// A second nest keeps the first one's range; its missing maximum
	// becomes the minimum again.
	Attrs range = nat(Attrs().flag(OVS_NAT_ATTR_SRC).u32_(OVS_NAT_ATTR_IP_MIN, 1).u32_(OVS_NAT_ATTR_IP_MAX, 2));
	expect_stored(ct(Attrs(commit).append(range.vector()).append(nat(Attrs()).vector())), ip_key(),
		      ct(Attrs(commit).u16_(OVS_CT_ATTR_ZONE, 0).nest(OVS_CT_ATTR_NAT, Attrs().flag(OVS_NAT_ATTR_SRC).u32_(OVS_NAT_ATTR_IP_MIN, 1))));
}

TEST_F(FlowActionsTest, ConntrackTimeoutFailureOnlyLogs)
{
	int before = host_port::netlink_log_count();
	EXPECT_EQ(error(ct(Attrs().string(OVS_CT_ATTR_TIMEOUT, "nothere")), ip_key()), 0);
	EXPECT_EQ(conntrack_.timeout_seen, "nothere");
	EXPECT_GT(host_port::netlink_log_count(), before);
}

// ---- 6.5 size limits -----------------------------------------------------

TEST_F(FlowActionsTest, NestedListsLimitWhatInTreeStores)
{
	// In-tree stores 164 bytes per CT: 399 of them fit a clone's 64 KiB,
	// 400 do not, although the request is small.
	Attrs empty_ct = ct(Attrs());
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs().repeat(empty_ct, 399)), ip_key()), 0);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs().repeat(empty_ct, 400)), ip_key()), -EMSGSIZE);
	EXPECT_EQ(error(sample(Attrs().repeat(empty_ct, 400)), ip_key()), -EMSGSIZE);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_DEC_TTL, Attrs().nest(OVS_DEC_TTL_ATTR_ACTION, Attrs().repeat(empty_ct, 400))),
			ip_key()),
		  -EMSGSIZE);
	// The top level has no limit.
	EXPECT_EQ(error(Attrs().repeat(empty_ct, 1000), ip_key()), 0);
	// check_pkt_len checks its first list before it reads the second.
	Attrs big = Attrs().repeat(empty_ct, 400);
	Attrs bad = Attrs().flag(OVS_ACTION_ATTR_UNSPEC);
	EXPECT_EQ(error(check_pkt_len(Attrs()
					      .u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 9)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, bad)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, big)),
			ip_key()),
		  -EMSGSIZE);
	EXPECT_EQ(error(check_pkt_len(Attrs()
					      .u16_(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 9)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, big)
					      .nest(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, bad)),
			ip_key()),
		  -EINVAL);
	// Plain sets are stored doubled: 2 * (4 + 2 * 16) + ... per CT_LABELS set.
	Attrs labels = set(Attrs().put(OVS_KEY_ATTR_CT_LABELS, ovs_key_ct_labels{}));
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs().repeat(labels, 1638)), ip_key()), 0);
	EXPECT_EQ(error(Attrs().nest(OVS_ACTION_ATTR_CLONE, Attrs().repeat(labels, 1639)), ip_key()), -EMSGSIZE);
}

TEST_F(FlowActionsTest, AllocationFailureIsAnError)
{
	Attrs actions = Attrs(output()).nest(OVS_ACTION_ATTR_CLONE, output(2));
	host_port::fail_allocations(1);
	EXPECT_EQ(error(actions, ip_key()), -ENOMEM);
	host_port::fail_allocations(1, 1);
	EXPECT_EQ(error(actions, ip_key()), -ENOMEM);
	host_port::fail_allocations(0);
	EXPECT_EQ(error(actions, ip_key()), 0);
}

TEST_F(FlowActionsTest, RoundTripOfAMixedList)
{
	ovs_key_ipv4 ip{};
	ip.ipv4_proto = 6;
	ip.ipv4_dst = to_be32(0x0a000002);
	ovs_key_tcp tcp_mask{};
	tcp_mask.tcp_dst = 0xffff;
	ovs_key_tcp tcp{};
	tcp.tcp_dst = to_be16(80);
	Attrs request = Attrs()
				.put(OVS_ACTION_ATTR_PUSH_VLAN | byteorder_flag, vlan(0x8100, 0x1064))
				.nest(OVS_ACTION_ATTR_SET, Attrs().put(OVS_KEY_ATTR_IPV4, ip))
				.append(set_masked(OVS_KEY_ATTR_TCP, tcp, tcp_mask).vector())
				.nest(OVS_ACTION_ATTR_CT | nested_flag, Attrs().u16_(OVS_CT_ATTR_ZONE, 7).flag(OVS_CT_ATTR_COMMIT))
				.u32_(OVS_ACTION_ATTR_RECIRC, 3)
				.nest(OVS_ACTION_ATTR_SAMPLE,
				      Attrs().nest(OVS_SAMPLE_ATTR_ACTIONS,
						   Attrs().nest(OVS_ACTION_ATTR_USERSPACE, Attrs().u32_(OVS_USERSPACE_ATTR_PID, 4)))
					      .u32_(OVS_SAMPLE_ATTR_PROBABILITY, 100))
				.append(output(2).vector());
	Attrs expected = Attrs()
				 .put(OVS_ACTION_ATTR_PUSH_VLAN, vlan(0x8100, 0x1064))
				 .nest(OVS_ACTION_ATTR_SET, Attrs().put(OVS_KEY_ATTR_IPV4, ip))
				 .append(set_masked(OVS_KEY_ATTR_TCP, tcp, tcp_mask).vector())
				 .nest(OVS_ACTION_ATTR_CT, Attrs().flag(OVS_CT_ATTR_COMMIT).u16_(OVS_CT_ATTR_ZONE, 7))
				 .u32_(OVS_ACTION_ATTR_RECIRC, 3)
				 .append(sample(Attrs().nest(OVS_ACTION_ATTR_USERSPACE, Attrs().u32_(OVS_USERSPACE_ATTR_PID, 4)), 100)
						 .vector())
				 .append(output(2).vector());
	Outcome outcome = run(request, ip_key());
	ASSERT_EQ(outcome.error, 0);
	EXPECT_EQ(outcome.stored, expected.vector());
	EXPECT_EQ(outcome.request_length, request.size());
}

TEST_F(FlowActionsTest, FreedAfterAGracePeriod)
{
	Attrs actions = output();
	Result<OwnPtr<FlowActions>> result = validate_actions(actions.data(), actions.size(), ip_key(), context());
	ASSERT_TRUE(result.ok());
	delete_after_grace_period(result.take().release());
	wait_for_deferred_deletions();
}

}  // namespace
}  // namespace ovsdp
