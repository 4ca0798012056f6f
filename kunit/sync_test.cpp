// SPDX-License-Identifier: GPL-2.0
// The guards against the kernel's own RCU, mutexes and lockdep. Two locks of
// different classes nested here would be "possible recursive locking" to
// lockdep if the port collapsed every mutex into one class: the VM run fails
// on that splat.
#include "cases.h"
#include "kunit_bridge.h"
#include "runtime/new.h"
#include "sync/mutex.h"
#include "sync/rcu.h"

using namespace ovsdp;

namespace {

constinit LockClass outer_class{"ovsdp_kunit_outer"};
constinit LockClass inner_class{"ovsdp_kunit_inner"};

struct Snapshot {
	long value;
};

}  // namespace

extern "C" void ovsdp_test_rcu_read_guard_nests(struct kunit *test)
{
	RcuReadGuard outer;
	{
		RcuReadGuard inner;
		KUNIT_EXPECT_CORE(test, ovsdp_kp_rcu_read_held());
	}
	KUNIT_EXPECT_CORE(test, ovsdp_kp_rcu_read_held());
}

extern "C" void ovsdp_test_rcu_ptr_publish_and_reclaim(struct kunit *test)
{
	Mutex writer_lock(outer_class);
	RcuPtr<Snapshot> current(writer_lock, new (may_sleep) Snapshot{1});
	for (long generation = 2; generation <= 20; generation++) {
		Snapshot *fresh = new (may_sleep) Snapshot{generation};
		KUNIT_EXPECT_CORE(test, fresh != nullptr);
		if (!fresh)
			break;
		Snapshot *old;
		{
			MutexGuard writer(writer_lock);
			old = current.exchange(fresh, writer);
		}
		{
			RcuReadGuard read;
			KUNIT_EXPECT_CORE(test, current.get(read)->value == generation);
		}
		synchronize_rcu();
		delete old;
	}
	MutexGuard writer(writer_lock);
	delete current.exchange(nullptr, writer);
}

extern "C" void ovsdp_test_mutex_guard_scope(struct kunit *test)
{
	Mutex mutex(outer_class);
	KUNIT_EXPECT_CORE(test, !mutex.held());
	{
		MutexGuard guard(mutex);
		KUNIT_EXPECT_CORE(test, mutex.held());
	}
	KUNIT_EXPECT_CORE(test, !mutex.held());
}

extern "C" void ovsdp_test_mutex_protected(struct kunit *test)
{
	MutexProtected<long> counter(outer_class, 41);
	long seen = counter.with_locked([&](long &value) {
		KUNIT_EXPECT_CORE(test, counter.mutex().held());
		return ++value;
	});
	KUNIT_EXPECT_CORE(test, seen == 42);
	KUNIT_EXPECT_CORE(test, !counter.mutex().held());
	auto locked = counter.lock();
	KUNIT_EXPECT_CORE(test, *locked == 42);
}

extern "C" void ovsdp_test_lock_classes_nest(struct kunit *test)
{
	Mutex outer(outer_class);
	Mutex inner(inner_class);
	MutexGuard hold_outer(outer);
	MutexGuard hold_inner(inner);
	KUNIT_EXPECT_CORE(test, outer.held() && inner.held());
}
