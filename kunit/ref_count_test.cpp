// SPDX-License-Identifier: GPL-2.0
// RefPtr over the kernel's refcount_t: counting, the try-get that refuses a
// dying object, and allocation through make_ref_counted.
#include "cases.h"
#include "kunit_bridge.h"
#include "sync/ref_count.h"

using namespace ovsdp;

namespace {

struct Counted : RefCounted<Counted> {
	explicit Counted(int *destroyed) : destroyed_(destroyed) {}
	~Counted() { ++*destroyed_; }
	int *destroyed_;
};

struct Parked : RefCounted<Parked> {
	static inline Parked *parked = nullptr;
	static void destroy(Parked *object) { parked = object; }
};

}  // namespace

extern "C" void ovsdp_test_ref_ptr_counts(struct kunit *test)
{
	int destroyed = 0;
	Result<RefPtr<Counted>> made = make_ref_counted<Counted>(may_sleep, &destroyed);
	KUNIT_EXPECT_CORE(test, made.ok());
	if (!made.ok())
		return;
	RefPtr<Counted> first = made.take();
	KUNIT_EXPECT_CORE(test, first->ref_count_for_testing() == 1);
	{
		RefPtr<Counted> second = first;
		KUNIT_EXPECT_CORE(test, first->ref_count_for_testing() == 2);
	}
	KUNIT_EXPECT_CORE(test, first->ref_count_for_testing() == 1);
	first.reset();
	KUNIT_EXPECT_CORE(test, destroyed == 1);
}

extern "C" void ovsdp_test_ref_ptr_try_get_refuses_zero(struct kunit *test)
{
	Parked::parked = nullptr;
	Result<RefPtr<Parked>> made = make_ref_counted<Parked>(atomic);
	KUNIT_EXPECT_CORE(test, made.ok());
	if (!made.ok())
		return;
	RefPtr<Parked> only = made.take();
	Parked *raw = only.get();
	KUNIT_EXPECT_CORE(test, static_cast<bool>(RefPtr<Parked>::try_get(raw)));
	only.reset();
	KUNIT_EXPECT_CORE(test, Parked::parked == raw);
	KUNIT_EXPECT_CORE(test, !RefPtr<Parked>::try_get(raw));
	delete raw;
}

extern "C" void ovsdp_test_ref_ptr_allocation(struct kunit *test)
{
	int destroyed = 0;
	{
		Result<RefPtr<Counted>> made = make_ref_counted<Counted>(atomic, &destroyed);
		KUNIT_EXPECT_CORE(test, made.ok());
	}
	KUNIT_EXPECT_CORE(test, destroyed == 1);
}
