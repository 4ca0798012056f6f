// SPDX-License-Identifier: GPL-2.0
// A datapath's ports in the real kernel: the RCU list sorted by number that
// the fast path will walk, and upcall PID lists replaced under readers that
// either read under RCU or hold a reference (KASAN watches both).
#include <ovsdp/core.h>

#include "cases.h"
#include "core_lifecycle.h"
#include "datapath/datapath_registry.h"
#include "kunit_bridge.h"

using namespace ovsdp;

namespace {

Datapath *create_datapath(DatapathRegistry &registry)
{
	MutexGuard global(datapath_lock());
	Result<Datapath *> dp = registry.create(DatapathConfig{"dp0", 10, 0}, global);
	return dp.ok() ? dp.value() : nullptr;
}

bool add(Datapath &dp, u32 port_no, const char *name)
{
	Result<Vport *> vport = Vport::create(port_no, OVS_VPORT_TYPE_INTERNAL, name, nullptr);
	if (!vport.ok())
		return false;
	u32 pid = 1000 + port_no;
	Result<RefPtr<UpcallPids>> pids = UpcallPids::create_for_port(&pid, sizeof(pid));
	MutexGuard global(datapath_lock());
	if (pids.ok())
		vport.value()->upcall_pids.replace(pids.take(), global);
	dp.insert_port(vport.value(), global);
	return true;
}

struct PidsRace {
	Vport *port;
	int rounds;
	bool stop;
	long reads;
	long holds;
	long bad;
};

void pids_race_body(void *arg, int index)
{
	PidsRace &race = *static_cast<PidsRace *>(arg);
	if (index == 0) {
		for (int round = 0; round < race.rounds; round++) {
			u32 pids[3] = {u32(round), u32(round), u32(round)};
			Result<RefPtr<UpcallPids>> list = UpcallPids::create_for_port(pids, 4 * (1 + round % 2));
			if (list.ok()) {
				MutexGuard global(datapath_lock());
				race.port->upcall_pids.replace(list.take(), global);
			}
			ovsdp_kunit_yield();
		}
		__atomic_store_n(&race.stop, true, __ATOMIC_RELEASE);
		return;
	}
	while (!__atomic_load_n(&race.stop, __ATOMIC_ACQUIRE)) {
		RefPtr<UpcallPids> held;
		{
			RcuReadGuard read;
			UpcallPids *list = race.port->upcall_pids.get(read);
			// Every entry of one list is the same: a torn read shows.
			if (!list || list->count() == 0 || list->pids()[list->count() - 1] != list->pids()[0])
				__atomic_add_fetch(&race.bad, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&race.reads, 1, __ATOMIC_RELAXED);
			if (index == 2)
				held = race.port->upcall_pids.hold(read);
		}
		if (held) {
			// Used after the read section: the reference keeps it.
			if (held->pids()[0] != held->pids()[held->count() - 1])
				__atomic_add_fetch(&race.bad, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&race.holds, 1, __ATOMIC_RELAXED);
		}
		ovsdp_kunit_yield();
	}
}

}  // namespace

extern "C" void ovsdp_test_vport_sorted_numbers_and_lookup(struct kunit *test)
{
	DatapathRegistry *registry = new (may_sleep) DatapathRegistry;
	Datapath *dp = registry ? create_datapath(*registry) : nullptr;
	KUNIT_EXPECT_CORE(test, dp != nullptr);
	if (!dp) {
		delete registry;
		return;
	}
	KUNIT_EXPECT_CORE(test, add(*dp, 0, "dp0") && add(*dp, 3, "p3") && add(*dp, 1, "p1"));
	{
		MutexGuard global(datapath_lock());
		KUNIT_EXPECT_CORE(test, dp->free_port_number(global) == 2);
		Vport *p3 = dp->port("p3", global);
		KUNIT_EXPECT_CORE(test, p3 && p3->port_no() == 3);
		KUNIT_EXPECT_CORE(test, dp->port(u32(2), global) == nullptr);
	}
	{
		RcuReadGuard read;
		u32 previous = 0, count = 0;
		bool sorted = true;
		dp->for_each_port(read, [&](Vport &vport) {
			sorted = sorted && (count == 0 || vport.port_no() > previous);
			previous = vport.port_no();
			count++;
		});
		KUNIT_EXPECT_CORE(test, sorted && count == 3);
	}
	{
		MutexGuard global(datapath_lock());
		Vport *p1 = dp->port(u32(1), global);
		dp->remove_port(p1, global);
		delete_after_grace_period(p1);
		KUNIT_EXPECT_CORE(test, dp->free_port_number(global) == 1);
	}
	{
		MutexGuard global(datapath_lock());
		const u32 numbers[] = {3, 0};
		for (u32 number : numbers) {
			Vport *vport = dp->port(number, global);
			dp->remove_port(vport, global);
			delete_after_grace_period(vport);
		}
		registry->destroy(dp, global);
	}
	delete registry;
}

extern "C" void ovsdp_test_vport_upcall_pids_replaced_under_readers(struct kunit *test)
{
	DatapathRegistry *registry = new (may_sleep) DatapathRegistry;
	Datapath *dp = registry ? create_datapath(*registry) : nullptr;
	if (!dp || !add(*dp, 1, "p1")) {
		KUNIT_EXPECT_CORE(test, false);
		delete registry;
		return;
	}
	PidsRace race{};
	{
		MutexGuard global(datapath_lock());
		race.port = dp->port(u32(1), global);
	}
	race.rounds = 300;
	KUNIT_EXPECT_CORE(test, ovsdp_kunit_run_parallel(3, pids_race_body, &race) == 0);
	KUNIT_EXPECT_CORE(test, race.bad == 0);
	KUNIT_EXPECT_CORE(test, race.reads > 0);
	ovsdp_kunit_note_counts(test, "PID list reads, reads kept past RCU, torn or missing", race.reads,
				race.holds, race.bad);
	{
		MutexGuard global(datapath_lock());
		dp->remove_port(race.port, global);
		delete_after_grace_period(race.port);
		registry->destroy(dp, global);
	}
	delete registry;
}
