// SPDX-License-Identifier: GPL-2.0
// Freeing after a grace period. An object that readers reach under RCU
// embeds an RcuDeferred and, once unpublished, hands itself to
// delete_after_grace_period(): readers that found it before it was
// unpublished may keep using it until their read sections end.
#pragma once

#include <ovsdp/kernel_port.h>
#include "runtime/types.h"

namespace ovsdp {

// head comes first: the callback gets &head and casts back to the whole.
struct RcuDeferred {
	ovsdp_kp_rcu_head head{};
	void *owner = nullptr;
	void (*deleter)(void *owner) = nullptr;
};

// Deletions queued and not yet run. A deletion may queue another (an
// object's destructor dropping the last reference to something it held), so
// one rcu_barrier() is not enough at exit: see wait_for_deferred_deletions().
extern long rcu_deferred_pending;

// T has a member `RcuDeferred rcu_deferred`. Context: any.
template <class T>
void delete_after_grace_period(T *object)
{
	RcuDeferred &deferred = object->rcu_deferred;
	deferred.owner = object;
	deferred.deleter = [](void *owner) { delete static_cast<T *>(owner); };
	__atomic_add_fetch(&rcu_deferred_pending, 1, __ATOMIC_RELAXED);
	ovsdp_kp_call_rcu(&deferred.head, [](ovsdp_kp_rcu_head *head) {
		auto *pending = reinterpret_cast<RcuDeferred *>(head);
		pending->deleter(pending->owner);
		__atomic_sub_fetch(&rcu_deferred_pending, 1, __ATOMIC_RELEASE);
	});
}

// Returns once every deletion queued so far, and every one those queued in
// turn, has run. Context: may sleep.
void wait_for_deferred_deletions();

}  // namespace ovsdp
