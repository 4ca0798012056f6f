// SPDX-License-Identifier: GPL-2.0
// The allocator in the real kernel: both contexts (an atomic allocation
// inside an RCU read section is what DEBUG_ATOMIC_SLEEP would catch if the
// context were ignored), alignment, and refusal of hostile sizes.
#include "cases.h"
#include "kunit_bridge.h"
#include "runtime/new.h"
#include "runtime/own_ptr.h"
#include "sync/rcu.h"

using namespace ovsdp;

namespace {

struct Payload {
	u64 words[8];
};

struct alignas(64) CacheLine {
	u8 bytes[64];
};

struct alignas(4096) Page {
	u8 bytes[200];
};

}  // namespace

extern "C" void ovsdp_test_alloc_may_sleep(struct kunit *test)
{
	Payload *payload = new (may_sleep) Payload;
	KUNIT_EXPECT_CORE(test, payload != nullptr);
	if (!payload)
		return;
	bool zeroed = true;
	for (u64 word : payload->words)
		zeroed = zeroed && word == 0;
	KUNIT_EXPECT_CORE(test, zeroed);
	delete payload;
}

extern "C" void ovsdp_test_alloc_atomic_in_rcu_read_section(struct kunit *test)
{
	RcuReadGuard read;
	Payload *payload = new (atomic) Payload;
	KUNIT_EXPECT_CORE(test, payload != nullptr);
	delete payload;
}

extern "C" void ovsdp_test_alloc_over_aligned(struct kunit *test)
{
	CacheLine *line = new (may_sleep) CacheLine;
	Page *page = new (may_sleep) Page;
	KUNIT_EXPECT_CORE(test, line && reinterpret_cast<uintptr_t>(line) % 64 == 0);
	KUNIT_EXPECT_CORE(test, page && reinterpret_cast<uintptr_t>(page) % 4096 == 0);
	delete line;
	delete page;
}

extern "C" void ovsdp_test_alloc_refuses_oversized(struct kunit *test)
{
	// A size taken from a netlink attribute must fail quietly, not WARN.
	void *huge = ovsdp_kp_alloc(size_t(1) << 40, 8, OVSDP_ALLOC_MAY_SLEEP);
	KUNIT_EXPECT_CORE(test, huge == nullptr);
	ovsdp_kp_free(huge);
}

extern "C" void ovsdp_test_alloc_make_owned(struct kunit *test)
{
	Result<OwnPtr<Payload>> made = make_owned<Payload>(may_sleep);
	KUNIT_EXPECT_CORE(test, made.ok());
	if (made.ok())
		KUNIT_EXPECT_CORE(test, made.value()->words[7] == 0);
}
