// SPDX-License-Identifier: GPL-2.0
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

/*
 * The kernel port (include/ovsdp/kernel_port.h) over real kernel primitives.
 * Each function is a thin, out-of-line wrapper so that the C++ core never
 * includes a kernel header; the lockdep and RCU checks stay the kernel's own.
 */
#include <linux/bug.h>
#include <linux/debug_locks.h>
#include <linux/build_bug.h>
#include <linux/lockdep.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include <ovsdp/kernel_port.h>

static_assert(sizeof(struct mutex) <= sizeof(struct ovsdp_kp_mutex));
static_assert(__alignof__(struct mutex) <= __alignof__(struct ovsdp_kp_mutex));
static_assert(sizeof(struct lock_class_key) <= sizeof(struct ovsdp_kp_lock_class));
static_assert(__alignof__(struct lock_class_key) <= __alignof__(struct ovsdp_kp_lock_class));
static_assert(sizeof(refcount_t) == sizeof(struct ovsdp_kp_refcount));
static_assert(sizeof(struct rcu_head) <= sizeof_field(struct ovsdp_kp_rcu_head, opaque));

static struct mutex *kernel_mutex(const struct ovsdp_kp_mutex *mutex)
{
	return (struct mutex *)mutex->opaque;
}

static refcount_t *kernel_refcount(const struct ovsdp_kp_refcount *ref)
{
	return (refcount_t *)ref;
}

void *ovsdp_kp_alloc(size_t size, size_t align, enum ovsdp_alloc_context context)
{
	gfp_t gfp;

	switch (context) {
	case OVSDP_ALLOC_MAY_SLEEP:
		gfp = GFP_KERNEL;
		break;
	case OVSDP_ALLOC_ATOMIC:
		gfp = GFP_ATOMIC | __GFP_NOWARN;
		break;
	default:
		WARN_ONCE(1, "ovsdp: unknown allocation context %d\n", context);
		return NULL;
	}
	if (WARN_ON_ONCE(!is_power_of_2(align) || align > PAGE_SIZE))
		return NULL;
	/* Sizes come from hostile netlink input: refuse, do not warn. */
	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	/* kmalloc aligns power-of-two sizes naturally; other sizes only to
	 * ARCH_KMALLOC_MINALIGN. */
	if (align > ARCH_KMALLOC_MINALIGN)
		size = roundup_pow_of_two(max(size, align));
	return kmalloc(size, gfp | __GFP_ZERO);
}

void ovsdp_kp_free(void *ptr)
{
	kfree(ptr);
}

void ovsdp_kp_rcu_read_lock(void)
	__acquires(RCU)
{
	rcu_read_lock();
}

void ovsdp_kp_rcu_read_unlock(void)
	__releases(RCU)
{
	rcu_read_unlock();
}

int ovsdp_kp_rcu_read_held(void)
{
	return rcu_read_lock_held();
}

void ovsdp_kp_synchronize_rcu(void)
{
	synchronize_rcu();
}

void ovsdp_kp_rcu_barrier(void)
{
	rcu_barrier();
}

static void run_core_rcu_callback(struct rcu_head *rcu)
{
	struct ovsdp_kp_rcu_head *head = (struct ovsdp_kp_rcu_head *)rcu;

	head->callback(head);
}

/* The rcu_head sits at the start of the opaque storage, so the trampoline
 * recovers the port's structure from it with a cast. */
void ovsdp_kp_call_rcu(struct ovsdp_kp_rcu_head *head,
		       void (*callback)(struct ovsdp_kp_rcu_head *head))
{
	head->callback = callback;
	call_rcu((struct rcu_head *)head->opaque, run_core_rcu_callback);
}

int ovsdp_kp_rtnl_held(void)
{
#ifdef CONFIG_LOCKDEP
	return lockdep_rtnl_is_held();
#else
	return rtnl_is_locked();
#endif
}

int ovsdp_kp_lock_owner_known(void)
{
	return IS_ENABLED(CONFIG_LOCKDEP) && debug_locks;
}

void ovsdp_kp_mutex_init(struct ovsdp_kp_mutex *mutex, const char *name,
			 struct ovsdp_kp_lock_class *lock_class)
{
	__mutex_init(kernel_mutex(mutex), name, (struct lock_class_key *)lock_class->opaque);
}

void ovsdp_kp_mutex_destroy(struct ovsdp_kp_mutex *mutex)
{
	mutex_destroy(kernel_mutex(mutex));
}

void ovsdp_kp_mutex_lock(struct ovsdp_kp_mutex *mutex)
{
	mutex_lock(kernel_mutex(mutex));
}

void ovsdp_kp_mutex_unlock(struct ovsdp_kp_mutex *mutex)
{
	mutex_unlock(kernel_mutex(mutex));
}

int ovsdp_kp_mutex_held(const struct ovsdp_kp_mutex *mutex)
{
#ifdef CONFIG_LOCKDEP
	return lockdep_is_held(kernel_mutex(mutex));
#else
	return mutex_is_locked(kernel_mutex(mutex));
#endif
}

void ovsdp_kp_refcount_set(struct ovsdp_kp_refcount *ref, unsigned int value)
{
	refcount_set(kernel_refcount(ref), value);
}

unsigned int ovsdp_kp_refcount_read(const struct ovsdp_kp_refcount *ref)
{
	return refcount_read(kernel_refcount(ref));
}

void ovsdp_kp_refcount_inc(struct ovsdp_kp_refcount *ref)
{
	refcount_inc(kernel_refcount(ref));
}

int ovsdp_kp_refcount_inc_not_zero(struct ovsdp_kp_refcount *ref)
{
	return refcount_inc_not_zero(kernel_refcount(ref));
}

int ovsdp_kp_refcount_dec_and_test(struct ovsdp_kp_refcount *ref)
{
	return refcount_dec_and_test(kernel_refcount(ref));
}

/* The core stores RCU pointers as plain void *; these casts restore the
 * __rcu address space so sparse and PROVE_RCU check every access. */
typedef void __rcu *ovsdp_rcu_slot;

void *ovsdp_kp_rcu_dereference(void *const *slot)
{
	return rcu_dereference(*(ovsdp_rcu_slot const __force *)slot);
}

void *ovsdp_kp_rcu_dereference_locked(void *const *slot, const struct ovsdp_kp_mutex *writer_lock)
{
	return rcu_dereference_protected(*(ovsdp_rcu_slot const __force *)slot,
					 lockdep_is_held(kernel_mutex(writer_lock)));
}

void ovsdp_kp_rcu_assign(void **slot, void *value)
{
	rcu_assign_pointer(*(ovsdp_rcu_slot __force *)slot, value);
}

void ovsdp_kp_device_name(const void *device, char name[16])
{
	const struct net_device *dev = device;

	/* As in-tree, without RTNL: a rename racing with a reply may show
	 * either name. */
	strscpy(name, dev->name, IFNAMSIZ);
}

unsigned long long ovsdp_kp_used_time_ms(unsigned long long used_jiffies)
{
	/* Now, less the time since the use: jiffies do not count from boot. */
	u64 now_ms = ktime_to_ms(ktime_get());
	u64 idle_ms = jiffies_to_msecs(jiffies - (unsigned long)used_jiffies);

	return now_ms - idle_ms;
}

unsigned int ovsdp_kp_cpu_id_limit(void)
{
	return nr_cpu_ids;
}

void ovsdp_kp_log(enum ovsdp_log_level level, const char *message)
{
	switch (level) {
	case OVSDP_LOG_ERR:
		pr_err("%s\n", message);
		break;
	case OVSDP_LOG_WARNING:
		pr_warn("%s\n", message);
		break;
	case OVSDP_LOG_INFO:
		pr_info("%s\n", message);
		break;
	default:
		pr_debug("%s\n", message);
		break;
	}
}

void ovsdp_kp_log_netlink(const char *message)
{
	net_info_ratelimited("netlink: %s\n", message);
}

void ovsdp_kp_warn(const char *file, int line, const char *condition)
{
	WARN(1, "ovsdp: %s:%d: check failed: %s\n", file, line, condition);
}
