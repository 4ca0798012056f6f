// SPDX-License-Identifier: GPL-2.0
// The netlink PIDs that upcalls go to: a port's (one per handler thread) or
// a datapath's per-CPU list. A list never changes once made; a new setting
// publishes a new list. Readers use it under RCU, or take a reference to
// keep it past their read section (a reply built after the lock is gone).
// A port's list holds at most one PID per possible CPU (in-tree's bound); a
// datapath's per-CPU list may be longer (replies show one per CPU).
#pragma once

#include "runtime/result.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"
#include "sync/ref_count.h"

namespace ovsdp {

class UpcallPids : public RefCounted<UpcallPids> {
public:
	// -EINVAL unless @length is a non-zero multiple of 4 with at most
	// @max_count entries.
	static Result<RefPtr<UpcallPids>> create(const void *pids, u32 length, u32 max_count,
						 AllocContext context);
	static Result<RefPtr<UpcallPids>> create_for_port(const void *pids, u32 length)
	{
		return create(pids, length, ovsdp_kp_cpu_id_limit(), may_sleep);
	}

	u32 count() const { return count_; }
	const u32 *pids() const { return pids_; }

	// Readers may still hold the list they found under RCU.
	static void destroy(UpcallPids *list) { delete_after_grace_period(list); }
	// The object is sized by its count (see create()).
	static void operator delete(void *list) { ovsdp_kp_free(list); }

	RcuDeferred rcu_deferred;

private:
	explicit UpcallPids(u32 count) : count_(count) {}
	~UpcallPids() = default;
	template <class T>
	friend void delete_after_grace_period(T *);
	friend class RefCounted<UpcallPids>;

	u32 count_;
	u32 pids_[];
};

// An owned slot for a published list: the slot holds one reference; a
// replaced list loses it once unpublished.
class UpcallPidsSlot {
public:
	explicit UpcallPidsSlot(const Mutex &writer) : list_(writer) {}
	~UpcallPidsSlot();
	UpcallPidsSlot(const UpcallPidsSlot &) = delete;
	UpcallPidsSlot &operator=(const UpcallPidsSlot &) = delete;

	template <class Guard>
	UpcallPids *get(const Guard &guard) const { return list_.get(guard); }
	// A reference that outlives @guard (empty if no list is set). Under RCU
	// the list found may be losing its last reference to a replacement,
	// which is then already published: read again.
	template <class Guard>
	RefPtr<UpcallPids> hold(const Guard &guard) const
	{
		while (UpcallPids *list = list_.get(guard))
			if (RefPtr<UpcallPids> held = RefPtr<UpcallPids>::try_get(list))
				return held;
		return RefPtr<UpcallPids>();
	}

	void replace(RefPtr<UpcallPids> list, const MutexGuard &writer);

private:
	RcuPtr<UpcallPids> list_;
};

}  // namespace ovsdp
