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

/* Runs @body(@arg, i) for i in 0..@count-1, each in its own kthread, and
 * returns when all have finished; 0, or a negative errno if a thread could
 * not start (the others are still waited for). May sleep. */
int ovsdp_kunit_run_parallel(int count, void (*body)(void *arg, int index), void *arg);

/* Notes three counters in the test's log (KTAP diagnostics). */
void ovsdp_kunit_note_counts(struct kunit *test, const char *what, long a, long b, long c);

/* A scheduling point for loops in those threads: without preemption, a
 * spinning kthread starves the others and RCU. May sleep. */
void ovsdp_kunit_yield(void);
/* May sleep. */
void ovsdp_kunit_sleep_ms(unsigned int ms);

/* RTNL, for tests that hold it in one thread while another works. */
void ovsdp_kunit_rtnl_lock(void);
void ovsdp_kunit_rtnl_unlock(void);
/* Whether any task holds it. */
int ovsdp_kunit_rtnl_is_locked(void);

#ifdef __cplusplus
}
#endif

#define KUNIT_EXPECT_CORE(test, condition) \
	ovsdp_kunit_expect((test), !!(condition), #condition, __FILE__, __LINE__)

#endif /* OVSDP_KUNIT_BRIDGE_H */
