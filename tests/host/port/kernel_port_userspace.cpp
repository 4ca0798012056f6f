// SPDX-License-Identifier: GPL-2.0
// The kernel port in userspace: liburcu for RCU, pthread mutexes with owner
// tracking for lockdep's "held" question, C++ atomics with refcount_t's
// saturating rules, and the C++ library's allocator (so the core's delete
// expressions, which the C++ library serves on the host, match).
#include <ovsdp/kernel_port.h>

#include <ovsdp/core.h>
#include <linux/openvswitch.h>
#include <urcu/urcu-memb.h>

#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <new>

#include "port/host_port.h"

namespace {

std::atomic<int> failures_to_inject{0};
std::atomic<int> allocations_to_skip{0};
std::atomic<int> warning_count{0};
thread_local char netlink_log[256] = "";
thread_local int netlink_logs = 0;

struct HostMutex {
	pthread_mutex_t mutex;
	std::atomic<pthread_t> owner;
	std::atomic<bool> locked;
	const char *name;
};
static_assert(sizeof(HostMutex) <= sizeof(ovsdp_kp_mutex));
static_assert(alignof(HostMutex) <= alignof(ovsdp_kp_mutex));

HostMutex *host_mutex(const ovsdp_kp_mutex *mutex)
{
	return reinterpret_cast<HostMutex *>(const_cast<unsigned char *>(mutex->opaque));
}

struct RcuThread {
	RcuThread() { urcu_memb_register_thread(); }
	~RcuThread() { urcu_memb_unregister_thread(); }
};

// liburcu's call_rcu worker is registered by liburcu itself; a callback
// that queues another (a last reference dropped in a callback) runs there.
thread_local bool in_call_rcu_worker = false;

void ensure_rcu_thread()
{
	if (in_call_rcu_worker)
		return;
	thread_local RcuThread registration;
	(void)registration;
}

std::atomic<int> *counter(const ovsdp_kp_refcount *ref)
{
	static_assert(sizeof(std::atomic<int>) == sizeof(int));
	return reinterpret_cast<std::atomic<int> *>(const_cast<int *>(&ref->refs));
}

// refcount_t's saturation value: once there, a count never moves again.
constexpr int saturated = INT_MIN / 2;

bool should_fail_allocation()
{
	if (failures_to_inject.load() == 0)
		return false;
	if (allocations_to_skip.load() > 0) {
		allocations_to_skip.fetch_sub(1);
		return false;
	}
	return failures_to_inject.fetch_sub(1) > 0;
}

}  // namespace

namespace ovsdp::host_port {

void fail_allocations(int count, int skip)
{
	allocations_to_skip = skip;
	failures_to_inject = count;
}
int pending_allocation_failures() { return failures_to_inject.load(); }
const char *last_netlink_log() { return netlink_log; }
int netlink_log_count() { return netlink_logs; }
int warnings() { return warning_count.load(); }
void reset_warnings() { warning_count = 0; }

}  // namespace ovsdp::host_port

extern "C" {

void *ovsdp_kp_alloc(ovsdp_size_t size, ovsdp_size_t align, enum ovsdp_alloc_context context) noexcept
{
	if ((context != OVSDP_ALLOC_MAY_SLEEP && context != OVSDP_ALLOC_ATOMIC) ||
	    align == 0 || (align & (align - 1)) || align > 4096) {
		ovsdp_kp_warn(__FILE__, __LINE__, "bad allocation request");
		return nullptr;
	}
	if (should_fail_allocation())
		return nullptr;
	void *ptr = align > __STDCPP_DEFAULT_NEW_ALIGNMENT__
		? ::operator new(size, std::align_val_t(align), std::nothrow)
		: ::operator new(size, std::nothrow);
	if (ptr)
		std::memset(ptr, 0, size);
	return ptr;
}

void ovsdp_kp_free(void *ptr) noexcept
{
	::operator delete(ptr);
}

void ovsdp_kp_rcu_read_lock(void) noexcept
{
	ensure_rcu_thread();
	urcu_memb_read_lock();
}

void ovsdp_kp_rcu_read_unlock(void) noexcept { urcu_memb_read_unlock(); }

int ovsdp_kp_rcu_read_held(void) noexcept
{
	ensure_rcu_thread();
	return urcu_memb_read_ongoing();
}

void ovsdp_kp_synchronize_rcu(void) noexcept
{
	ensure_rcu_thread();
	if (urcu_memb_read_ongoing())
		ovsdp_kp_warn(__FILE__, __LINE__, "synchronize_rcu inside an RCU read section");
	urcu_memb_synchronize_rcu();
}

void ovsdp_kp_rcu_barrier(void) noexcept
{
	ensure_rcu_thread();
	urcu_memb_barrier();
}

void ovsdp_kp_call_rcu(struct ovsdp_kp_rcu_head *head,
		       void (*callback)(struct ovsdp_kp_rcu_head *head)) noexcept
{
	static_assert(sizeof(rcu_head) <= sizeof(head->opaque));
	ensure_rcu_thread();
	head->callback = callback;
	urcu_memb_call_rcu(reinterpret_cast<rcu_head *>(head->opaque), [](rcu_head *rcu) {
		auto *port_head = reinterpret_cast<ovsdp_kp_rcu_head *>(rcu);
		in_call_rcu_worker = true;
		port_head->callback(port_head);
	});
}

// Devices in userspace: a name and an ifindex per namespace handle, enough
// for the core's datapath commands; names are unique across handles.
struct HostDevice {
	void *netns;
	char name[16];
	int ifindex;
	HostDevice *next;
};

pthread_mutex_t devices_lock = PTHREAD_MUTEX_INITIALIZER;
HostDevice *devices = nullptr;
int next_ifindex = 100;

void *ovsdp_kp_internal_dev_create(void *netns, const char *name, int desired_ifindex, int *err) noexcept
{
	pthread_mutex_lock(&devices_lock);
	for (HostDevice *d = devices; d; d = d->next)
		if (d->netns == netns && std::strncmp(d->name, name, sizeof(d->name)) == 0) {
			pthread_mutex_unlock(&devices_lock);
			*err = -EEXIST;
			return nullptr;
		}
	auto *device = new (std::nothrow) HostDevice{netns, {}, desired_ifindex ? desired_ifindex : next_ifindex++,
						     devices};
	if (device) {
		std::strncpy(device->name, name, sizeof(device->name) - 1);
		devices = device;
	}
	pthread_mutex_unlock(&devices_lock);
	if (!device)
		*err = -ENOMEM;
	return device;
}

void ovsdp_kp_internal_dev_destroy(void *device) noexcept
{
	pthread_mutex_lock(&devices_lock);
	for (HostDevice **link = &devices; *link; link = &(*link)->next)
		if (*link == device) {
			*link = (*link)->next;
			break;
		}
	pthread_mutex_unlock(&devices_lock);
	delete static_cast<HostDevice *>(device);
}

// No netdev vports in userspace: nothing to attach.
void *ovsdp_kp_netdev_attach(void *, const char *, void *, void *, int *err) noexcept
{
	*err = -ENODEV;
	return nullptr;
}

void ovsdp_kp_netdev_detach(void *, void *) noexcept {}

void ovsdp_kp_notify_vport_deleted(void *, const struct ovsdp_vport_info *) noexcept {}

int ovsdp_kp_device_ifindex(const void *device) noexcept
{
	return static_cast<const HostDevice *>(device)->ifindex;
}

// A fixed figure, so tests do not depend on the machine they run on.
unsigned int ovsdp_kp_cpu_id_limit(void) noexcept
{
	return 256;
}

void ovsdp_kp_device_name(const void *device, char name[16]) noexcept
{
	__builtin_memcpy(name, static_cast<const HostDevice *>(device)->name, 16);
	name[15] = 0;
}

int ovsdp_kp_device_peer_netnsid(const void *, void *, int *) noexcept
{
	return 0;
}

void ovsdp_kp_device_stats(void *, struct ovs_vport_stats *stats) noexcept
{
	*stats = ovs_vport_stats{};
}

// Userspace has no RTNL; tests that need one would model it.
int ovsdp_kp_rtnl_held(void) noexcept
{
	return 0;
}

int ovsdp_kp_lock_owner_known(void) noexcept
{
	return 1;
}

void ovsdp_kp_mutex_init(struct ovsdp_kp_mutex *mutex, const char *name,
			 struct ovsdp_kp_lock_class *) noexcept
{
	HostMutex *host = new (mutex->opaque) HostMutex;
	pthread_mutex_init(&host->mutex, nullptr);
	host->locked = false;
	host->name = name;
}

void ovsdp_kp_mutex_destroy(struct ovsdp_kp_mutex *mutex) noexcept
{
	HostMutex *host = host_mutex(mutex);
	if (host->locked)
		ovsdp_kp_warn(__FILE__, __LINE__, "destroying a held mutex");
	pthread_mutex_destroy(&host->mutex);
	host->~HostMutex();
}

void ovsdp_kp_mutex_lock(struct ovsdp_kp_mutex *mutex) noexcept
{
	HostMutex *host = host_mutex(mutex);
	if (urcu_memb_read_ongoing())
		ovsdp_kp_warn(__FILE__, __LINE__, "sleeping lock taken inside an RCU read section");
	if (host->locked && pthread_equal(host->owner.load(), pthread_self()))
		ovsdp_kp_warn(__FILE__, __LINE__, "recursive locking");
	pthread_mutex_lock(&host->mutex);
	host->owner = pthread_self();
	host->locked = true;
}

void ovsdp_kp_mutex_unlock(struct ovsdp_kp_mutex *mutex) noexcept
{
	HostMutex *host = host_mutex(mutex);
	if (!host->locked || !pthread_equal(host->owner.load(), pthread_self()))
		ovsdp_kp_warn(__FILE__, __LINE__, "unlocking a mutex this thread does not hold");
	host->locked = false;
	pthread_mutex_unlock(&host->mutex);
}

int ovsdp_kp_mutex_held(const struct ovsdp_kp_mutex *mutex) noexcept
{
	HostMutex *host = host_mutex(mutex);
	return host->locked && pthread_equal(host->owner.load(), pthread_self());
}

void ovsdp_kp_refcount_set(struct ovsdp_kp_refcount *ref, unsigned int value) noexcept
{
	counter(ref)->store(static_cast<int>(value));
}

unsigned int ovsdp_kp_refcount_read(const struct ovsdp_kp_refcount *ref) noexcept
{
	return static_cast<unsigned int>(counter(ref)->load());
}

int ovsdp_kp_refcount_inc_not_zero(struct ovsdp_kp_refcount *ref) noexcept
{
	int old = counter(ref)->load();
	do {
		if (old == 0)
			return 0;
		if (old < 0)
			return 1;  // saturated: stays there, the object leaks
	} while (!counter(ref)->compare_exchange_weak(old, old + 1));
	if (old + 1 < 0) {
		counter(ref)->store(saturated);
		ovsdp_kp_warn(__FILE__, __LINE__, "refcount_t: saturated");
	}
	return 1;
}

void ovsdp_kp_refcount_inc(struct ovsdp_kp_refcount *ref) noexcept
{
	if (!ovsdp_kp_refcount_inc_not_zero(ref))
		ovsdp_kp_warn(__FILE__, __LINE__, "refcount_t: addition on 0; use-after-free");
}

int ovsdp_kp_refcount_dec_and_test(struct ovsdp_kp_refcount *ref) noexcept
{
	int old = counter(ref)->fetch_sub(1);
	if (old == 1)
		return 1;
	if (old <= 0) {
		counter(ref)->store(saturated);
		ovsdp_kp_warn(__FILE__, __LINE__, "refcount_t: underflow; use-after-free");
	}
	return 0;
}

void *ovsdp_kp_rcu_dereference(void *const *slot) noexcept
{
	if (!ovsdp_kp_rcu_read_held())
		ovsdp_kp_warn(__FILE__, __LINE__, "suspicious rcu_dereference outside a read section");
	return __atomic_load_n(slot, __ATOMIC_CONSUME);
}

void *ovsdp_kp_rcu_dereference_locked(void *const *slot, const struct ovsdp_kp_mutex *writer_lock) noexcept
{
	if (!ovsdp_kp_mutex_held(writer_lock))
		ovsdp_kp_warn(__FILE__, __LINE__, "suspicious rcu_dereference_protected without the writer lock");
	return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

void ovsdp_kp_rcu_assign(void **slot, void *value) noexcept
{
	__atomic_store_n(slot, value, __ATOMIC_RELEASE);
}

void ovsdp_kp_log(enum ovsdp_log_level level, const char *message) noexcept
{
	std::fprintf(stderr, "ovsdp<%d>: %s\n", static_cast<int>(level), message);
}

unsigned long long ovsdp_kp_used_time_ms(unsigned long long used_jiffies) noexcept
{
	return used_jiffies;
}

// The helpers a Debian kernel ships and that take no NAT module to differ.
int ovsdp_kp_ct_helper_available(const char *name, unsigned short, unsigned char, int) noexcept
{
	static const char *const known[] = {"ftp", "tftp", "sip", "irc", "amanda", "h323", "pptp", "snmp"};
	for (const char *helper : known)
		if (std::strcmp(name, helper) == 0)
			return 0;
	return -EINVAL;
}

void ovsdp_kp_log_netlink(const char *message) noexcept
{
	std::snprintf(netlink_log, sizeof(netlink_log), "%s", message);
	netlink_logs++;
}

void ovsdp_kp_warn(const char *file, int line, const char *condition) noexcept
{
	warning_count.fetch_add(1);
	std::fprintf(stderr, "WARNING: ovsdp: %s:%d: check failed: %s\n", file, line, condition);
}

}  // extern "C"
