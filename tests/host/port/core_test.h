// SPDX-License-Identifier: GPL-2.0
// Base fixture for host tests of the core: a WARN the core raised fails the
// test it happened in, as a splat fails a VM run. Leaks are LeakSanitizer's
// to find, in the sanitizer build: the core's deletes go to the C++ library
// on the host, so the port cannot count frees.
#pragma once

#include <gtest/gtest.h>

#include "port/host_port.h"

namespace ovsdp::testing {

class CoreTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		host_port::reset_warnings();
		host_port::fail_allocations(0);
	}

	void TearDown() override
	{
		EXPECT_EQ(host_port::warnings(), expected_warnings_) << "WARNs raised by the core";
		host_port::reset_warnings();
		host_port::fail_allocations(0);
	}

	// For tests that provoke a WARN on purpose.
	void expect_warnings(int count) { expected_warnings_ = count; }

private:
	int expected_warnings_ = 0;
};

}  // namespace ovsdp::testing
