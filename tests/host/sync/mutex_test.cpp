// SPDX-License-Identifier: GPL-2.0
#include "sync/mutex.h"

#include <thread>
#include <vector>

#include "port/core_test.h"

namespace ovsdp {
namespace {

using MutexTest = testing::CoreTest;

constinit LockClass test_lock_class{"ovsdp_test_lock"};

TEST_F(MutexTest, GuardHoldsForItsScope)
{
	Mutex mutex(test_lock_class);
	EXPECT_FALSE(mutex.held());
	{
		MutexGuard guard(mutex);
		EXPECT_TRUE(mutex.held());
		EXPECT_EQ(&guard.mutex(), &mutex);
	}
	EXPECT_FALSE(mutex.held());
}

TEST_F(MutexTest, ProtectedDataIsReachableOnlyUnderTheLock)
{
	MutexProtected<int> counter(test_lock_class, 5);
	int seen = counter.with_locked([&](int &value) {
		EXPECT_TRUE(counter.mutex().held());
		return value += 1;
	});
	EXPECT_EQ(seen, 6);
	EXPECT_FALSE(counter.mutex().held());
	{
		auto locked = counter.lock();
		EXPECT_TRUE(counter.mutex().held());
		EXPECT_EQ(*locked, 6);
	}
	EXPECT_FALSE(counter.mutex().held());
}

TEST_F(MutexTest, SerialisesConcurrentWriters)
{
	struct Pair {
		long a = 0;
		long b = 0;
	};
	MutexProtected<Pair> pair(test_lock_class);
	constexpr int threads = 4, rounds = 20000;
	std::vector<std::thread> workers;
	for (int t = 0; t < threads; t++)
		workers.emplace_back([&] {
			for (int i = 0; i < rounds; i++)
				pair.with_locked([](Pair &p) {
					EXPECT_EQ(p.a, p.b);
					p.a++;
					p.b++;
				});
		});
	for (auto &worker : workers)
		worker.join();
	EXPECT_EQ(pair.lock()->a, long(threads) * rounds);
}

}  // namespace
}  // namespace ovsdp
