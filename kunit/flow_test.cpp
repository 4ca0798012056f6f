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
#include "flow/flow_actions.h"
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
			// Long enough for the others to get in, short enough that
			// deletions keep landing in the middle of their commands.
			ovsdp_kunit_sleep_ms(round % 3);
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

namespace {

// A flow of the table test: in_port(1), eth_type(0x0800), ipv4 src @host,
// masked to the in_port, ethertype and IPv4 source.
struct TableFlowKeys {
	FlowKey key;
	FlowKey mask;
};

void table_flow_keys(TableFlowKeys &keys, u32 host)
{
	keys = TableFlowKeys{};
	keys.key.in_port = 1;
	keys.key.mac_protocol = mac_protocol_ethernet;
	keys.key.eth.type = to_be16(0x0800);
	keys.key.ipv4.address.source = to_be32(host);
	keys.mask.in_port = 0xffff;
	keys.mask.mac_protocol = 0xff;
	keys.mask.eth.type = 0xffff;
	keys.mask.ipv4.address.source = 0xffffffff;
}

Result<Flow *> insert_table_flow(FlowTable &table, TableFlowKeys &keys, u32 host, const MutexGuard &guard)
{
	table_flow_keys(keys, host);
	KeyRange range = mask_range(keys.mask);
	FlowDefinition definition{keys.key, range, keys.mask, range};
	Result<OwnPtr<Flow>> flow = Flow::create(may_sleep, table.state().mutex(), definition, nullptr,
						 [](FlowActions *actions) { delete actions; });
	if (!flow.ok())
		return flow.error();
	return table.flows().insert(flow.take(), guard);
}

struct TableReaders {
	FlowTable *table;
	u32 flows;
	bool stop;
	long found;
	long missed;
};

// Readers look every stable flow up under RCU while the writer grows,
// rehashes and shrinks the table: none may be missed, none freed under them.
void table_reader_body(void *arg, int index)
{
	TableReaders &readers = *static_cast<TableReaders *>(arg);
	OwnPtr<TableFlowKeys> keys(new (may_sleep) TableFlowKeys{});
	if (!keys)
		return;
	while (!__atomic_load_n(&readers.stop, __ATOMIC_ACQUIRE)) {
		for (u32 host = 1; host <= readers.flows; host++) {
			table_flow_keys(*keys, host);
			RcuReadGuard read;
			Flow *flow = readers.table->flows().lookup(keys->key, read);
			bool ok = flow && flow->key().ipv4.address.source == to_be32(host);
			__atomic_add_fetch(ok ? &readers.found : &readers.missed, 1, __ATOMIC_RELAXED);
		}
		ovsdp_kunit_yield();
	}
	(void)index;
}

void table_writer_body(void *arg, int index)
{
	if (index != 0)
		return table_reader_body(arg, index);
	TableReaders &readers = *static_cast<TableReaders *>(arg);
	OwnPtr<TableFlowKeys> keys(new (may_sleep) TableFlowKeys{});
	for (u32 round = 0; keys && round < 6; round++) {
		auto locked = readers.table->state().lock();
		// Churn flows beyond the stable ones grow the indexes...
		for (u32 host = 1000; host < 1000 + 2000; host++)
			(void)insert_table_flow(*readers.table, *keys, host, locked.guard());
		(void)readers.table->flows().rehash(round * 0x9e3779b9u, locked.guard());
		// ...and their removal lets a rehash shrink them again.
		for (u32 host = 1000; host < 1000 + 2000; host++) {
			table_flow_keys(*keys, host);
			if (Flow *flow = readers.table->flows().lookup(keys->key, locked.guard()))
				(void)readers.table->flows().remove(flow, locked.guard());
		}
		(void)readers.table->flows().rehash(round, locked.guard());
		ovsdp_kunit_yield();
	}
	__atomic_store_n(&readers.stop, true, __ATOMIC_RELEASE);
}

}  // namespace

extern "C" void ovsdp_test_flow_table_insert_lookup_remove_rehash(struct kunit *test)
{
	Result<RefPtr<FlowTable>> created = FlowTable::create(may_sleep);
	OwnPtr<TableFlowKeys> keys(new (may_sleep) TableFlowKeys{});
	if (!created.ok() || !keys) {
		KUNIT_EXPECT_CORE(test, false);
		return;
	}
	RefPtr<FlowTable> table = created.take();
	TableReaders readers{};
	readers.table = table.get();
	readers.flows = 64;
	{
		auto locked = table->state().lock();
		for (u32 host = 1; host <= readers.flows; host++)
			KUNIT_EXPECT_CORE(test, insert_table_flow(*table, *keys, host, locked.guard()).ok());
		KUNIT_EXPECT_CORE(test, table->flows().flow_count(locked.guard()) == readers.flows);
		KUNIT_EXPECT_CORE(test, table->flows().mask_count(locked.guard()) == 1);
	}
	KUNIT_EXPECT_CORE(test, ovsdp_kunit_run_parallel(3, table_writer_body, &readers) == 0);
	KUNIT_EXPECT_CORE(test, readers.missed == 0);
	KUNIT_EXPECT_CORE(test, readers.found > 0);
	ovsdp_kunit_note_counts(test, "stable flows found, missed, during growth and rehash", readers.found,
				readers.missed, 0);
	auto locked = table->state().lock();
	KUNIT_EXPECT_CORE(test, table->flows().flow_count(locked.guard()) == readers.flows);
	for (u32 host = 1; host <= readers.flows; host++) {
		table_flow_keys(*keys, host);
		Flow *flow = table->flows().lookup(keys->key, locked.guard());
		KUNIT_EXPECT_CORE(test, flow != nullptr);
		if (flow)
			(void)table->flows().remove(flow, locked.guard());
	}
	KUNIT_EXPECT_CORE(test, table->flows().flow_count(locked.guard()) == 0);
	KUNIT_EXPECT_CORE(test, table->flows().mask_count(locked.guard()) == 0);
}

extern "C" void ovsdp_test_flow_actions_round_trip(struct kunit *test)
{
	// output, push_vlan, set(ipv4), sample(clone(recirc)), userspace, trunc
	u8 actions[256];
	AttributeWriter writer(actions, sizeof(actions));
	writer.put_value(OVS_ACTION_ATTR_OUTPUT, u32(2));
	ovs_action_push_vlan vlan{to_be16(0x8100), to_be16(0x1005)};
	writer.put_value(OVS_ACTION_ATTR_PUSH_VLAN, vlan);
	u32 set = writer.begin_nest(OVS_ACTION_ATTR_SET);
	ovs_key_ipv4 ipv4{};
	ipv4.ipv4_src = to_be32(0x0a000009);
	ipv4.ipv4_proto = 47;
	ipv4.ipv4_ttl = 9;
	writer.put_value(OVS_KEY_ATTR_IPV4, ipv4);
	writer.end_nest(set);
	u32 sample = writer.begin_nest(OVS_ACTION_ATTR_SAMPLE);
	writer.put_value(OVS_SAMPLE_ATTR_PROBABILITY, u32(0x80000000));
	u32 nested = writer.begin_nest(OVS_SAMPLE_ATTR_ACTIONS);
	u32 clone = writer.begin_nest(OVS_ACTION_ATTR_CLONE);
	writer.put_value(OVS_ACTION_ATTR_RECIRC, u32(7));
	writer.end_nest(clone);
	writer.end_nest(nested);
	writer.end_nest(sample);
	u32 userspace = writer.begin_nest(OVS_ACTION_ATTR_USERSPACE);
	writer.put_value(OVS_USERSPACE_ATTR_PID, u32(1234));
	writer.end_nest(userspace);
	writer.put_value(OVS_ACTION_ATTR_TRUNC, ovs_action_trunc{100});
	KUNIT_EXPECT_CORE(test, !writer.overflow());

	OwnPtr<FlowKey> key(new (may_sleep) FlowKey{});
	if (!key) {
		KUNIT_EXPECT_CORE(test, false);
		return;
	}
	key->mac_protocol = mac_protocol_ethernet;
	key->eth.type = to_be16(0x0800);
	key->ip.protocol = 47;
	ActionContext context;
	Result<OwnPtr<FlowActions>> first = validate_actions(actions, writer.length(), *key, context);
	KUNIT_EXPECT_CORE(test, first.ok());
	if (!first.ok())
		return;
	Result<OwnPtr<FlowActions>> second =
		validate_actions(first.value()->data(), first.value()->length(), *key, context);
	KUNIT_EXPECT_CORE(test, second.ok());
	if (!second.ok())
		return;
	KUNIT_EXPECT_CORE(test, first.value()->length() == second.value()->length());
	KUNIT_EXPECT_CORE(test, __builtin_memcmp(first.value()->data(), second.value()->data(),
						 first.value()->length()) == 0);
	// The same list on a key without IPv4 is refused: set(ipv4) needs it.
	key->eth.type = to_be16(0x86dd);
	KUNIT_EXPECT_CORE(test, validate_actions(actions, writer.length(), *key, context).error().code == -EINVAL);
}
