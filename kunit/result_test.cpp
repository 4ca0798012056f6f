// SPDX-License-Identifier: GPL-2.0
// Result and OVSDP_TRY compiled with the kernel's flags: the same semantics
// the host suites check, on the target's code generation.
#include "cases.h"
#include "kunit_bridge.h"
#include "runtime/result.h"

using namespace ovsdp;

namespace {

Result<int> parse_port(int value)
{
	if (value < 0)
		return make_error(-EINVAL, "port number is negative");
	if (value > 65535)
		return make_error(-EFBIG, "port number too large");
	return value;
}

Result<int> next_port(int value)
{
	int port = OVSDP_TRY(parse_port(value));
	return port + 1;
}

Status check_pair(int a, int b)
{
	OVSDP_TRY(parse_port(a));
	OVSDP_TRY(parse_port(b));
	return success();
}

struct Tracked {
	explicit Tracked(int *live) : live_(live) { ++*live_; }
	Tracked(Tracked &&other) : live_(other.live_) { ++*live_; }
	~Tracked() { --*live_; }
	int *live_;
};

}  // namespace

extern "C" void ovsdp_test_result_value_and_error(struct kunit *test)
{
	Result<int> good = parse_port(80);
	KUNIT_EXPECT_CORE(test, good.ok() && good.value() == 80);
	Result<int> bad = parse_port(70000);
	KUNIT_EXPECT_CORE(test, !bad.ok());
	KUNIT_EXPECT_CORE(test, bad.error().code == -EFBIG);
	KUNIT_EXPECT_CORE(test, bad.error().message != nullptr);
}

extern "C" void ovsdp_test_result_try_propagates(struct kunit *test)
{
	KUNIT_EXPECT_CORE(test, next_port(1).take() == 2);
	KUNIT_EXPECT_CORE(test, next_port(-1).error().code == -EINVAL);
	KUNIT_EXPECT_CORE(test, check_pair(1, 2).ok());
	KUNIT_EXPECT_CORE(test, check_pair(1, -5).error().code == -EINVAL);
}

extern "C" void ovsdp_test_result_destroys_value_once(struct kunit *test)
{
	int live = 0;
	{
		Result<Tracked> held = Tracked(&live);
		Result<Tracked> moved = move(held);
		KUNIT_EXPECT_CORE(test, live == 2);
	}
	KUNIT_EXPECT_CORE(test, live == 0);
}
