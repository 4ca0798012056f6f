// SPDX-License-Identifier: GPL-2.0
// The datapath registry and the locking split in the real kernel, with
// lockdep watching: flow operations take a table reference under RCU and
// then only the table's mutex; datapath deletion, under the global lock,
// unpublishes the table. The race below runs both at once from kthreads.
#include <ovsdp/core.h>

#include "cases.h"
#include "core_lifecycle.h"
#include "datapath/datapath_registry.h"
#include "kunit_bridge.h"

using namespace ovsdp;

namespace {

Result<Datapath *> create(DatapathRegistry &registry, const char *name, int ifindex)
{
	MutexGuard global(datapath_lock());
	return registry.create(DatapathConfig{name, ifindex, 0}, global);
}

void destroy(DatapathRegistry &registry, int ifindex)
{
	MutexGuard global(datapath_lock());
	if (Datapath *dp = registry.find(ifindex, global))
		registry.destroy(dp, global);
}

struct Race {
	DatapathRegistry *registry;
	int rounds;
	bool stop;
	long completed;
	long refused;
	long unexpected;
	long lifecycle_failures;
};

void race_body(void *arg, int index)
{
	Race &race = *static_cast<Race *>(arg);
	if (index == 0) {
		for (int round = 0; round < race.rounds; round++) {
			if (!create(*race.registry, "race0", 77).ok())
				__atomic_add_fetch(&race.lifecycle_failures, 1, __ATOMIC_RELAXED);
			destroy(*race.registry, 77);
			ovsdp_kunit_yield();
		}
		__atomic_store_n(&race.stop, true, __ATOMIC_RELEASE);
		return;
	}
	while (!__atomic_load_n(&race.stop, __ATOMIC_ACQUIRE)) {
		Result<TableRef> entered = enter_flow_table(*race.registry, 77);
		if (!entered.ok()) {
			long &counter = entered.error().code == -ENODEV ? race.refused : race.unexpected;
			__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
			ovsdp_kunit_yield();
			continue;
		}
		TableRef table = entered.take();
		table->state().with_locked([](FlowTableState &state) { state.masks_cache_size++; });
		__atomic_add_fetch(&race.completed, 1, __ATOMIC_RELAXED);
		ovsdp_kunit_yield();
	}
}

}  // namespace

extern "C" int ovsdp_test_datapath_init(struct kunit *)
{
	return ovsdp_core_init();
}

extern "C" void ovsdp_test_datapath_exit(struct kunit *)
{
	ovsdp_core_exit();
}

extern "C" void ovsdp_test_datapath_create_find_destroy(struct kunit *test)
{
	DatapathRegistry *registry = new (may_sleep) DatapathRegistry;
	KUNIT_EXPECT_CORE(test, registry != nullptr);
	if (!registry)
		return;
	KUNIT_EXPECT_CORE(test, create(*registry, "dp0", 10).ok());
	KUNIT_EXPECT_CORE(test, create(*registry, "dp0", 11).error().code == -EEXIST);
	{
		RcuReadGuard read;
		Datapath *dp = registry->find("dp0", read);
		KUNIT_EXPECT_CORE(test, dp && dp->ifindex() == 10);
	}
	destroy(*registry, 10);
	{
		RcuReadGuard read;
		KUNIT_EXPECT_CORE(test, registry->find(10, read) == nullptr);
	}
	delete registry;
}

extern "C" void ovsdp_test_datapath_table_outlives_datapath(struct kunit *test)
{
	DatapathRegistry *registry = new (may_sleep) DatapathRegistry;
	if (!registry || !create(*registry, "dp0", 10).ok()) {
		KUNIT_EXPECT_CORE(test, false);
		delete registry;
		return;
	}
	{
		Result<TableRef> entered = enter_flow_table(*registry, 10);
		KUNIT_EXPECT_CORE(test, entered.ok());
		if (entered.ok()) {
			TableRef table = entered.take();
			destroy(*registry, 10);
			KUNIT_EXPECT_CORE(test, enter_flow_table(*registry, 10).error().code == -ENODEV);
			// Still alive: only this reference is left.
			KUNIT_EXPECT_CORE(test, table->ref_count_for_testing() == 1);
			table->state().with_locked([](FlowTableState &state) { state.masks_cache_size = 5; });
		}
	}
	delete registry;
}

extern "C" void ovsdp_test_datapath_flow_ops_race_deletion(struct kunit *test)
{
	Race race{};
	race.registry = new (may_sleep) DatapathRegistry;
	race.rounds = 200;
	if (!race.registry) {
		KUNIT_EXPECT_CORE(test, false);
		return;
	}
	KUNIT_EXPECT_CORE(test, ovsdp_kunit_run_parallel(3, race_body, &race) == 0);
	KUNIT_EXPECT_CORE(test, race.unexpected == 0);
	KUNIT_EXPECT_CORE(test, race.lifecycle_failures == 0);
	KUNIT_EXPECT_CORE(test, race.completed + race.refused > 0);
	ovsdp_kunit_note_counts(test, "flow operations completed, refused with ENODEV, other errors",
				race.completed, race.refused, race.unexpected);
	delete race.registry;
}
