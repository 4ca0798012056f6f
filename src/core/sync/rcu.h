// SPDX-License-Identifier: GPL-2.0
// RCU for the core: a read-section guard, and RcuPtr, whose accessors demand
// proof of the right context: the reader side an RcuReadGuard, the writer
// side the guard of the mutex named when the pointer was declared.
#pragma once

#include <ovsdp/kernel_port.h>
#include "runtime/assert.h"
#include "runtime/utility.h"
#include "sync/mutex.h"

namespace ovsdp {

class [[nodiscard]] RcuReadGuard : Pinned {
public:
	RcuReadGuard() { ovsdp_kp_rcu_read_lock(); }
	~RcuReadGuard() { ovsdp_kp_rcu_read_unlock(); }
};

inline void synchronize_rcu() { ovsdp_kp_synchronize_rcu(); }

// A pointer read under RCU and written only with writer_lock held.
template <class T>
class RcuPtr : Pinned {
public:
	explicit RcuPtr(const Mutex &writer_lock, T *initial = nullptr)
		: value_(initial), writer_lock_(writer_lock)
	{
	}

	T *get(const RcuReadGuard &) const
	{
		return static_cast<T *>(ovsdp_kp_rcu_dereference(&value_));
	}

	T *get(const MutexGuard &writer) const
	{
		check_writer(writer);
		return static_cast<T *>(ovsdp_kp_rcu_dereference_locked(&value_, writer_lock_.raw()));
	}

	// Publishes a new value; returns the old one, which readers may still see
	// until a grace period has passed.
	T *exchange(T *value, const MutexGuard &writer)
	{
		check_writer(writer);
		T *old = static_cast<T *>(ovsdp_kp_rcu_dereference_locked(&value_, writer_lock_.raw()));
		ovsdp_kp_rcu_assign(&value_, value);
		return old;
	}

	// For the owner's destructor, once no reader or writer can reach the
	// pointer any more (the owner itself was freed after a grace period).
	T *get_unreachable() const { return static_cast<T *>(value_); }

private:
	void check_writer(const MutexGuard &writer) const { OVSDP_CHECK(&writer.mutex() == &writer_lock_); }

	void *value_;
	const Mutex &writer_lock_;
};

}  // namespace ovsdp
