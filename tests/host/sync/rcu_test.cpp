// SPDX-License-Identifier: GPL-2.0
#include "runtime/new.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"

#include <atomic>
#include <thread>
#include <vector>

#include "port/core_test.h"

namespace ovsdp {
namespace {

using RcuTest = testing::CoreTest;

constinit LockClass writer_lock_class{"ovsdp_test_rcu_writer"};
constinit LockClass other_lock_class{"ovsdp_test_other"};

struct Snapshot {
	long value;
	long complement;  // always ~value: a torn or freed read shows up
};

TEST_F(RcuTest, ReadGuardsNest)
{
	EXPECT_FALSE(ovsdp_kp_rcu_read_held());
	{
		RcuReadGuard outer;
		{
			RcuReadGuard inner;
			EXPECT_TRUE(ovsdp_kp_rcu_read_held());
		}
		EXPECT_TRUE(ovsdp_kp_rcu_read_held());
	}
	EXPECT_FALSE(ovsdp_kp_rcu_read_held());
}

TEST_F(RcuTest, ReadersSeeWhatTheWriterPublished)
{
	Mutex writer_lock(writer_lock_class);
	Snapshot first{1, ~1L};
	Snapshot second{2, ~2L};
	RcuPtr<Snapshot> current(writer_lock, &first);
	{
		RcuReadGuard read;
		EXPECT_EQ(current.get(read), &first);
	}
	{
		MutexGuard writer(writer_lock);
		EXPECT_EQ(current.exchange(&second, writer), &first);
		EXPECT_EQ(current.get(writer), &second);
	}
	RcuReadGuard read;
	EXPECT_EQ(current.get(read)->value, 2);
}

TEST_F(RcuTest, WriterAccessWithTheWrongLockIsReported)
{
	// Two reports: the core's check that the guard is the declared writer
	// lock, and the port's lockdep-style check that the writer lock is held.
	expect_warnings(2);
	Mutex writer_lock(writer_lock_class);
	Mutex other(other_lock_class);
	RcuPtr<Snapshot> current(writer_lock);
	MutexGuard wrong(other);
	EXPECT_EQ(current.get(wrong), nullptr);
}

// Readers hammer a published snapshot while a writer replaces and frees old
// ones after a grace period. Under ASan a reader touching a freed snapshot is
// a use-after-free report; without it, a torn snapshot fails the check.
TEST_F(RcuTest, GracePeriodProtectsReadersFromReclamation)
{
	Mutex writer_lock(writer_lock_class);
	RcuPtr<Snapshot> current(writer_lock, new (may_sleep) Snapshot{0, ~0L});
	std::atomic<bool> stop{false};
	std::atomic<long> reads{0};
	std::atomic<long> torn{0};

	std::vector<std::thread> readers;
	for (int r = 0; r < 3; r++)
		readers.emplace_back([&] {
			while (!stop.load()) {
				RcuReadGuard read;
				const Snapshot *snapshot = current.get(read);
				if (snapshot->complement != ~snapshot->value)
					torn.fetch_add(1);
				reads.fetch_add(1);
			}
		});

	while (reads.load() == 0)
		std::this_thread::yield();
	// At least 300 replacements, and enough of them that readers overlap many.
	for (long generation = 1; generation <= 300 || (reads.load() < 10000 && generation < 100000);
	     generation++) {
		Snapshot *fresh = new (may_sleep) Snapshot{generation, ~generation};
		ASSERT_NE(fresh, nullptr);
		Snapshot *old;
		{
			MutexGuard writer(writer_lock);
			old = current.exchange(fresh, writer);
		}
		synchronize_rcu();
		old->value = -1;  // poison: a reader still holding it would see a torn pair
		delete old;
	}
	stop = true;
	for (auto &reader : readers)
		reader.join();

	EXPECT_EQ(torn.load(), 0);
	EXPECT_GT(reads.load(), 0);
	MutexGuard writer(writer_lock);
	delete current.exchange(nullptr, writer);
}

// A destructor that runs in an RCU callback and queues another deletion:
// the exit path must wait for both levels, or the second would run after
// the module's code is gone.
struct Chained {
	explicit Chained(int depth, std::atomic<int> *freed) : depth(depth), freed(freed) {}
	~Chained()
	{
		if (depth > 0)
			delete_after_grace_period(new (may_sleep) Chained(depth - 1, freed));
		freed->fetch_add(1);
	}
	int depth;
	std::atomic<int> *freed;
	RcuDeferred rcu_deferred;
};

TEST_F(RcuTest, WaitingForDeferredDeletionsCoversTheOnesTheyQueue)
{
	std::atomic<int> freed{0};
	delete_after_grace_period(new (may_sleep) Chained(3, &freed));
	wait_for_deferred_deletions();
	EXPECT_EQ(freed.load(), 4);
}

}  // namespace
}  // namespace ovsdp
