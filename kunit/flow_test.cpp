// SPDX-License-Identifier: GPL-2.0
// Flows in the real kernel, with lockdep, KASAN and kmemleak watching: the
// key codec's round trip, the megaflow table, the ovs_flow commands through
// the core's C entry points, the seed race (a datapath deleted while other
// threads add, change, read and dump its flows) and flow commands that
// complete while another thread holds RTNL.
#include <ovsdp/core.h>

#include "cases.h"
#include "core_lifecycle.h"
#include "datapath/datapath_registry.h"
#include "datapath/ovsdp_net.h"
#include "flow/key_codec.h"
#include "kunit_bridge.h"
#include "runtime/own_ptr.h"

using namespace ovsdp;

namespace {

constexpr int test_ifindex = 30;

// A flow request's key, mask and actions in wire form.
struct FlowAttributes {
	u8 key[256];
	u32 key_length;
	u8 mask[256];
	u32 mask_length;
	u8 actions[64];
	u32 actions_length;
	u8 ufid[16];
};

// in_port(1), eth(), eth_type(0x0800), ipv4(proto 17), udp(@port, 53): the
// UDP source port tells flows apart; the mask leaves the IPv4 addresses and
// TTL wildcarded.
void describe_flow(FlowAttributes &flow, u16 port, u32 output_port)
{
	AttributeWriter key(flow.key, sizeof(flow.key));
	key.put_value(OVS_KEY_ATTR_IN_PORT, u32(1));
	ovs_key_ethernet eth{};
	eth.eth_dst[5] = 2;
	key.put_value(OVS_KEY_ATTR_ETHERNET, eth);
	key.put_value(OVS_KEY_ATTR_ETHERTYPE, to_be16(0x0800));
	ovs_key_ipv4 ipv4{};
	ipv4.ipv4_src = to_be32(0x0a000001);
	ipv4.ipv4_proto = 17;
	ipv4.ipv4_ttl = 64;
	key.put_value(OVS_KEY_ATTR_IPV4, ipv4);
	key.put_value(OVS_KEY_ATTR_UDP, ovs_key_udp{to_be16(port), to_be16(53)});
	flow.key_length = key.length();

	AttributeWriter mask(flow.mask, sizeof(flow.mask));
	mask.put_value(OVS_KEY_ATTR_IN_PORT, u32(0xffffffff));
	ovs_key_ethernet eth_mask{};
	__builtin_memset(eth_mask.eth_dst, 0xff, sizeof(eth_mask.eth_dst));
	mask.put_value(OVS_KEY_ATTR_ETHERNET, eth_mask);
	mask.put_value(OVS_KEY_ATTR_ETHERTYPE, be16(0xffff));
	ovs_key_ipv4 ipv4_mask{};
	ipv4_mask.ipv4_proto = 0xff;
	mask.put_value(OVS_KEY_ATTR_IPV4, ipv4_mask);
	mask.put_value(OVS_KEY_ATTR_UDP, ovs_key_udp{be16(0xffff), be16(0xffff)});
	flow.mask_length = mask.length();

	AttributeWriter actions(flow.actions, sizeof(flow.actions));
	actions.put_value(OVS_ACTION_ATTR_OUTPUT, output_port);
	flow.actions_length = actions.length();

	__builtin_memset(flow.ufid, 0, sizeof(flow.ufid));
	flow.ufid[0] = u8(port);
	flow.ufid[1] = u8(port >> 8);
}

ovsdp_flow_request request_for(const FlowAttributes &flow, int dp_ifindex, bool with_ufid)
{
	ovsdp_flow_request request{};
	request.dp_ifindex = dp_ifindex;
	request.key = flow.key;
	request.key_len = flow.key_length;
	request.mask = flow.mask;
	request.mask_len = flow.mask_length;
	request.actions = flow.actions;
	request.actions_len = flow.actions_length;
	if (with_ufid) {
		request.ufid = flow.ufid;
		request.ufid_len = sizeof(flow.ufid);
	}
	request.want_reply = 1;
	return request;
}

// A namespace's core state with one datapath and no devices: flows need
// no device, and the datapath lifecycle here is the registry's.
ovsdp_net *create_net()
{
	ovsdp_net *net = new (may_sleep) ovsdp_net(nullptr);
	return net;
}

bool create_datapath(ovsdp_net &net, int ifindex)
{
	MutexGuard global(datapath_lock());
	return net.registry.create(DatapathConfig{"kflow", ifindex, 0}, global).ok();
}

void destroy_datapath(ovsdp_net &net, int ifindex)
{
	MutexGuard global(datapath_lock());
	if (Datapath *dp = net.registry.find(ifindex, global))
		net.registry.destroy(dp, global);
}

int run(int (*command)(ovsdp_net *, const ovsdp_flow_request *, ovsdp_flow_message *, const char **),
	ovsdp_net *net, const ovsdp_flow_request &request)
{
	ovsdp_flow_message reply{};
	const char *extack = nullptr;
	int err = command(net, &request, &reply, &extack);
	ovsdp_core_flow_message_release(&reply);
	return err;
}

// Dumps every flow of the datapath; returns the count, or a negative errno.
long dump_all(ovsdp_net *net, int dp_ifindex)
{
	static constexpr u32 capacity = 4096;
	void *bytes = ovsdp_kp_alloc(capacity, 8, OVSDP_ALLOC_MAY_SLEEP);
	if (!bytes)
		return -ENOMEM;
	long position[2] = {0, 0};
	long count = 0;
	while (true) {
		unsigned int length = 0;
		int err = ovsdp_core_flow_dump_next(net, dp_ifindex, 0, position, bytes, capacity, 1, &length);
		if (err <= 0) {
			ovsdp_kp_free(bytes);
			return err < 0 ? err : count;
		}
		count++;
	}
}

}  // namespace

extern "C" void ovsdp_test_flow_key_round_trip(struct kunit *test)
{
	OwnPtr<FlowAttributes> flow(new (may_sleep) FlowAttributes{});
	OwnPtr<FlowMatch> first(new (may_sleep) FlowMatch{});
	OwnPtr<FlowMatch> second(new (may_sleep) FlowMatch{});
	if (!flow || !first || !second) {
		KUNIT_EXPECT_CORE(test, false);
		return;
	}
	describe_flow(*flow, 1000, 2);
	KUNIT_EXPECT_CORE(test, parse_match(flow->key, flow->key_length, flow->mask, flow->mask_length,
					    CodecContext{}, first.get())
					.ok());
	u8 dumped[512];
	AttributeWriter writer(dumped, sizeof(dumped));
	put_key(first->key, first->key, false, writer);
	KUNIT_EXPECT_CORE(test, !writer.overflow());
	KUNIT_EXPECT_CORE(test, parse_key(dumped, writer.length(), CodecContext{}, second.get()).ok());
	KUNIT_EXPECT_CORE(test, __builtin_memcmp(&first->key, &second->key, sizeof(FlowKey)) == 0);
	KUNIT_EXPECT_CORE(test, first->mask.ipv4.address.source == 0);
	KUNIT_EXPECT_CORE(test, first->mask.transport.source == 0xffff);
}

extern "C" void ovsdp_test_flow_commands(struct kunit *test)
{
	ovsdp_net *net = create_net();
	OwnPtr<FlowAttributes> flow(new (may_sleep) FlowAttributes{});
	if (!net || !flow || !create_datapath(*net, test_ifindex)) {
		KUNIT_EXPECT_CORE(test, false);
		delete net;
		return;
	}
	// A hundred flows, half with UFIDs, in one table that grows.
	for (u16 port = 1; port <= 100; port++) {
		describe_flow(*flow, port, 2);
		ovsdp_flow_request request = request_for(*flow, test_ifindex, port % 2);
		KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_new, net, request) == 0);
	}
	KUNIT_EXPECT_CORE(test, dump_all(net, test_ifindex) == 100);

	// A key-identified flow: NEW with CREATE refused, without it the
	// actions change; then SET, GET and DEL by key.
	describe_flow(*flow, 8, 3);
	ovsdp_flow_request request = request_for(*flow, test_ifindex, false);
	request.create = 1;
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_new, net, request) == -EEXIST);
	request.create = 0;
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_new, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_set, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_get, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_del, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_get, net, request) == -ENOENT);

	// A UFID flow is found by its UFID alone.
	describe_flow(*flow, 7, 3);
	request = request_for(*flow, test_ifindex, true);
	request.key = nullptr;
	request.mask = nullptr;
	request.actions = nullptr;
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_get, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_del, net, request) == 0);
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_get, net, request) == -ENOENT);
	request.dp_ifindex = test_ifindex + 1;
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_get, net, request) == -ENODEV);
	KUNIT_EXPECT_CORE(test, dump_all(net, test_ifindex) == 98);

	ovsdp_flow_request flush{};
	flush.dp_ifindex = test_ifindex;
	KUNIT_EXPECT_CORE(test, run(ovsdp_core_flow_del, net, flush) == 0);
	KUNIT_EXPECT_CORE(test, dump_all(net, test_ifindex) == 0);
	destroy_datapath(*net, test_ifindex);
	delete net;
}

namespace {

struct FlowRace {
	ovsdp_net *net;
	int rounds;
	bool stop;
	long completed;
	long refused;  // ENODEV: the datapath was gone
	long unexpected;
	long lifecycle_failures;
};

// A worker's flow command whose only acceptable failures are the datapath
// being gone (ENODEV) or, for the ones that need a flow, its absence.
void count(FlowRace &race, int err, bool may_miss)
{
	long &counter = err == 0 ? race.completed
			: err == -ENODEV || (may_miss && (err == -ENOENT || err == -EEXIST)) ? race.refused
											 : race.unexpected;
	__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
}

void flow_race_body(void *arg, int index)
{
	FlowRace &race = *static_cast<FlowRace *>(arg);
	if (index == 0) {
		for (int round = 0; round < race.rounds; round++) {
			if (!create_datapath(*race.net, test_ifindex))
				__atomic_add_fetch(&race.lifecycle_failures, 1, __ATOMIC_RELAXED);
			ovsdp_kunit_yield();
			destroy_datapath(*race.net, test_ifindex);
			ovsdp_kunit_yield();
		}
		__atomic_store_n(&race.stop, true, __ATOMIC_RELEASE);
		return;
	}
	OwnPtr<FlowAttributes> flow(new (may_sleep) FlowAttributes{});
	if (!flow) {
		__atomic_add_fetch(&race.unexpected, 1, __ATOMIC_RELAXED);
		return;
	}
	for (u16 i = 0; !__atomic_load_n(&race.stop, __ATOMIC_ACQUIRE); i++) {
		describe_flow(*flow, u16(index * 1000 + i % 50), 2);
		ovsdp_flow_request request = request_for(*flow, test_ifindex, i % 2);
		switch (i % 5) {
		case 0:
			count(race, run(ovsdp_core_flow_new, race.net, request), true);
			break;
		case 1:
			count(race, run(ovsdp_core_flow_set, race.net, request), true);
			break;
		case 2:
			count(race, run(ovsdp_core_flow_get, race.net, request), true);
			break;
		case 3: {
			long flows = dump_all(race.net, test_ifindex);
			count(race, flows < 0 ? int(flows) : 0, false);
			break;
		}
		case 4:
			count(race, run(ovsdp_core_flow_del, race.net, request), true);
			break;
		}
		ovsdp_kunit_yield();
	}
}

struct RtnlHold {
	ovsdp_net *net;
	bool held;
	bool release;
	long completed_under_rtnl;
	long failed;
};

void rtnl_hold_body(void *arg, int index)
{
	RtnlHold &hold = *static_cast<RtnlHold *>(arg);
	if (index == 0) {
		ovsdp_kunit_rtnl_lock();
		__atomic_store_n(&hold.held, true, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&hold.release, __ATOMIC_ACQUIRE))
			ovsdp_kunit_sleep_ms(1);
		ovsdp_kunit_rtnl_unlock();
		return;
	}
	while (!__atomic_load_n(&hold.held, __ATOMIC_ACQUIRE))
		ovsdp_kunit_sleep_ms(1);
	OwnPtr<FlowAttributes> flow(new (may_sleep) FlowAttributes{});
	for (u16 port = 1; flow && port <= 20; port++) {
		describe_flow(*flow, port, 2);
		ovsdp_flow_request request = request_for(*flow, test_ifindex, port % 2);
		int results[] = {run(ovsdp_core_flow_new, hold.net, request),
				 run(ovsdp_core_flow_set, hold.net, request),
				 run(ovsdp_core_flow_get, hold.net, request),
				 dump_all(hold.net, test_ifindex) == long(port) ? 0 : -EINVAL};
		for (int result : results) {
			// Done while the other thread still holds RTNL.
			bool ok = result == 0 && ovsdp_kunit_rtnl_is_locked();
			__atomic_add_fetch(ok ? &hold.completed_under_rtnl : &hold.failed, 1, __ATOMIC_RELAXED);
		}
	}
	if (!flow)
		hold.failed++;
	ovsdp_flow_request flush{};
	flush.dp_ifindex = test_ifindex;
	int flushed = run(ovsdp_core_flow_del, hold.net, flush);
	__atomic_add_fetch(flushed == 0 && ovsdp_kunit_rtnl_is_locked() ? &hold.completed_under_rtnl : &hold.failed,
			   1, __ATOMIC_RELAXED);
	__atomic_store_n(&hold.release, true, __ATOMIC_RELEASE);
}

}  // namespace

extern "C" void ovsdp_test_flow_ops_race_datapath_deletion(struct kunit *test)
{
	FlowRace race{};
	race.net = create_net();
	race.rounds = 150;
	if (!race.net) {
		KUNIT_EXPECT_CORE(test, false);
		return;
	}
	KUNIT_EXPECT_CORE(test, ovsdp_kunit_run_parallel(4, flow_race_body, &race) == 0);
	KUNIT_EXPECT_CORE(test, race.unexpected == 0);
	KUNIT_EXPECT_CORE(test, race.lifecycle_failures == 0);
	KUNIT_EXPECT_CORE(test, race.completed > 0);
	ovsdp_kunit_note_counts(test, "flow commands completed, refused (ENODEV/ENOENT/EEXIST), other errors",
				race.completed, race.refused, race.unexpected);
	destroy_datapath(*race.net, test_ifindex);
	delete race.net;
}

extern "C" void ovsdp_test_flow_ops_complete_under_rtnl(struct kunit *test)
{
	RtnlHold hold{};
	hold.net = create_net();
	if (!hold.net || !create_datapath(*hold.net, test_ifindex)) {
		KUNIT_EXPECT_CORE(test, false);
		delete hold.net;
		return;
	}
	KUNIT_EXPECT_CORE(test, ovsdp_kunit_run_parallel(2, rtnl_hold_body, &hold) == 0);
	KUNIT_EXPECT_CORE(test, hold.failed == 0);
	KUNIT_EXPECT_CORE(test, hold.completed_under_rtnl == 81);
	ovsdp_kunit_note_counts(test, "flow commands done while another thread held RTNL, failed, expected",
				hold.completed_under_rtnl, hold.failed, 81);
	destroy_datapath(*hold.net, test_ifindex);
	delete hold.net;
}
