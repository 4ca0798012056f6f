// SPDX-License-Identifier: GPL-2.0
/* The C side of kunit_bridge.h. */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "kunit_bridge.h"

void ovsdp_kunit_expect(struct kunit *test, int ok, const char *condition,
			const char *file, int line)
{
	if (!ok)
		KUNIT_FAIL(test, "%s:%d: expected %s", file, line, condition);
}

struct parallel_worker {
	void (*body)(void *arg, int index);
	void *arg;
	int index;
	struct completion done;
};

static int parallel_worker_main(void *data)
{
	struct parallel_worker *worker = data;

	worker->body(worker->arg, worker->index);
	complete(&worker->done);
	return 0;
}

int ovsdp_kunit_run_parallel(int count, void (*body)(void *arg, int index), void *arg)
{
	struct parallel_worker *workers;
	int i, err = 0;

	workers = kcalloc(count, sizeof(*workers), GFP_KERNEL);
	if (!workers)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		struct task_struct *task;

		workers[i] = (struct parallel_worker){ .body = body, .arg = arg, .index = i };
		init_completion(&workers[i].done);
		task = kthread_run(parallel_worker_main, &workers[i], "ovsdp_kunit/%d", i);
		if (IS_ERR(task)) {
			err = PTR_ERR(task);
			complete(&workers[i].done);
		}
	}
	for (i = 0; i < count; i++)
		wait_for_completion(&workers[i].done);
	kfree(workers);
	return err;
}

void ovsdp_kunit_yield(void)
{
	cond_resched();
}

void ovsdp_kunit_sleep_ms(unsigned int ms)
{
	msleep(ms);
}

void ovsdp_kunit_rtnl_lock(void)
{
	rtnl_lock();
}

void ovsdp_kunit_rtnl_unlock(void)
{
	rtnl_unlock();
}

int ovsdp_kunit_rtnl_is_locked(void)
{
	return rtnl_is_locked();
}

void ovsdp_kunit_note_counts(struct kunit *test, const char *what, long a, long b, long c)
{
	kunit_info(test, "%s: %ld %ld %ld\n", what, a, b, c);
}
