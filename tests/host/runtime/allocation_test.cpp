// SPDX-License-Identifier: GPL-2.0
#include "runtime/new.h"
#include "runtime/own_ptr.h"

#include "port/core_test.h"

namespace ovsdp {
namespace {

using AllocationTest = testing::CoreTest;

struct Counted {
	static inline int constructed = 0;
	Counted() { ++constructed; }
	int payload = 7;
};

struct alignas(64) CacheLine {
	unsigned char bytes[64];
};

struct alignas(4096) Page {
	unsigned char bytes[100];
};

TEST_F(AllocationTest, ContextNewConstructsAndDeleteFrees)
{
	Counted::constructed = 0;
	Counted *object = new (may_sleep) Counted;
	ASSERT_NE(object, nullptr);
	EXPECT_EQ(object->payload, 7);
	EXPECT_EQ(Counted::constructed, 1);
	delete object;
}

TEST_F(AllocationTest, AtomicContextAllocatesToo)
{
	struct Block {
		int values[16];
	};
	Block *block = new (atomic) Block;
	ASSERT_NE(block, nullptr);
	for (int value : block->values)
		EXPECT_EQ(value, 0) << "port memory comes zeroed";
	delete block;
}

TEST_F(AllocationTest, OverAlignedTypesAreAligned)
{
	CacheLine *line = new (may_sleep) CacheLine;
	Page *page = new (atomic) Page;
	ASSERT_NE(line, nullptr);
	ASSERT_NE(page, nullptr);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(line) % 64, 0u);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(page) % 4096, 0u);
	delete line;
	delete page;
}

TEST_F(AllocationTest, FailureReturnsNullWithoutConstructing)
{
	Counted::constructed = 0;
	host_port::fail_allocations(1);
	Counted *object = new (may_sleep) Counted;
	EXPECT_EQ(object, nullptr);
	EXPECT_EQ(Counted::constructed, 0);
}

TEST_F(AllocationTest, MakeOwnedReportsOutOfMemory)
{
	host_port::fail_allocations(1);
	Result<OwnPtr<Counted>> failed = make_owned<Counted>(may_sleep);
	ASSERT_FALSE(failed.ok());
	EXPECT_EQ(failed.error().code, -ENOMEM);
	EXPECT_STREQ(failed.error().message, "out of memory");

	Result<OwnPtr<Counted>> made = make_owned<Counted>(may_sleep);
	ASSERT_TRUE(made.ok());
	EXPECT_EQ(made.value()->payload, 7);
}

}  // namespace
}  // namespace ovsdp
