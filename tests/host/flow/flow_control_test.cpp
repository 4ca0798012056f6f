// SPDX-License-Identifier: GPL-2.0
// The ovs_flow commands behind include/ovsdp/core.h, as the glue calls them:
// the in-tree semantics of NEW (create, replace, EEXIST, ENOENT), SET, GET,
// DEL (and the flush), dumps that resume, and what messages carry.
#include <ovsdp/core.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "flow/flow_key.h"
#include "netlink/attribute_stream.h"
#include "netlink/attribute_writer.h"
#include "port/core_test.h"

namespace ovsdp {
namespace {

std::vector<u8> attrs(const std::vector<std::pair<u16, std::vector<u8>>> &list)
{
	std::vector<u8> out(4096);
	AttributeWriter writer(out.data(), out.size());
	for (const auto &[type, payload] : list)
		writer.put(type, payload.data(), payload.size());
	out.resize(writer.length());
	return out;
}

template <class T>
std::vector<u8> bytes(const T &value)
{
	std::vector<u8> out(sizeof(value));
	std::memcpy(out.data(), &value, sizeof(value));
	return out;
}

// in_port(1), eth(), eth_type(0x0800), ipv4(src=10.0.0.@host, proto 47).
std::vector<u8> ipv4_key(u8 host)
{
	ovs_key_ipv4 ipv4{};
	ipv4.ipv4_src = to_be32(0x0a000000 | host);
	ipv4.ipv4_proto = 47;
	return attrs({{OVS_KEY_ATTR_IN_PORT, bytes(u32(1))},
		      {OVS_KEY_ATTR_ETHERNET, bytes(ovs_key_ethernet{})},
		      {OVS_KEY_ATTR_ETHERTYPE, bytes(to_be16(0x0800))},
		      {OVS_KEY_ATTR_IPV4, bytes(ipv4)}});
}

// The same fields, with the IPv4 source wildcarded.
std::vector<u8> wide_mask()
{
	ovs_key_ipv4 ipv4{};
	ipv4.ipv4_proto = 0xff;
	return attrs({{OVS_KEY_ATTR_IN_PORT, bytes(u32(0xffffffff))},
		      {OVS_KEY_ATTR_ETHERTYPE, bytes(be16(0xffff))},
		      {OVS_KEY_ATTR_IPV4, bytes(ipv4)}});
}

std::vector<u8> output_to(u32 port) { return attrs({{OVS_ACTION_ATTR_OUTPUT, bytes(port)}}); }

using Attributes = std::map<u16, std::vector<u8>>;

Attributes parse(const void *data, u32 length, std::vector<u16> *order = nullptr)
{
	Attributes found;
	AttributeStream stream(data, length);
	Attribute attribute;
	while (stream.next(&attribute)) {
		found[attribute.type].assign(attribute.data, attribute.data + attribute.length);
		if (order)
			order->push_back(attribute.type);
	}
	return found;
}

class FlowControlTest : public testing::CoreTest {
protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		ASSERT_EQ(ovsdp_core_init(), 0);
		net_ = ovsdp_core_net_create(this);
		ASSERT_NE(net_, nullptr);
		ovsdp_dp_request dp{};
		dp.name = "dp0";
		dp.upcall_pid = &pid_;
		dp.upcall_pid_len = sizeof(pid_);
		ovsdp_dp_info info{};
		ASSERT_EQ(ovsdp_core_dp_new(net_, &dp, &info, &extack_), 0);
		ifindex_ = info.dp_ifindex;
	}

	void TearDown() override
	{
		ovsdp_core_flow_message_release(&reply_);
		ovsdp_core_net_destroy(net_);
		ovsdp_core_exit();
		CoreTest::TearDown();
	}

	struct Request {
		std::vector<u8> key, mask, actions, ufid;
		bool has_mask = false, has_actions = false;
		ovsdp_flow_request raw{};
	};

	Request flow(u8 host, u32 port, const char *ufid = nullptr, bool wide = false)
	{
		Request r;
		r.key = ipv4_key(host);
		r.actions = output_to(port);
		r.has_actions = true;
		if (wide) {
			r.mask = wide_mask();
			r.has_mask = true;
		}
		if (ufid)
			r.ufid.assign(ufid, ufid + std::strlen(ufid));
		return r;
	}

	int run(int (*command)(ovsdp_net *, const ovsdp_flow_request *, ovsdp_flow_message *, const char **),
		Request &r)
	{
		ovsdp_flow_request &raw = r.raw;
		raw.dp_ifindex = raw.dp_ifindex ? raw.dp_ifindex : ifindex_;
		raw.key = r.key.empty() ? nullptr : r.key.data();
		raw.key_len = r.key.size();
		raw.mask = r.has_mask ? r.mask.data() : nullptr;
		raw.mask_len = r.mask.size();
		raw.actions = r.has_actions ? r.actions.data() : nullptr;
		raw.actions_len = r.actions.size();
		raw.ufid = r.ufid.empty() ? nullptr : r.ufid.data();
		raw.ufid_len = r.ufid.size();
		raw.want_reply = 1;
		ovsdp_core_flow_message_release(&reply_);
		return command(net_, &raw, &reply_, &extack_);
	}

	std::vector<std::vector<u8>> dump(u32 capacity, unsigned ufid_flags = 0)
	{
		std::vector<std::vector<u8>> flows;
		std::vector<u8> buffer(capacity);
		long position[2] = {0, 0};
		while (true) {
			unsigned length = 0;
			int err = ovsdp_core_flow_dump_next(net_, ifindex_, ufid_flags, position, buffer.data(),
							    capacity, 1, &length);
			EXPECT_GE(err, 0);
			if (err <= 0)
				return flows;
			flows.emplace_back(buffer.begin(), buffer.begin() + length);
		}
	}

	ovsdp_net *net_ = nullptr;
	const char *extack_ = nullptr;
	u32 pid_ = 77;
	int ifindex_ = 0;
	ovsdp_flow_message reply_{};
};

TEST_F(FlowControlTest, NewNeedsKeyAndActions)
{
	Request r = flow(1, 2);
	r.has_actions = false;
	EXPECT_EQ(run(ovsdp_core_flow_new, r), -EINVAL);
	r = flow(1, 2);
	r.key.clear();
	EXPECT_EQ(run(ovsdp_core_flow_new, r), -EINVAL);
	r = flow(1, 2);
	r.raw.dp_ifindex = ifindex_ + 100;
	EXPECT_EQ(run(ovsdp_core_flow_new, r), -ENODEV);
}

TEST_F(FlowControlTest, NewCreatesThenReplacesActionsOrRefuses)
{
	Request r = flow(1, 2);
	ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);
	std::vector<u16> order;
	Attributes reply = parse(reply_.data, reply_.length, &order);
	// Key-identified: KEY (unmasked), MASK, ACTIONS, no stats yet.
	EXPECT_EQ(order, (std::vector<u16>{OVS_FLOW_ATTR_KEY, OVS_FLOW_ATTR_MASK, OVS_FLOW_ATTR_ACTIONS}));
	EXPECT_EQ(reply[OVS_FLOW_ATTR_ACTIONS], output_to(2));

	r = flow(1, 3);
	r.raw.create = 1;
	EXPECT_EQ(run(ovsdp_core_flow_new, r), -EEXIST);
	r = flow(1, 3);
	ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);  // same flow: new actions
	EXPECT_EQ(parse(reply_.data, reply_.length)[OVS_FLOW_ATTR_ACTIONS], output_to(3));

	Request get = flow(1, 0);
	get.has_actions = false;
	ASSERT_EQ(run(ovsdp_core_flow_get, get), 0);
	EXPECT_EQ(parse(reply_.data, reply_.length)[OVS_FLOW_ATTR_ACTIONS], output_to(3));
}

TEST_F(FlowControlTest, CoveredByAWildcardFlowIsNotTheSameFlow)
{
	Request wide = flow(1, 2, nullptr, true);
	ASSERT_EQ(run(ovsdp_core_flow_new, wide), 0);
	// Host 9 matches the wildcard flow, which is not the one it names.
	Request narrow = flow(9, 2);
	EXPECT_EQ(run(ovsdp_core_flow_new, narrow), -ENOENT);
	narrow.raw.create = 1;
	EXPECT_EQ(run(ovsdp_core_flow_new, narrow), -EEXIST);
}

TEST_F(FlowControlTest, UfidFlowsAreFoundByUfidNotByKey)
{
	Request r = flow(1, 2, "0123456789abcdef");
	ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);
	std::vector<u16> order;
	parse(reply_.data, reply_.length, &order);
	EXPECT_EQ(order, (std::vector<u16>{OVS_FLOW_ATTR_UFID, OVS_FLOW_ATTR_KEY, OVS_FLOW_ATTR_MASK,
					   OVS_FLOW_ATTR_ACTIONS}));

	Request by_key = flow(1, 0);
	by_key.has_actions = false;
	EXPECT_EQ(run(ovsdp_core_flow_get, by_key), -ENOENT);

	Request by_ufid;
	by_ufid.ufid.assign({'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'});
	by_ufid.raw.ufid_flags = OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | OVS_UFID_F_OMIT_ACTIONS;
	ASSERT_EQ(run(ovsdp_core_flow_get, by_ufid), 0);
	order.clear();
	parse(reply_.data, reply_.length, &order);
	EXPECT_EQ(order, (std::vector<u16>{OVS_FLOW_ATTR_UFID}));

	// The same UFID with another key is not the same flow.
	Request other = flow(5, 2, "0123456789abcdef");
	EXPECT_EQ(run(ovsdp_core_flow_new, other), -ENOENT);
}

TEST_F(FlowControlTest, OversizedUfidCountsAsAbsent)
{
	Request one = flow(1, 2), two = flow(2, 2);
	ASSERT_EQ(run(ovsdp_core_flow_new, one), 0);
	ASSERT_EQ(run(ovsdp_core_flow_new, two), 0);
	EXPECT_EQ(dump(4096).size(), 2u);
	// A DEL whose only identifier is a 17-byte UFID flushes the table.
	Request del;
	del.ufid.assign(17, 'x');
	EXPECT_EQ(run(ovsdp_core_flow_del, del), 0);
	EXPECT_EQ(reply_.data, nullptr);  // a flush says nothing
	EXPECT_EQ(dump(4096).size(), 0u);
	// A GET with only that is refused.
	EXPECT_EQ(run(ovsdp_core_flow_get, del), -EINVAL);
	// A NEW with it makes a flow identified by its key.
	Request named = flow(3, 2);
	named.ufid.assign(17, 'y');
	ASSERT_EQ(run(ovsdp_core_flow_new, named), 0);
	std::vector<u16> order;
	parse(reply_.data, reply_.length, &order);
	EXPECT_EQ(order.front(), OVS_FLOW_ATTR_KEY);
}

TEST_F(FlowControlTest, SetReplacesActionsAndClearsAfterReplying)
{
	Request r = flow(1, 2);
	ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);
	Request set = flow(1, 4);
	set.raw.clear = 1;
	ASSERT_EQ(run(ovsdp_core_flow_set, set), 0);
	EXPECT_EQ(parse(reply_.data, reply_.length)[OVS_FLOW_ATTR_ACTIONS], output_to(4));

	Request no_key;
	no_key.actions = output_to(1);
	no_key.has_actions = true;
	EXPECT_EQ(run(ovsdp_core_flow_set, no_key), -EINVAL);
	Request missing = flow(7, 2);
	EXPECT_EQ(run(ovsdp_core_flow_set, missing), -ENOENT);
}

TEST_F(FlowControlTest, DelAnswersWithTheRemovedFlow)
{
	Request r = flow(1, 2);
	ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);
	Request del = flow(1, 0);
	del.has_actions = false;
	ASSERT_EQ(run(ovsdp_core_flow_del, del), 0);
	EXPECT_EQ(parse(reply_.data, reply_.length)[OVS_FLOW_ATTR_ACTIONS], output_to(2));
	EXPECT_EQ(run(ovsdp_core_flow_del, del), -ENOENT);
}

TEST_F(FlowControlTest, DumpsResumeAndDropActionsOnlyWhenAlone)
{
	for (u8 host = 1; host <= 40; host++) {
		Request r = flow(host, host);
		ASSERT_EQ(run(ovsdp_core_flow_new, r), 0);
	}
	std::vector<std::vector<u8>> flows = dump(4096);
	ASSERT_EQ(flows.size(), 40u);
	std::map<std::vector<u8>, int> seen;
	for (const auto &message : flows)
		seen[parse(message.data(), message.size())[OVS_FLOW_ATTR_KEY]]++;
	EXPECT_EQ(seen.size(), 40u);

	// A buffer that holds the key and mask but not the actions: each flow
	// comes alone, without its actions.
	u32 without_actions = flows[0].size() - 12;
	std::vector<std::vector<u8>> small = dump(without_actions);
	ASSERT_EQ(small.size(), 40u);
	EXPECT_EQ(parse(small[0].data(), small[0].size()).count(OVS_FLOW_ATTR_ACTIONS), 0u);

	// Not the first message of its buffer: the flow waits for the next.
	std::vector<u8> buffer(without_actions);
	long position[2] = {0, 0};
	unsigned length = 0;
	EXPECT_EQ(ovsdp_core_flow_dump_next(net_, ifindex_, 0, position, buffer.data(), buffer.size(), 0, &length),
		  -EMSGSIZE);
	EXPECT_EQ(position[0], 0);
	EXPECT_EQ(position[1], 0);
}

TEST_F(FlowControlTest, DatapathStatsCountFlowsAndMasks)
{
	Request a = flow(1, 2), b = flow(2, 2), c = flow(3, 2, nullptr, true);
	ASSERT_EQ(run(ovsdp_core_flow_new, a), 0);
	ASSERT_EQ(run(ovsdp_core_flow_new, b), 0);
	ASSERT_EQ(run(ovsdp_core_flow_new, c), 0);
	ovsdp_dp_request get{};
	get.dp_ifindex = ifindex_;
	ovsdp_dp_info info{};
	ASSERT_EQ(ovsdp_core_dp_get(net_, &get, &info, &extack_), 0);
	EXPECT_EQ(info.stats.n_flows, 3u);
	EXPECT_EQ(info.megaflow_stats.n_masks, 2u);
	ovsdp_core_pid_list_release(&info.per_cpu_pids);
}

TEST_F(FlowControlTest, BadActionsChangeNothing)
{
	Request r = flow(1, 2);
	r.actions = attrs({{OVS_ACTION_ATTR_OUTPUT, bytes(u32(0xffff))}});
	EXPECT_EQ(run(ovsdp_core_flow_new, r), -EINVAL);
	EXPECT_EQ(dump(4096).size(), 0u);
	Request good = flow(1, 2);
	ASSERT_EQ(run(ovsdp_core_flow_new, good), 0);
	Request bad_set = flow(1, 2);
	bad_set.actions = attrs({{OVS_ACTION_ATTR_UNSPEC, {}}});
	EXPECT_EQ(run(ovsdp_core_flow_set, bad_set), -EINVAL);
	Request get = flow(1, 0);
	get.has_actions = false;
	ASSERT_EQ(run(ovsdp_core_flow_get, get), 0);
	EXPECT_EQ(parse(reply_.data, reply_.length)[OVS_FLOW_ATTR_ACTIONS], output_to(2));
}

}  // namespace
}  // namespace ovsdp
