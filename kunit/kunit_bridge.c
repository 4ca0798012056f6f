// SPDX-License-Identifier: GPL-2.0
/* The C side of kunit_bridge.h. */
#include <kunit/test.h>

#include "kunit_bridge.h"

void ovsdp_kunit_expect(struct kunit *test, int ok, const char *condition,
			const char *file, int line)
{
	if (!ok)
		KUNIT_FAIL(test, "%s:%d: expected %s", file, line, condition);
}
