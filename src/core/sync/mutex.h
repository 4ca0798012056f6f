// SPDX-License-Identifier: GPL-2.0
// Sleeping locks for the core. A Mutex is born with a LockClass, a static
// lockdep key per kind of lock, so lockdep tells the kinds apart and checks
// the order between them. MutexProtected<T> owns the data its lock guards and
// hands it out only while the lock is held.
#pragma once

#include <ovsdp/kernel_port.h>
#include "runtime/utility.h"

namespace ovsdp {

// Declare each as a namespace-scope `constinit LockClass name{"name"};`.
class LockClass : Pinned {
public:
	constexpr explicit LockClass(const char *name) : key_{}, name_(name) {}

private:
	friend class Mutex;
	ovsdp_kp_lock_class key_;
	const char *name_;
};

class Mutex : Pinned {
public:
	explicit Mutex(LockClass &lock_class) { ovsdp_kp_mutex_init(&mutex_, lock_class.name_, &lock_class.key_); }
	~Mutex() { ovsdp_kp_mutex_destroy(&mutex_); }

	// Whether the current task holds it, as lockdep sees it; for assertions.
	bool held() const { return ovsdp_kp_mutex_held(&mutex_); }

	const ovsdp_kp_mutex *raw() const { return &mutex_; }

private:
	friend class MutexGuard;
	ovsdp_kp_mutex mutex_;
};

class [[nodiscard]] MutexGuard : Pinned {
public:
	explicit MutexGuard(Mutex &mutex) : mutex_(mutex) { ovsdp_kp_mutex_lock(&mutex_.mutex_); }
	~MutexGuard() { ovsdp_kp_mutex_unlock(&mutex_.mutex_); }

	const Mutex &mutex() const { return mutex_; }

private:
	Mutex &mutex_;
};

template <class T>
class MutexProtected : Pinned {
public:
	template <class... Args>
	explicit MutexProtected(LockClass &lock_class, Args &&...args)
		: mutex_(lock_class), value_(forward<Args>(args)...)
	{
	}

	// The data, for as long as this object lives, with the lock held.
	class [[nodiscard]] Locked : Pinned {
	public:
		T *operator->() { return &value_; }
		T &operator*() { return value_; }
		const MutexGuard &guard() const { return guard_; }

	private:
		friend class MutexProtected;
		Locked(Mutex &mutex, T &value) : guard_(mutex), value_(value) {}
		MutexGuard guard_;
		T &value_;
	};

	Locked lock() { return Locked(mutex_, value_); }

	template <class Function>
	decltype(auto) with_locked(Function &&function)
	{
		MutexGuard guard(mutex_);
		return function(value_);
	}

	const Mutex &mutex() const { return mutex_; }

private:
	Mutex mutex_;
	T value_;
};

}  // namespace ovsdp
