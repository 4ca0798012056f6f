// SPDX-License-Identifier: GPL-2.0
// Intrusive reference counting over the kernel's refcount_t. An object's
// first reference exists only as the RefPtr that make_ref_counted() returns;
// further ones are copies of a RefPtr or a try_get() that refuses an object
// whose count already reached zero (one found under RCU while being freed).
// There are no raw get/put calls to pair up by hand.
#pragma once

#include <ovsdp/kernel_port.h>
#include "runtime/new.h"
#include "runtime/result.h"
#include "runtime/utility.h"

namespace ovsdp {

template <class T>
class RefPtr;

// Base of a reference-counted T. T may define `static void destroy(T *)` to
// change how the last reference frees it (for example after an RCU grace
// period); the default deletes it.
template <class T>
class RefCounted : Pinned {
public:
	unsigned int ref_count_for_testing() const { return ovsdp_kp_refcount_read(&refs_); }

	static void destroy(T *object) { delete object; }

protected:
	RefCounted() { ovsdp_kp_refcount_set(&refs_, 1); }
	~RefCounted() = default;

private:
	friend class RefPtr<T>;
	mutable ovsdp_kp_refcount refs_;
};

template <class T>
class RefPtr {
public:
	constexpr RefPtr() = default;
	RefPtr(const RefPtr &other) : object_(other.object_)
	{
		if (object_)
			ovsdp_kp_refcount_inc(&object_->refs_);
	}
	RefPtr(RefPtr &&other) : object_(exchange(other.object_, nullptr)) {}
	RefPtr &operator=(RefPtr other)
	{
		T *old = exchange(object_, exchange(other.object_, nullptr));
		other.object_ = old;
		return *this;
	}
	~RefPtr() { reset(); }

	// Takes ownership of the reference a freshly constructed object holds.
	static RefPtr adopt(T *object) { return RefPtr(object); }

	// A new reference to an object that may be concurrently losing its last
	// one (found under RCU): empty if the count already reached zero.
	static RefPtr try_get(T *object)
	{
		if (object && ovsdp_kp_refcount_inc_not_zero(&object->refs_))
			return RefPtr(object);
		return RefPtr();
	}

	// Gives up this RefPtr's reference without dropping it: the caller's raw
	// pointer now carries it, to be handed back later with adopt().
	[[nodiscard]] T *release() { return exchange(object_, nullptr); }

	void reset()
	{
		T *object = exchange(object_, nullptr);
		if (object && ovsdp_kp_refcount_dec_and_test(&object->refs_))
			T::destroy(object);
	}

	T *get() const { return object_; }
	T *operator->() const { return object_; }
	T &operator*() const { return *object_; }
	explicit operator bool() const { return object_ != nullptr; }

private:
	explicit RefPtr(T *object) : object_(object) {}
	T *object_ = nullptr;
};

template <class T, class... Args>
Result<RefPtr<T>> make_ref_counted(AllocContext context, Args &&...args)
{
	T *object = new (context) T(forward<Args>(args)...);
	if (!object)
		return make_error(-ENOMEM, "out of memory");
	return RefPtr<T>::adopt(object);
}

}  // namespace ovsdp
