/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C++ KUnit cases may call in KUnit (whose API is macros over
 * kernel headers, out of the core's reach). KUNIT_EXPECT_CORE() records a
 * failure with the C++ file and line and carries on, like KUNIT_EXPECT_TRUE.
 */
#ifndef OVSDP_KUNIT_BRIDGE_H
#define OVSDP_KUNIT_BRIDGE_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void ovsdp_kunit_expect(struct kunit *test, int ok, const char *condition,
			const char *file, int line);

#ifdef __cplusplus
}
#endif

#define KUNIT_EXPECT_CORE(test, condition) \
	ovsdp_kunit_expect((test), !!(condition), #condition, __FILE__, __LINE__)

#endif /* OVSDP_KUNIT_BRIDGE_H */
