/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel port: every service the C++ core takes from the kernel, as plain
 * C functions. src/kernel/kernel_port.c implements it over kernel headers;
 * tests/host/port implements it in userspace so the same core runs under
 * GoogleTest, sanitizers and fuzzers. Each function says the context it may be
 * called in. Nothing here is inline: the core never sees a kernel header.
 */
#ifndef OVSDP_KERNEL_PORT_H
#define OVSDP_KERNEL_PORT_H

#ifdef __cplusplus
extern "C" {
#define OVSDP_KP_NOEXCEPT noexcept
#else
#define OVSDP_KP_NOEXCEPT
#endif

typedef __SIZE_TYPE__ ovsdp_size_t;

/*
 * Memory. The caller names the context; there is no default, so no path can
 * sleep in an allocation by accident.
 *   OVSDP_ALLOC_MAY_SLEEP: process context, no spinlock, no RCU read section.
 *   OVSDP_ALLOC_ATOMIC:    any context; fails more readily.
 */
enum ovsdp_alloc_context {
	OVSDP_ALLOC_MAY_SLEEP = 1,
	OVSDP_ALLOC_ATOMIC = 2,
};

/* Returns memory aligned to at least @align (a power of two, at most 4096)
 * and zeroed, or NULL. Context: as @context says. */
void *ovsdp_kp_alloc(ovsdp_size_t size, ovsdp_size_t align,
		     enum ovsdp_alloc_context context) OVSDP_KP_NOEXCEPT;
/* Frees what ovsdp_kp_alloc returned; NULL is a no-op. Context: any. */
void ovsdp_kp_free(void *ptr) OVSDP_KP_NOEXCEPT;

/*
 * RCU. Read sections nest. ovsdp_kp_rcu_read_held() is what lockdep believes
 * (always true where the kernel cannot tell, as without CONFIG_PROVE_RCU).
 */
void ovsdp_kp_rcu_read_lock(void) OVSDP_KP_NOEXCEPT;	/* any context */
void ovsdp_kp_rcu_read_unlock(void) OVSDP_KP_NOEXCEPT;	/* any context */
int ovsdp_kp_rcu_read_held(void) OVSDP_KP_NOEXCEPT;	/* any context */
/* Waits for every read section that started before the call. May sleep. */
void ovsdp_kp_synchronize_rcu(void) OVSDP_KP_NOEXCEPT;
/* Waits until every callback queued so far has run. May sleep. */
void ovsdp_kp_rcu_barrier(void) OVSDP_KP_NOEXCEPT;

/* A callback queued for after a grace period, embedded in the object it
 * frees: a struct rcu_head and the core's callback, filled in by call_rcu. */
struct ovsdp_kp_rcu_head {
	void *opaque[2];
	void (*callback)(struct ovsdp_kp_rcu_head *head);
};
/* Runs @callback(@head) once every read section that started before the
 * call has ended, in softirq or kthread context: the callback must not
 * sleep. Context: any. */
void ovsdp_kp_call_rcu(struct ovsdp_kp_rcu_head *head,
		       void (*callback)(struct ovsdp_kp_rcu_head *head)) OVSDP_KP_NOEXCEPT;

/* Whether the current task holds RTNL, as lockdep sees it (without lockdep:
 * whether anyone holds it). For assertions that a path stays off RTNL.
 * Context: any. */
int ovsdp_kp_rtnl_held(void) OVSDP_KP_NOEXCEPT;

/* Whether ovsdp_kp_rtnl_held() and ovsdp_kp_mutex_held() tell the current
 * task's locks from other tasks' (lockdep is built in and has not switched
 * itself off after an earlier report). Only then can the core assert that
 * the current task does *not* hold a lock: without lockdep, another task
 * holding it would look the same. Context: any. */
int ovsdp_kp_lock_owner_known(void) OVSDP_KP_NOEXCEPT;

/*
 * Opaque storage for kernel objects that the core embeds by value. The glue
 * checks at build time that the real object fits, for every kernel config.
 */
#define OVSDP_KP_MUTEX_SIZE 256
#define OVSDP_KP_LOCK_CLASS_SIZE 32

struct ovsdp_kp_mutex {
	unsigned char opaque[OVSDP_KP_MUTEX_SIZE] __attribute__((aligned(16)));
};

/* A lockdep class. Must live in static storage (lockdep keys by address);
 * one per kind of lock, so lockdep can tell a table's mutex from the
 * global datapath lock and check the order between them. */
struct ovsdp_kp_lock_class {
	unsigned char opaque[OVSDP_KP_LOCK_CLASS_SIZE] __attribute__((aligned(8)));
};

/* Context: may sleep. */
void ovsdp_kp_mutex_init(struct ovsdp_kp_mutex *mutex, const char *name,
			 struct ovsdp_kp_lock_class *lock_class) OVSDP_KP_NOEXCEPT;
/* Context: may sleep; @mutex unlocked. */
void ovsdp_kp_mutex_destroy(struct ovsdp_kp_mutex *mutex) OVSDP_KP_NOEXCEPT;
/* Context: may sleep. */
void ovsdp_kp_mutex_lock(struct ovsdp_kp_mutex *mutex) OVSDP_KP_NOEXCEPT;
/* Context: may sleep; caller holds @mutex. */
void ovsdp_kp_mutex_unlock(struct ovsdp_kp_mutex *mutex) OVSDP_KP_NOEXCEPT;
/* Whether the current task holds @mutex, as lockdep sees it (without lockdep:
 * whether anyone holds it). Context: any. */
int ovsdp_kp_mutex_held(const struct ovsdp_kp_mutex *mutex) OVSDP_KP_NOEXCEPT;

/*
 * Reference counts with the kernel's refcount_t semantics: saturation and a
 * warning instead of overflow, underflow or increment from zero.
 */
struct ovsdp_kp_refcount {
	int refs;
};

/* All context: any. */
void ovsdp_kp_refcount_set(struct ovsdp_kp_refcount *ref, unsigned int value) OVSDP_KP_NOEXCEPT;
unsigned int ovsdp_kp_refcount_read(const struct ovsdp_kp_refcount *ref) OVSDP_KP_NOEXCEPT;
void ovsdp_kp_refcount_inc(struct ovsdp_kp_refcount *ref) OVSDP_KP_NOEXCEPT;
/* Returns 0 when the count was already zero: the object is being freed. */
int ovsdp_kp_refcount_inc_not_zero(struct ovsdp_kp_refcount *ref) OVSDP_KP_NOEXCEPT;
/* Returns nonzero when this call dropped the last reference. */
int ovsdp_kp_refcount_dec_and_test(struct ovsdp_kp_refcount *ref) OVSDP_KP_NOEXCEPT;

/*
 * RCU-protected pointers, so the kernel's lockdep conditions check every
 * access. @slot holds a pointer published with ovsdp_kp_rcu_assign().
 */
/* Context: inside an RCU read section. */
void *ovsdp_kp_rcu_dereference(void *const *slot) OVSDP_KP_NOEXCEPT;
/* Context: the caller holds @writer_lock, the lock that serialises writers of
 * @slot. */
void *ovsdp_kp_rcu_dereference_locked(void *const *slot,
				      const struct ovsdp_kp_mutex *writer_lock) OVSDP_KP_NOEXCEPT;
/* Publishes @value with release ordering. Context: as for the writer. */
void ovsdp_kp_rcu_assign(void **slot, void *value) OVSDP_KP_NOEXCEPT;

/*
 * Network devices. @netns is the struct net the glue handed to
 * ovsdp_core_net_create(); @device is the struct net_device.
 */
struct ovs_vport_stats;
/* Creates and registers a datapath's internal device (port 0), with
 * @desired_ifindex if nonzero. Returns the device, or NULL with *err set
 * (-EEXIST if the name is taken). Context: may sleep; takes RTNL, so the
 * caller holds no lock that RTNL may nest outside of (the global datapath
 * lock is fine: it orders before RTNL). */
void *ovsdp_kp_internal_dev_create(void *netns, const char *name, int desired_ifindex,
				   int *err) OVSDP_KP_NOEXCEPT;
/* Unregisters and frees it. Context: may sleep; takes RTNL. */
void ovsdp_kp_internal_dev_destroy(void *device) OVSDP_KP_NOEXCEPT;
/* Attaches the existing device @name of @netns as a port of the datapath
 * whose internal device is @dp_device, holding a reference to it. When the
 * device is unregistered (or leaves the namespace), the glue detaches it and
 * hands @port to ovsdp_core_port_device_gone(). NULL with *err: -ENODEV (no
 * such device), -EINVAL (loopback, not Ethernet, or an internal device of
 * ours), -EBUSY (already another master's port).
 * Context: may sleep; takes RTNL. */
void *ovsdp_kp_netdev_attach(void *netns, const char *name, void *dp_device, void *port,
			     int *err) OVSDP_KP_NOEXCEPT;
/* Detaches it if it is still attached for @port (the notifier may have
 * detached it already, and it may since have become another port's) and
 * drops the reference. Context: may sleep; takes RTNL. */
void ovsdp_kp_netdev_detach(void *device, void *port) OVSDP_KP_NOEXCEPT;
int ovsdp_kp_device_ifindex(const void *device) OVSDP_KP_NOEXCEPT;	/* any context */
/* Copies the device's current name (it may have been renamed since it
 * became a port) into @name, NUL-terminated. Context: any. */
void ovsdp_kp_device_name(const void *device, char name[16]) OVSDP_KP_NOEXCEPT;
void ovsdp_kp_device_stats(void *device, struct ovs_vport_stats *stats) OVSDP_KP_NOEXCEPT;
/* 1 with *@id set (allocated in @netns if it had none) when the device now
 * lives in another namespace than @netns (a port whose device is leaving),
 * else 0. Context: may sleep. */
int ovsdp_kp_device_peer_netnsid(const void *device, void *netns, int *id) OVSDP_KP_NOEXCEPT;

struct ovsdp_vport_info;
/* Tells the namespace's ovs_vport multicast group that a port went away on
 * its own (its device was unregistered). Context: may sleep. */
void ovsdp_kp_notify_vport_deleted(void *netns, const struct ovsdp_vport_info *port) OVSDP_KP_NOEXCEPT;

/* The time a flow was last used, for OVS_FLOW_ATTR_USED: milliseconds on
 * the monotonic clock, from the jiffies value recorded at the use.
 * Context: any. */
unsigned long long ovsdp_kp_used_time_ms(unsigned long long used_jiffies) OVSDP_KP_NOEXCEPT;

/* Whether conntrack has helper @name for @family (NFPROTO_IPV4 or _IPV6)
 * and @ip_protocol, and with @nat its NAT helper: 0, -EINVAL for an unknown
 * helper, or the NAT helper lookup's error. May load the helpers' modules.
 * The flow's ct action takes its own reference when the fast path runs it.
 * Context: may sleep. */
int ovsdp_kp_ct_helper_available(const char *name, unsigned short family, unsigned char ip_protocol,
				 int nat) OVSDP_KP_NOEXCEPT;

/* One more than the highest possible CPU number (nr_cpu_ids). Context: any. */
unsigned int ovsdp_kp_cpu_id_limit(void) OVSDP_KP_NOEXCEPT;

/* Diagnostics. Context: any. */
enum ovsdp_log_level {
	OVSDP_LOG_ERR = 3,
	OVSDP_LOG_WARNING = 4,
	OVSDP_LOG_INFO = 6,
	OVSDP_LOG_DEBUG = 7,
};
void ovsdp_kp_log(enum ovsdp_log_level level, const char *message) OVSDP_KP_NOEXCEPT;
/* "openvswitch: netlink: @message" at KERN_INFO, rate-limited as the in-tree
 * module's flow netlink messages are (userspace can provoke them at will). */
void ovsdp_kp_log_netlink(const char *message) OVSDP_KP_NOEXCEPT;
/* A broken invariant in the core: a kernel WARN (with a backtrace). */
void ovsdp_kp_warn(const char *file, int line, const char *condition) OVSDP_KP_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* OVSDP_KERNEL_PORT_H */
