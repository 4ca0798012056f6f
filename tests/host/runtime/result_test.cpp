// SPDX-License-Identifier: GPL-2.0
#include "runtime/own_ptr.h"
#include "runtime/result.h"

#include "port/core_test.h"

namespace ovsdp {
namespace {

using ResultTest = testing::CoreTest;

struct Tracked {
	static inline int live = 0;
	explicit Tracked(int v) : value(v) { ++live; }
	Tracked(Tracked &&other) : value(other.value) { ++live; }
	~Tracked() { --live; }
	int value;
};

Result<int> parse_positive(int input)
{
	if (input <= 0)
		return make_error(-EINVAL, "must be positive");
	return input;
}

Result<int> doubled(int input)
{
	int value = OVSDP_TRY(parse_positive(input));
	return value * 2;
}

Status check_both(int a, int b)
{
	OVSDP_TRY(parse_positive(a));
	OVSDP_TRY(parse_positive(b));
	return success();
}

TEST_F(ResultTest, CarriesValue)
{
	Result<int> result = parse_positive(5);
	ASSERT_TRUE(result.ok());
	EXPECT_EQ(result.value(), 5);
}

TEST_F(ResultTest, CarriesErrnoAndExtackMessage)
{
	Result<int> result = parse_positive(-1);
	ASSERT_FALSE(result);
	EXPECT_EQ(result.error().code, -EINVAL);
	EXPECT_STREQ(result.error().message, "must be positive");
}

TEST_F(ResultTest, TryPropagatesErrorsAndUnwrapsValues)
{
	EXPECT_EQ(doubled(4).take(), 8);
	EXPECT_EQ(doubled(0).error().code, -EINVAL);
	EXPECT_TRUE(check_both(1, 2).ok());
	Status second_bad = check_both(1, -2);
	ASSERT_FALSE(second_bad.ok());
	EXPECT_STREQ(second_bad.error().message, "must be positive");
}

TEST_F(ResultTest, DestroysItsValueExactlyOnce)
{
	Tracked::live = 0;
	{
		Result<Tracked> result = Tracked(3);
		EXPECT_EQ(Tracked::live, 1);
		Result<Tracked> moved = move(result);
		EXPECT_EQ(moved.value().value, 3);
	}
	EXPECT_EQ(Tracked::live, 0);
	{
		Result<Tracked> failed = make_error(-ENOENT);
		EXPECT_EQ(Tracked::live, 0);
	}
	EXPECT_EQ(Tracked::live, 0);
}

TEST_F(ResultTest, HoldsMoveOnlyValues)
{
	Result<OwnPtr<int>> result = make_owned<int>(may_sleep, 42);
	ASSERT_TRUE(result.ok());
	OwnPtr<int> owned = result.take();
	EXPECT_EQ(*owned, 42);
}

TEST_F(ResultTest, NonNegativeErrorIsABugReportedAsEinval)
{
	expect_warnings(1);
	Status bogus = make_error(0, "no errno");
	ASSERT_FALSE(bogus.ok());
	EXPECT_EQ(bogus.error().code, -EINVAL);
}

}  // namespace
}  // namespace ovsdp
