// SPDX-License-Identifier: GPL-2.0
// Brings the core up and down with the module. Module-wide objects live in
// static storage but are constructed here, explicitly: the kernel runs no
// global constructors, and the build rejects a module that would need them.
#include <ovsdp/core.h>
#include "core_lifecycle.h"
#include "runtime/new.h"
#include "sync/mutex.h"
#include "sync/rcu_deferred.h"

namespace ovsdp {
namespace {

constinit LockClass datapath_lock_class{"ovsdp_datapath_lock"};

alignas(Mutex) unsigned char datapath_lock_storage[sizeof(Mutex)];
Mutex *datapath_lock_instance;

}  // namespace

Mutex &datapath_lock()
{
	return *datapath_lock_instance;
}

long rcu_deferred_pending;

void wait_for_deferred_deletions()
{
	do
		ovsdp_kp_rcu_barrier();
	while (__atomic_load_n(&rcu_deferred_pending, __ATOMIC_ACQUIRE) != 0);
}

}  // namespace ovsdp

extern "C" int ovsdp_core_init(void)
{
	using namespace ovsdp;
	datapath_lock_instance = new (datapath_lock_storage) Mutex(datapath_lock_class);
	return 0;
}

extern "C" void ovsdp_core_exit(void)
{
	using namespace ovsdp;
	// Objects freed after a grace period must be gone before the code that
	// frees them is.
	wait_for_deferred_deletions();
	datapath_lock_instance->~Mutex();
	datapath_lock_instance = nullptr;
}
