// SPDX-License-Identifier: GPL-2.0
// The megaflow table: lookups by packet key across masks, by request key and
// by UFID; mask sharing; growth, rehash, flush, dumps and removal during
// iteration; allocation failure; and readers under RCU racing a writer that
// does all of that (under ASan in the sanitizer build).
#include "flow/megaflow_table.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "port/core_test.h"

namespace ovsdp {
namespace {

constinit LockClass table_lock_class{"ovsdp_test_megaflow_table"};
constinit LockClass other_lock_class{"ovsdp_test_megaflow_other"};

// Stand-in actions: a canary that a reader checks, poisoned on free, and a
// count of frees. FlowActions is opaque to the table, so any type will do.
std::atomic<long> actions_freed{0};

struct TestActions {
	static constexpr u64 alive = 0xac7105a11e;
	explicit TestActions(int id) : id(id) {}
	~TestActions()
	{
		canary = 0xdeadbeef;
		actions_freed.fetch_add(1);
	}
	u64 canary = alive;
	int id;
	RcuDeferred rcu_deferred;
};

FlowActions *as_actions(TestActions *actions) { return reinterpret_cast<FlowActions *>(actions); }
TestActions *test_actions(FlowActions *actions) { return reinterpret_cast<TestActions *>(actions); }
void free_test_actions(FlowActions *actions) { delete test_actions(actions); }

std::unique_ptr<FlowKey> zero_key() { return std::make_unique<FlowKey>(); }

std::unique_ptr<FlowKey> packet(u16 in_port, u32 source, u32 destination, u16 source_port, u16 destination_port,
				u8 protocol = 6)
{
	auto key = zero_key();
	key->in_port = in_port;
	key->mac_protocol = mac_protocol_ethernet;
	key->eth.type = to_be16(ethertype::ipv4);
	key->ip.protocol = protocol;
	key->ipv4.address.source = to_be32(source);
	key->ipv4.address.destination = to_be32(destination);
	key->transport.source = to_be16(source_port);
	key->transport.destination = to_be16(destination_port);
	return key;
}

std::unique_ptr<FlowKey> mask_in_port()
{
	auto mask = zero_key();
	mask->in_port = 0xffff;
	return mask;
}

std::unique_ptr<FlowKey> mask_destination_port()
{
	auto mask = zero_key();
	mask->eth.type = 0xffff;
	mask->ip.protocol = 0xff;
	mask->transport.destination = 0xffff;
	return mask;
}

std::unique_ptr<FlowKey> mask_five_tuple()
{
	auto mask = zero_key();
	mask->in_port = 0xffff;
	mask->eth.type = 0xffff;
	mask->ip.protocol = 0xff;
	mask->ipv4.address.source = 0xffffffff;
	mask->ipv4.address.destination = 0xffffffff;
	mask->transport.source = 0xffff;
	mask->transport.destination = 0xffff;
	return mask;
}

// A source-address prefix mask: one distinct mask per prefix length.
std::unique_ptr<FlowKey> mask_source_prefix(int bits)
{
	auto mask = zero_key();
	mask->eth.type = 0xffff;
	mask->ipv4.address.source = to_be32(bits ? ~0u << (32 - bits) : 0);
	return mask;
}

std::vector<u8> ufid_of(u32 n, u32 length = 16)
{
	std::vector<u8> ufid(length);
	for (u32 i = 0; i < length; i++)
		ufid[i] = u8((n >> (8 * (i % 4))) + i * 7);
	return ufid;
}

Result<OwnPtr<Flow>> make_flow(const Mutex &lock, const FlowKey &key, const FlowKey &mask,
			       const std::vector<u8> &ufid = {}, TestActions *actions = nullptr)
{
	FlowDefinition definition{key, mask_range(key), mask, mask_range(mask),
				  ufid.empty() ? nullptr : ufid.data(), u32(ufid.size())};
	return Flow::create(may_sleep, lock, definition, actions ? as_actions(actions) : nullptr, free_test_actions);
}

class MegaflowTableTest : public testing::CoreTest {
protected:
	void TearDown() override
	{
		{
			MutexGuard guard(lock);
			table.flush(guard);
		}
		wait_for_deferred_deletions();
		testing::CoreTest::TearDown();
	}

	Flow *insert(const FlowKey &key, const FlowKey &mask, const std::vector<u8> &ufid = {},
		     TestActions *actions = nullptr)
	{
		auto created = make_flow(lock, key, mask, ufid, actions);
		EXPECT_TRUE(created.ok());
		if (!created.ok())
			return nullptr;
		MutexGuard guard(lock);
		auto inserted = table.insert(created.take(), guard);
		EXPECT_TRUE(inserted.ok());
		return inserted.ok() ? inserted.value() : nullptr;
	}

	void remove(Flow *flow)
	{
		MutexGuard guard(lock);
		RemovedFlow removed = table.remove(flow, guard);
		EXPECT_TRUE(removed);
	}

	Flow *lookup(const FlowKey &key)
	{
		RcuReadGuard read;
		return table.lookup(key, read);
	}

	Flow *lookup_ufid(const std::vector<u8> &ufid)
	{
		RcuReadGuard read;
		return table.lookup_ufid(ufid.data(), u32(ufid.size()), read);
	}

	Flow *lookup_exact(const FlowKey &key)
	{
		RcuReadGuard read;
		return table.lookup_exact(key, mask_range(key), read);
	}

	u32 flow_count()
	{
		MutexGuard guard(lock);
		return table.flow_count(guard);
	}

	u32 mask_count()
	{
		MutexGuard guard(lock);
		return table.mask_count(guard);
	}

	Mutex lock{table_lock_class};
	MegaflowTable table{lock};
};

TEST_F(MegaflowTableTest, EmptyTableFindsNothing)
{
	auto key = packet(1, 0x0a000001, 0x0a000002, 1000, 80);
	EXPECT_EQ(lookup(*key), nullptr);
	EXPECT_EQ(lookup_exact(*key), nullptr);
	EXPECT_EQ(lookup_ufid(ufid_of(1)), nullptr);
	EXPECT_EQ(flow_count(), 0u);
	EXPECT_EQ(mask_count(), 0u);
	RcuReadGuard read;
	DumpPosition position;
	EXPECT_EQ(table.dump_next(position, read), nullptr);
}

TEST_F(MegaflowTableTest, InsertLookupRemoveWithSeveralMasks)
{
	auto by_port = mask_in_port();
	auto by_destination = mask_destination_port();
	auto exact = mask_five_tuple();

	Flow *port_7 = insert(*packet(7, 0, 0, 0, 0), *by_port);
	Flow *http = insert(*packet(1, 0, 0, 0, 80), *by_destination);
	Flow *one = insert(*packet(3, 0x0a000001, 0x0a000002, 1234, 22), *exact);
	ASSERT_TRUE(port_7 && http && one);
	EXPECT_EQ(flow_count(), 3u);
	EXPECT_EQ(mask_count(), 3u);

	// Masked-out fields do not matter; masked-in ones do.
	EXPECT_EQ(lookup(*packet(7, 0x01020304, 0x05060708, 5, 6)), port_7);
	EXPECT_EQ(lookup(*packet(9, 0x01020304, 0x05060708, 5, 80)), http);
	EXPECT_EQ(lookup(*packet(9, 0x01020304, 0x05060708, 5, 80, 17)), nullptr);  // UDP
	EXPECT_EQ(lookup(*packet(3, 0x0a000001, 0x0a000002, 1234, 22)), one);
	EXPECT_EQ(lookup(*packet(3, 0x0a000001, 0x0a000002, 1235, 22)), nullptr);
	EXPECT_EQ(lookup(*packet(8, 0, 0, 0, 81)), nullptr);

	// The masked key is what the flow keeps.
	EXPECT_EQ(port_7->key().in_port, 7);
	EXPECT_EQ(port_7->key().ipv4.address.source, 0u);
	EXPECT_EQ(http->key().transport.destination, to_be16(80));
	EXPECT_EQ(http->key().in_port, 0);

	u32 probed = 0;
	{
		RcuReadGuard read;
		EXPECT_EQ(table.lookup(*packet(3, 0x0a000001, 0x0a000002, 1234, 22), read, &probed), one);
	}
	EXPECT_EQ(probed, 3u);

	remove(http);
	EXPECT_EQ(lookup(*packet(9, 0x01020304, 0x05060708, 5, 80)), nullptr);
	EXPECT_EQ(lookup(*packet(7, 0, 0, 0, 80)), port_7);
	EXPECT_EQ(flow_count(), 2u);
	EXPECT_EQ(mask_count(), 2u);

	// Lookups under the table mutex see the same.
	MutexGuard guard(lock);
	EXPECT_EQ(table.lookup(*packet(3, 0x0a000001, 0x0a000002, 1234, 22), guard), one);
}

TEST_F(MegaflowTableTest, OverlappingFlowsResolveInMaskInsertionOrder)
{
	auto by_port = mask_in_port();
	auto by_destination = mask_destination_port();
	Flow *first = insert(*packet(5, 0, 0, 0, 0), *by_port);
	Flow *second = insert(*packet(0, 0, 0, 0, 443), *by_destination);
	auto both = packet(5, 1, 2, 3, 443);
	EXPECT_EQ(lookup(*both), first);
	remove(first);
	EXPECT_EQ(lookup(*both), second);
	// A mask listed again goes to the end of the list.
	Flow *again = insert(*packet(5, 0, 0, 0, 0), *by_port);
	EXPECT_EQ(lookup(*both), second);
	remove(second);
	EXPECT_EQ(lookup(*both), again);
}

TEST_F(MegaflowTableTest, IdenticalMasksAreSharedAndCounted)
{
	auto exact = mask_five_tuple();
	Flow *a = insert(*packet(1, 1, 2, 3, 4), *exact);
	Flow *b = insert(*packet(1, 1, 2, 3, 5), *exact);
	Flow *c = insert(*packet(1, 1, 2, 3, 6), *exact);
	ASSERT_TRUE(a && b && c);
	EXPECT_EQ(mask_count(), 1u);
	EXPECT_EQ(&a->mask(), &b->mask());
	EXPECT_EQ(&a->mask(), &c->mask());
	EXPECT_EQ(a->mask().flows_in_table_for_testing(), 3u);
	// Three flows and the list.
	EXPECT_EQ(a->mask().ref_count_for_testing(), 4u);

	// Same bytes over a wider range: another mask, as in-tree.
	KeyRange range = mask_range(*exact);
	range.end = u16(range.end + 8);
	auto key = packet(1, 1, 2, 3, 7);
	FlowDefinition definition{*key, mask_range(*key), *exact, range};
	auto widened = Flow::create(may_sleep, lock, definition, nullptr, free_test_actions);
	ASSERT_TRUE(widened.ok());
	Flow *d;
	{
		MutexGuard guard(lock);
		d = table.insert(widened.take(), guard).take();
	}
	EXPECT_NE(&d->mask(), &a->mask());
	EXPECT_EQ(mask_count(), 2u);

	remove(a);
	remove(b);
	EXPECT_EQ(mask_count(), 2u);
	EXPECT_EQ(c->mask().flows_in_table_for_testing(), 1u);
	remove(c);
	EXPECT_EQ(mask_count(), 1u);
	remove(d);
	EXPECT_EQ(mask_count(), 0u);
}

// A removed flow keeps its mask readable for as long as its handle lives,
// even once another removal unlisted that mask and a grace period passed
// (the DEL reply is built from it with no lock held).
TEST_F(MegaflowTableTest, RemovedFlowKeepsItsMaskAlive)
{
	auto exact = mask_five_tuple();
	Flow *a = insert(*packet(1, 1, 2, 3, 4), *exact, {}, new TestActions(1));
	Flow *b = insert(*packet(1, 1, 2, 3, 5), *exact);
	RemovedFlow removed_a;
	{
		MutexGuard guard(lock);
		removed_a = table.remove(a, guard);
		RemovedFlow removed_b = table.remove(b, guard);
	}
	EXPECT_EQ(mask_count(), 0u);
	wait_for_deferred_deletions();
	EXPECT_EQ(removed_a->mask().key().in_port, 0xffff);
	EXPECT_EQ(removed_a->mask().ref_count_for_testing(), 1u);
	EXPECT_EQ(test_actions(removed_a.actions())->canary, TestActions::alive);
	long freed = actions_freed.load();
	removed_a = RemovedFlow();
	wait_for_deferred_deletions();
	EXPECT_EQ(actions_freed.load(), freed + 1);
}

TEST_F(MegaflowTableTest, UfidLookup)
{
	auto exact = mask_five_tuple();
	std::vector<Flow *> flows;
	for (u32 length = 1; length <= 16; length++)
		flows.push_back(insert(*packet(1, length, 2, 3, 4), *exact, ufid_of(0x5a5a5a5a, length)));
	Flow *by_key = insert(*packet(1, 99, 2, 3, 4), *exact);
	for (u32 length = 1; length <= 16; length++) {
		Flow *found = lookup_ufid(ufid_of(0x5a5a5a5a, length));
		ASSERT_EQ(found, flows[length - 1]) << length;
		EXPECT_EQ(found->ufid_length(), length);
		EXPECT_TRUE(found->has_ufid());
		EXPECT_EQ(found->unmasked_key(), nullptr);
	}
	// Same prefix, other bytes; and lengths the table refuses.
	EXPECT_EQ(lookup_ufid(ufid_of(0x5a5a5a5b, 16)), nullptr);
	auto seventeen = ufid_of(0x5a5a5a5a, 17);
	EXPECT_EQ(lookup_ufid(seventeen), nullptr);
	{
		RcuReadGuard read;
		EXPECT_EQ(table.lookup_ufid(seventeen.data(), 0, read), nullptr);
	}
	// A key-identified flow is not in the UFID index.
	EXPECT_FALSE(by_key->has_ufid());
	remove(flows[15]);
	EXPECT_EQ(lookup_ufid(ufid_of(0x5a5a5a5a, 16)), nullptr);
	EXPECT_EQ(lookup_ufid(ufid_of(0x5a5a5a5a, 15)), flows[14]);
}

TEST_F(MegaflowTableTest, ExactLookupComparesTheUnmaskedKey)
{
	auto by_port = mask_in_port();
	auto installed = packet(4, 0x0a000001, 0x0a000002, 1000, 80);
	Flow *flow = insert(*installed, *by_port);
	ASSERT_TRUE(flow);
	ASSERT_NE(flow->unmasked_key(), nullptr);
	EXPECT_EQ(flow->unmasked_key()->transport.destination, to_be16(80));

	EXPECT_EQ(lookup_exact(*installed), flow);
	// Same masked key, different unmasked key: a packet lookup finds the
	// flow, an exact one does not.
	auto other = packet(4, 0x0a000001, 0x0a000002, 1000, 81);
	EXPECT_EQ(lookup(*other), flow);
	EXPECT_EQ(lookup_exact(*other), nullptr);
	// Fields outside what the request wrote are not compared...
	{
		RcuReadGuard read;
		KeyRange through_in_port = exact_match_range(*installed, mask_range(*by_port));
		EXPECT_EQ(table.lookup_exact(*other, through_in_port, read), flow);
	}

	// UFID flows are invisible to exact lookups.
	auto ufid_key = packet(6, 1, 2, 3, 4);
	Flow *ufid_flow = insert(*ufid_key, *by_port, ufid_of(6));
	EXPECT_EQ(lookup(*ufid_key), ufid_flow);
	EXPECT_EQ(lookup_exact(*ufid_key), nullptr);
	// A UFID flow is named by a key equal to its masked key over what the
	// request wrote.
	auto port_6 = zero_key(), port_7 = zero_key();
	port_6->in_port = 6;
	port_7->in_port = 7;
	EXPECT_TRUE(ufid_flow->matches_request(*port_6, mask_range(*port_6)));
	EXPECT_FALSE(ufid_flow->matches_request(*port_7, mask_range(*port_7)));
	EXPECT_FALSE(ufid_flow->matches_request(*ufid_key, mask_range(*ufid_key)));
	EXPECT_TRUE(flow->matches_request(*installed, mask_range(*installed)));
	EXPECT_FALSE(flow->matches_request(*other, mask_range(*other)));
}

TEST_F(MegaflowTableTest, ExactLookupRangeFollowsTheRequestTunnel)
{
	auto by_port = mask_in_port();
	auto stored = packet(4, 1, 2, 3, 4);
	stored->priority = 9;
	Flow *flow = insert(*stored, *by_port);
	ASSERT_TRUE(flow);

	// The request did not write priority (its range starts later), yet the
	// stored priority is compared against the request's zero: no match.
	auto request = packet(4, 1, 2, 3, 4);
	KeyRange from_in_port{u16(__builtin_offsetof(FlowKey, in_port) & ~7u), mask_range(*request).end};
	{
		RcuReadGuard read;
		EXPECT_EQ(table.lookup_exact(*request, from_in_port, read), nullptr);
	}
	request->priority = 9;
	{
		RcuReadGuard read;
		EXPECT_EQ(table.lookup_exact(*request, from_in_port, read), flow);
	}

	// With a tunnel in the request the whole tunnel is compared; without,
	// compared bytes start after it (in-tree flow_key_start()), but the
	// tunnel protocol byte lies among them, so a plain request never names
	// a tunnelled flow.
	auto tunnelled = packet(5, 1, 2, 3, 4);
	tunnelled->tunnel_protocol = tunnel_protocol_ipv4;
	tunnelled->tunnel.address.ipv4.destination = to_be32(0xc0000201);
	tunnelled->tunnel.ttl = 64;
	Flow *tunnel_flow = insert(*tunnelled, *by_port);
	auto plain = packet(5, 1, 2, 3, 4);
	auto other_tunnel = std::make_unique<FlowKey>(*tunnelled);
	other_tunnel->tunnel.ttl = 65;
	RcuReadGuard read;
	EXPECT_EQ(table.lookup_exact(*plain, mask_range(*plain), read), nullptr);
	EXPECT_EQ(table.lookup_exact(*tunnelled, mask_range(*tunnelled), read), tunnel_flow);
	EXPECT_EQ(table.lookup_exact(*other_tunnel, mask_range(*other_tunnel), read), nullptr);
	EXPECT_EQ(exact_match_range(*plain, mask_range(*plain)).start, __builtin_offsetof(FlowKey, priority));
	EXPECT_EQ(exact_match_range(*tunnelled, mask_range(*tunnelled)).start, 0);
}

TEST_F(MegaflowTableTest, GrowsPastManyFlows)
{
	constexpr u32 count = 20000;
	auto exact = mask_five_tuple();
	u32 initial_capacity = 0;
	std::vector<Flow *> flows;
	for (u32 i = 0; i < count; i++) {
		flows.push_back(insert(*packet(1, i, ~i, u16(i), 80), *exact, i % 2 ? ufid_of(i) : std::vector<u8>{}));
		ASSERT_NE(flows.back(), nullptr);
		if (i == 0) {
			MutexGuard guard(lock);
			initial_capacity = table.capacity_for_testing(guard);
		}
	}
	EXPECT_EQ(flow_count(), count);
	EXPECT_EQ(mask_count(), 1u);
	{
		MutexGuard guard(lock);
		EXPECT_GE(table.capacity_for_testing(guard), 2 * count);
		EXPECT_GT(table.capacity_for_testing(guard), initial_capacity);
	}
	for (u32 i = 0; i < count; i++) {
		ASSERT_EQ(lookup(*packet(1, i, ~i, u16(i), 80)), flows[i]) << i;
		if (i % 2)
			ASSERT_EQ(lookup_ufid(ufid_of(i)), flows[i]) << i;
		else
			ASSERT_EQ(lookup_exact(*packet(1, i, ~i, u16(i), 80)), flows[i]) << i;
	}
	EXPECT_EQ(lookup(*packet(1, count, ~count, u16(count), 80)), nullptr);
	for (u32 i = 0; i < count; i++)
		remove(flows[i]);
	EXPECT_EQ(flow_count(), 0u);
	EXPECT_EQ(mask_count(), 0u);
	EXPECT_EQ(lookup(*packet(1, 5, ~5u, 5, 80)), nullptr);
}

TEST_F(MegaflowTableTest, RehashKeepsEveryFlowAndShrinks)
{
	constexpr u32 count = 5000;
	auto exact = mask_five_tuple();
	std::vector<Flow *> flows;
	for (u32 i = 0; i < count; i++)
		flows.push_back(insert(*packet(2, i, i, 1, 2), *exact, ufid_of(i)));
	for (u32 i = 0; i < count; i++)
		if (i % 5)
			remove(flows[i]);
	u32 before;
	{
		MutexGuard guard(lock);
		before = table.capacity_for_testing(guard);
		ASSERT_TRUE(table.rehash(0x12345678, guard).ok());
		EXPECT_LT(table.capacity_for_testing(guard), before);
		EXPECT_EQ(table.flow_count(guard), count / 5);
	}
	for (u32 i = 0; i < count; i++) {
		Flow *expected = i % 5 ? nullptr : flows[i];
		ASSERT_EQ(lookup(*packet(2, i, i, 1, 2)), expected) << i;
		ASSERT_EQ(lookup_ufid(ufid_of(i)), expected) << i;
	}
	// And again under another seed, with the table growing after it.
	{
		MutexGuard guard(lock);
		ASSERT_TRUE(table.rehash(0x9abcdef0, guard).ok());
	}
	for (u32 i = count; i < 2 * count; i++)
		insert(*packet(2, i, i, 1, 2), *exact, ufid_of(i));
	for (u32 i = 0; i < 2 * count; i++) {
		bool present = i >= count || i % 5 == 0;
		ASSERT_EQ(lookup(*packet(2, i, i, 1, 2)) != nullptr, present) << i;
		ASSERT_EQ(lookup_ufid(ufid_of(i)) != nullptr, present) << i;
	}
}

TEST_F(MegaflowTableTest, FlushRemovesEverythingAndFreesAfterAGracePeriod)
{
	auto exact = mask_five_tuple();
	auto by_port = mask_in_port();
	for (u32 i = 0; i < 300; i++)
		insert(*packet(u16(i), i, i, 1, 2), i % 3 ? *exact : *by_port, i % 2 ? ufid_of(i) : std::vector<u8>{},
		       new TestActions(int(i)));
	EXPECT_EQ(flow_count(), 300u);
	EXPECT_EQ(mask_count(), 2u);
	wait_for_deferred_deletions();
	long freed = actions_freed.load();
	{
		RcuReadGuard read;
		Flow *held = table.lookup(*packet(1, 1, 1, 1, 2), read);
		ASSERT_NE(held, nullptr);
		// Another task flushes (the mutex may not be taken inside a read
		// section); a reader that found a flow before may still use it.
		std::thread([&] {
			MutexGuard guard(lock);
			table.flush(guard);
			EXPECT_EQ(table.flow_count(guard), 0u);
			EXPECT_EQ(table.mask_count(guard), 0u);
		}).join();
		EXPECT_EQ(test_actions(held->actions(read))->canary, TestActions::alive);
		EXPECT_EQ(held->mask().key().in_port, 0xffff);
		EXPECT_EQ(table.lookup(*packet(1, 1, 1, 1, 2), read), nullptr);
		EXPECT_EQ(table.lookup_ufid(ufid_of(1).data(), 16, read), nullptr);
	}
	wait_for_deferred_deletions();
	EXPECT_EQ(actions_freed.load(), freed + 300);
	// The table works after a flush.
	Flow *fresh = insert(*packet(1, 1, 1, 1, 2), *exact, ufid_of(1));
	EXPECT_EQ(lookup(*packet(1, 1, 1, 1, 2)), fresh);
	EXPECT_EQ(lookup_ufid(ufid_of(1)), fresh);
}

TEST_F(MegaflowTableTest, DumpResumesAcrossChunks)
{
	constexpr u32 count = 3000;  // several segments of slots
	auto exact = mask_five_tuple();
	std::set<Flow *> installed;
	for (u32 i = 0; i < count; i++)
		installed.insert(insert(*packet(3, i, 0, 0, 0), *exact));
	std::multiset<Flow *> seen;
	DumpPosition position;
	int chunks = 0;
	for (bool more = true; more; chunks++) {
		RcuReadGuard read;  // one netlink chunk
		for (int n = 0; n < 37; n++) {
			Flow *flow = table.dump_next(position, read);
			if (!flow) {
				more = false;
				break;
			}
			seen.insert(flow);
		}
	}
	EXPECT_GT(chunks, 80);
	EXPECT_EQ(seen.size(), count);
	EXPECT_EQ(std::set<Flow *>(seen.begin(), seen.end()), installed);
	// The end stays the end.
	RcuReadGuard read;
	EXPECT_EQ(table.dump_next(position, read), nullptr);
}

TEST_F(MegaflowTableTest, IterationUnderTheMutexMayRemove)
{
	auto exact = mask_five_tuple();
	for (u32 i = 0; i < 1000; i++)
		insert(*packet(3, i, 0, 0, 0), *exact, ufid_of(i));
	MutexGuard guard(lock);
	u32 visited = 0;
	table.for_each_flow(guard, [&](Flow &flow) {
		visited++;
		if (from_be32(flow.key().ipv4.address.source) % 2)
			RemovedFlow removed = table.remove(&flow, guard);
	});
	EXPECT_EQ(visited, 1000u);
	EXPECT_EQ(table.flow_count(guard), 500u);
	for (u32 i = 0; i < 1000; i++) {
		ASSERT_EQ(table.lookup(*packet(3, i, 0, 0, 0), guard) != nullptr, i % 2 == 0) << i;
		ASSERT_EQ(table.lookup_ufid(ufid_of(i).data(), 16, guard) != nullptr, i % 2 == 0) << i;
	}
}

TEST_F(MegaflowTableTest, ActionsArePublishedAndFreed)
{
	auto exact = mask_five_tuple();
	auto first = new TestActions(1);
	Flow *flow = insert(*packet(1, 1, 1, 1, 1), *exact, {}, first);
	{
		RcuReadGuard read;
		EXPECT_EQ(flow->actions(read), as_actions(first));
	}
	auto second = new TestActions(2);
	FlowActions *old;
	{
		MutexGuard guard(lock);
		old = flow->replace_actions(as_actions(second), guard);
		EXPECT_EQ(flow->actions(guard), as_actions(second));
	}
	EXPECT_EQ(old, as_actions(first));
	// The replaced actions are the caller's to free after a grace period.
	delete_after_grace_period(test_actions(old));
	wait_for_deferred_deletions();
	long freed = actions_freed.load();
	remove(flow);
	wait_for_deferred_deletions();
	EXPECT_EQ(actions_freed.load(), freed + 1);
}

TEST_F(MegaflowTableTest, StatsAccumulateAndClear)
{
	auto exact = mask_five_tuple();
	Flow *flow = insert(*packet(1, 1, 1, 1, 1), *exact);
	EXPECT_EQ(flow->stats().packets, 0u);
	EXPECT_EQ(flow->stats().used, 0u);
	flow->record_packet(100, 0x02, 1000);
	flow->record_packet(60, 0x10, 1005);
	FlowStats stats = flow->stats();
	EXPECT_EQ(stats.packets, 2u);
	EXPECT_EQ(stats.bytes, 160u);
	EXPECT_EQ(stats.used, 1005u);
	EXPECT_EQ(stats.tcp_flags, 0x12);
	flow->clear_stats();
	stats = flow->stats();
	EXPECT_EQ(stats.packets + stats.bytes + stats.used + stats.tcp_flags, 0u);
}

TEST_F(MegaflowTableTest, InvalidDefinitionsAreRefusedAndTheirActionsFreed)
{
	expect_warnings(2);
	auto key = packet(1, 1, 1, 1, 1);
	auto exact = mask_five_tuple();
	long freed = actions_freed.load();
	KeyRange odd = mask_range(*exact);
	odd.end = u16(odd.end - 3);
	FlowDefinition unaligned{*key, mask_range(*key), *exact, odd};
	auto a = Flow::create(may_sleep, lock, unaligned, as_actions(new TestActions(1)), free_test_actions);
	ASSERT_FALSE(a.ok());
	EXPECT_EQ(a.error().code, -EINVAL);
	u8 ufid[17] = {};
	FlowDefinition long_ufid{*key, mask_range(*key), *exact, mask_range(*exact), ufid, 17};
	auto b = Flow::create(may_sleep, lock, long_ufid, as_actions(new TestActions(2)), free_test_actions);
	ASSERT_FALSE(b.ok());
	EXPECT_EQ(actions_freed.load(), freed + 2);
}

// Fails each allocation an insert makes, in turn, each time on a fresh
// table. Listing a mask, or creating an index, must succeed or the insert
// fails with ENOMEM, freeing the flow and its actions and leaving the table
// as it was; an index that cannot grow takes the flow anyway while it has
// room.
class FailedInsertTest : public testing::CoreTest {
protected:
	struct Outcome {
		int failed = 0;
		int survived = 0;
	};

	template <class Prefill>
	Outcome fail_each_allocation(Prefill prefill, const FlowKey &key, const FlowKey &mask)
	{
		Outcome outcome;
		for (int skip = 0; skip < 100; skip++) {
			Mutex lock(table_lock_class);
			auto table = std::make_unique<MegaflowTable>(lock);
			u32 flows_before = prefill(lock, *table);
			u32 masks_before;
			{
				MutexGuard guard(lock);
				masks_before = table->mask_count(guard);
			}
			auto created = make_flow(lock, key, mask, ufid_of(999), new TestActions(9));
			EXPECT_TRUE(created.ok());
			long freed = actions_freed.load();
			host_port::fail_allocations(1, skip);
			MutexGuard guard(lock);
			auto inserted = table->insert(created.take(), guard);
			const bool injected = host_port::pending_allocation_failures() == 0;
			host_port::fail_allocations(0);
			if (inserted.ok()) {
				EXPECT_EQ(table->lookup_ufid(ufid_of(999).data(), 16, guard), inserted.value());
				EXPECT_EQ(table->lookup(key, guard), inserted.value());
				EXPECT_EQ(table->flow_count(guard), flows_before + 1);
				if (!injected)
					return outcome;
				outcome.survived++;
				continue;
			}
			EXPECT_TRUE(injected);
			outcome.failed++;
			EXPECT_EQ(inserted.error().code, -ENOMEM);
			EXPECT_EQ(actions_freed.load(), freed + 1);
			EXPECT_EQ(table->flow_count(guard), flows_before);
			EXPECT_EQ(table->mask_count(guard), masks_before);
			EXPECT_EQ(table->lookup(key, guard), nullptr);
			EXPECT_EQ(table->lookup_ufid(ufid_of(999).data(), 16, guard), nullptr);
			for (u32 i = 0; i < flows_before; i++)
				EXPECT_NE(table->lookup_ufid(ufid_of(i).data(), 16, guard), nullptr);
		}
		ADD_FAILURE() << "the insert never succeeded";
		return outcome;
	}
};

TEST_F(FailedInsertTest, IntoAnEmptyTable)
{
	// The mask array and its slots, then each index's instance, directory
	// and segment: all needed.
	auto empty = [](Mutex &, MegaflowTable &) { return 0u; };
	Outcome outcome = fail_each_allocation(empty, *packet(9, 9, 9, 9, 9), *mask_five_tuple());
	EXPECT_EQ(outcome.failed, 8);
	EXPECT_EQ(outcome.survived, 0);
}

TEST_F(FailedInsertTest, ThatGrowsEverything)
{
	// 16 masks (a full mask array) and 32 flows with UFIDs (both indexes at
	// their growth point): the next insert, with a new mask, grows all three.
	auto prefill = [](Mutex &lock, MegaflowTable &table) {
		MutexGuard guard(lock);
		for (u32 i = 0; i < 32; i++) {
			auto mask = i < 15 ? mask_source_prefix(int(17 + i)) : mask_five_tuple();
			auto flow = make_flow(lock, *packet(1, i, 0, 0, 0), *mask, ufid_of(i));
			EXPECT_TRUE(table.insert(flow.take(), guard).ok());
		}
		EXPECT_EQ(table.mask_count(guard), 16u);
		EXPECT_EQ(table.capacity_for_testing(guard), 64u);
		return 32u;
	};
	Outcome outcome = fail_each_allocation(prefill, *packet(9, 0xffffffff, 9, 9, 9), *mask_in_port());
	EXPECT_EQ(outcome.failed, 2);    // the mask array
	EXPECT_EQ(outcome.survived, 6);  // an index that could not grow
}

TEST_F(MegaflowTableTest, WritersMustHoldTheTableMutex)
{
	// One per call: the guard is not the table's.
	expect_warnings(4);
	Mutex other(other_lock_class);
	auto created = make_flow(lock, *packet(1, 1, 1, 1, 1), *mask_in_port());
	ASSERT_TRUE(created.ok());
	MutexGuard wrong(other);
	auto inserted = table.insert(created.take(), wrong);
	EXPECT_FALSE(inserted.ok());
	table.flush(wrong);
	EXPECT_FALSE(table.rehash(1, wrong).ok());
	EXPECT_FALSE(table.remove(nullptr, wrong));
}

TEST_F(MegaflowTableTest, FlowsMadeForAnotherTableAreRefused)
{
	expect_warnings(1);
	Mutex other(other_lock_class);
	auto created = make_flow(other, *packet(1, 1, 1, 1, 1), *mask_in_port(), {}, new TestActions(1));
	ASSERT_TRUE(created.ok());
	MutexGuard guard(lock);
	auto inserted = table.insert(created.take(), guard);
	ASSERT_FALSE(inserted.ok());
	EXPECT_EQ(inserted.error().code, -EINVAL);
	EXPECT_EQ(table.flow_count(guard), 0u);
}

// Readers look flows up under RCU, with no lock, while a writer inserts,
// removes, grows, rehashes and flushes, and replaces actions. Under ASan a
// reader touching a freed flow, mask, index or actions is a use-after-free
// report; without it, the actions' canary and the masked-key check catch
// freed or torn flows. Stable flows, present throughout except across a
// flush, must never be missed: the epoch is odd while they are being
// flushed and put back.
TEST_F(MegaflowTableTest, ConcurrentReadersDuringWrites)
{
	constexpr u32 stable_count = 256;
	constexpr int reader_count = 3;
	constexpr int rounds = 8;
	constexpr u32 churn_per_round = 8000;

	auto stable_mask = mask_five_tuple();
	// Narrow enough that random churn keys seldom fall under an existing
	// churn flow (which would skip the insert, as NEW would refuse it).
	std::vector<std::unique_ptr<FlowKey>> churn_masks;
	churn_masks.push_back(mask_five_tuple());
	for (int bits : {20, 24, 28, 32})
		churn_masks.push_back(mask_source_prefix(bits));
	auto port_and_destination = mask_destination_port();
	port_and_destination->in_port = 0xffff;
	churn_masks.push_back(std::move(port_and_destination));
	auto churn_key = [](std::mt19937 &random) {
		return packet(u16(2000 + random() % 64), u32(random()) | 0x80000000, u32(random()), u16(random()),
			      u16(random()));
	};

	auto stable_key = [](u32 i) { return packet(u16(1 + i), 0x0a000000 + i, 0x0a0000ff, u16(1000 + i), 80); };
	std::vector<Flow *> stable(stable_count);
	auto install_stable = [&](const MutexGuard &guard) {
		for (u32 i = 0; i < stable_count; i++) {
			auto created = make_flow(lock, *stable_key(i), *stable_mask,
						 i % 2 ? ufid_of(i) : std::vector<u8>{}, new TestActions(int(i)));
			ASSERT_TRUE(created.ok());
			auto inserted = table.insert(created.take(), guard);
			ASSERT_TRUE(inserted.ok());
			stable[i] = inserted.value();
		}
	};
	{
		MutexGuard guard(lock);
		install_stable(guard);
	}

	std::atomic<u32> epoch{0};
	std::atomic<bool> stop{false};
	std::atomic<long> lookups{0}, misses{0}, inconsistent{0}, dumped{0};

	auto check = [&](Flow *flow, const FlowKey &key, const RcuReadGuard &read) {
		const FlowMask &mask = flow->mask();
		if (!flow_hash::masked_key_equals(flow->key(), key, mask.key(), mask.range()))
			inconsistent.fetch_add(1);
		FlowActions *actions = flow->actions(read);
		if (actions && test_actions(actions)->canary != TestActions::alive)
			inconsistent.fetch_add(1);
		flow->record_packet(64, 0, 1);
	};

	std::vector<std::thread> readers;
	for (int r = 0; r < reader_count; r++)
		readers.emplace_back([&, r] {
			std::mt19937 random(1234 + r);
			std::vector<std::unique_ptr<FlowKey>> keys;
			for (u32 i = 0; i < stable_count; i++)
				keys.push_back(stable_key(i));
			long local = 0;
			while (!stop.load(std::memory_order_relaxed)) {
				u32 i = random() % stable_count;
				u32 before = epoch.load(std::memory_order_acquire);
				bool found_all;
				{
					RcuReadGuard read;
					Flow *by_packet = table.lookup(*keys[i], read);
					found_all = by_packet != nullptr;
					if (by_packet)
						check(by_packet, *keys[i], read);
					Flow *by_id;
					if (i % 2) {
						auto ufid = ufid_of(i);
						by_id = table.lookup_ufid(ufid.data(), u32(ufid.size()), read);
						if (by_id && std::memcmp(by_id->ufid(), ufid.data(), 16) != 0)
							inconsistent.fetch_add(1);
					} else {
						by_id = table.lookup_exact(*keys[i], mask_range(*keys[i]), read);
						if (by_id && by_id->unmasked_key()->ipv4.address.source !=
								     keys[i]->ipv4.address.source)
							inconsistent.fetch_add(1);
					}
					found_all = found_all && by_id;
					if (by_id)
						check(by_id, *keys[i], read);
					// A random churn packet: found or not, it must be sound.
					auto churn = churn_key(random);
					if (Flow *flow = table.lookup(*churn, read))
						check(flow, *churn, read);
					local += 3;
					if (random() % 64 == 0) {
						DumpPosition position{u32(random() % 4), u32(random() % 512)};
						for (int n = 0; n < 16; n++) {
							Flow *flow = table.dump_next(position, read);
							if (!flow)
								break;
							if (flow->actions(read) &&
							    test_actions(flow->actions(read))->canary != TestActions::alive)
								inconsistent.fetch_add(1);
							dumped.fetch_add(1, std::memory_order_relaxed);
						}
					}
				}
				u32 after = epoch.load(std::memory_order_acquire);
				if (!found_all && before == after && before % 2 == 0)
					misses.fetch_add(1);
			}
			lookups.fetch_add(local);
		});

	std::mt19937 random(99);
	auto started = std::chrono::steady_clock::now();
	u32 max_flows = 0, max_masks = 0, max_capacity = 0;
	for (int round = 0; round < rounds; round++) {
		std::vector<Flow *> churn;
		for (u32 n = 0; n < churn_per_round; n++) {
			const FlowKey &mask = *churn_masks[random() % churn_masks.size()];
			auto key = churn_key(random);
			std::vector<u8> ufid = random() % 2 ? ufid_of(0x10000000 + round * churn_per_round + n)
							    : std::vector<u8>{};
			auto created = make_flow(lock, *key, mask, ufid, new TestActions(-1));
			ASSERT_TRUE(created.ok());
			MutexGuard guard(lock);
			// As NEW does: nothing already covering the key.
			if (table.lookup(*key, guard))
				continue;
			auto inserted = table.insert(created.take(), guard);
			ASSERT_TRUE(inserted.ok());
			churn.push_back(inserted.value());
			max_flows = std::max(max_flows, table.flow_count(guard));
			max_masks = std::max(max_masks, table.mask_count(guard));
			max_capacity = std::max(max_capacity, table.capacity_for_testing(guard));
		}
		std::shuffle(churn.begin(), churn.end(), random);
		for (size_t n = 0; n < churn.size() * 3 / 5; n++) {
			MutexGuard guard(lock);
			RemovedFlow removed = table.remove(churn[n], guard);
			ASSERT_TRUE(removed);
		}
		{
			MutexGuard guard(lock);
			for (u32 i = 0; i < stable_count; i += 7) {
				FlowActions *old = stable[i]->replace_actions(as_actions(new TestActions(int(i))), guard);
				delete_after_grace_period(test_actions(old));
			}
			ASSERT_TRUE(table.rehash(u32(random()), guard).ok());
		}
		if (round % 3 == 2) {
			MutexGuard guard(lock);
			epoch.fetch_add(1, std::memory_order_release);
			table.flush(guard);
			install_stable(guard);
			epoch.fetch_add(1, std::memory_order_release);
		}
	}
	// Let the readers run a little against the final table too.
	std::this_thread::sleep_for(std::chrono::milliseconds(50));
	stop = true;
	for (auto &reader : readers)
		reader.join();
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

	EXPECT_EQ(misses.load(), 0);
	EXPECT_EQ(inconsistent.load(), 0);
	EXPECT_GT(lookups.load(), 10000);
	EXPECT_GT(max_masks, 5u);
	std::printf("[ stress   ] %ld lookups in %.2f s by %d readers (%.0f lookups/s), %ld dumped; "
		    "up to %u flows, %u masks, %u slots\n",
		    lookups.load(), seconds, reader_count, lookups.load() / seconds, dumped.load(), max_flows,
		    max_masks, max_capacity);
	RecordProperty("lookups_per_second", std::to_string(long(lookups.load() / seconds)));
}

}  // namespace
}  // namespace ovsdp
