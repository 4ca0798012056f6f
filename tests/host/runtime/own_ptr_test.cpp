// SPDX-License-Identifier: GPL-2.0
#include "runtime/own_ptr.h"

#include "port/core_test.h"

namespace ovsdp {
namespace {

using OwnPtrTest = testing::CoreTest;

struct Witness {
	explicit Witness(int *deaths) : deaths_(deaths) {}
	~Witness() { ++*deaths_; }
	int *deaths_;
};

TEST_F(OwnPtrTest, FreesOnScopeExit)
{
	int deaths = 0;
	{
		OwnPtr<Witness> owned = make_owned<Witness>(may_sleep, &deaths).take();
		EXPECT_TRUE(owned);
	}
	EXPECT_EQ(deaths, 1);
}

TEST_F(OwnPtrTest, MoveAssignmentFreesThePreviousObject)
{
	int first = 0, second = 0;
	OwnPtr<Witness> a = make_owned<Witness>(may_sleep, &first).take();
	OwnPtr<Witness> b = make_owned<Witness>(may_sleep, &second).take();
	a = move(b);
	EXPECT_EQ(first, 1);
	EXPECT_EQ(second, 0);
	EXPECT_FALSE(b);
	a = OwnPtr<Witness>();
	EXPECT_EQ(second, 1);
}

TEST_F(OwnPtrTest, ReleaseGivesUpOwnership)
{
	int deaths = 0;
	Witness *raw;
	{
		OwnPtr<Witness> owned = make_owned<Witness>(may_sleep, &deaths).take();
		raw = owned.release();
	}
	EXPECT_EQ(deaths, 0);
	delete raw;
	EXPECT_EQ(deaths, 1);
}

}  // namespace
}  // namespace ovsdp
