// SPDX-License-Identifier: GPL-2.0
#include "sync/ref_count.h"

#include <atomic>
#include <thread>
#include <vector>

#include "port/core_test.h"

namespace ovsdp {
namespace {

using RefCountTest = testing::CoreTest;

struct Table : RefCounted<Table> {
	explicit Table(int *destroyed) : destroyed_(destroyed) {}
	~Table() { ++*destroyed_; }
	int *destroyed_;
};

// A type that takes over its own destruction, as an RCU-freed object will.
struct Parked : RefCounted<Parked> {
	static inline Parked *parked = nullptr;
	static void destroy(Parked *object) { parked = object; }
};

TEST_F(RefCountTest, FirstReferenceComesFromMakeRefCounted)
{
	int destroyed = 0;
	RefPtr<Table> table = make_ref_counted<Table>(may_sleep, &destroyed).take();
	EXPECT_EQ(table->ref_count_for_testing(), 1u);
	{
		RefPtr<Table> copy = table;
		EXPECT_EQ(table->ref_count_for_testing(), 2u);
		RefPtr<Table> moved = move(copy);
		EXPECT_EQ(table->ref_count_for_testing(), 2u);
		EXPECT_FALSE(copy);
	}
	EXPECT_EQ(table->ref_count_for_testing(), 1u);
	EXPECT_EQ(destroyed, 0);
	table.reset();
	EXPECT_EQ(destroyed, 1);
}

TEST_F(RefCountTest, TryGetRefusesAnObjectWhoseCountReachedZero)
{
	Parked::parked = nullptr;
	RefPtr<Parked> only = make_ref_counted<Parked>(atomic).take();
	Parked *raw = only.get();
	RefPtr<Parked> second = RefPtr<Parked>::try_get(raw);
	EXPECT_TRUE(second);
	second.reset();
	only.reset();
	ASSERT_EQ(Parked::parked, raw) << "the last reference hands the object to destroy()";
	EXPECT_FALSE(RefPtr<Parked>::try_get(raw)) << "a dying object must not be revived";
	delete raw;
}

TEST_F(RefCountTest, AssignmentReleasesThePreviousObject)
{
	int first = 0, second = 0;
	RefPtr<Table> a = make_ref_counted<Table>(may_sleep, &first).take();
	RefPtr<Table> b = make_ref_counted<Table>(may_sleep, &second).take();
	a = b;
	EXPECT_EQ(first, 1);
	EXPECT_EQ(b->ref_count_for_testing(), 2u);
	a = RefPtr<Table>();
	b = RefPtr<Table>();
	EXPECT_EQ(second, 1);
}

TEST_F(RefCountTest, AllocationFailureIsAnError)
{
	int destroyed = 0;
	host_port::fail_allocations(1);
	auto result = make_ref_counted<Table>(may_sleep, &destroyed);
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, -ENOMEM);
}

TEST_F(RefCountTest, ConcurrentGetAndPutDestroyExactlyOnce)
{
	for (int round = 0; round < 50; round++) {
		int destroyed = 0;
		RefPtr<Table> table = make_ref_counted<Table>(may_sleep, &destroyed).take();
		std::vector<std::thread> users;
		for (int t = 0; t < 4; t++)
			users.emplace_back([copy = table]() mutable {
				for (int i = 0; i < 1000; i++) {
					RefPtr<Table> extra = RefPtr<Table>::try_get(copy.get());
					EXPECT_TRUE(extra);
				}
			});
		table.reset();
		for (auto &user : users)
			user.join();
		EXPECT_EQ(destroyed, 1);
	}
}

}  // namespace
}  // namespace ovsdp
