// SPDX-License-Identifier: GPL-2.0
// Sole ownership of a heap object (what unique_ptr is to the hosted library),
// and make_owned(), which turns allocation failure into an error value.
#pragma once

#include "runtime/new.h"
#include "runtime/result.h"
#include "runtime/utility.h"

namespace ovsdp {

// Sole ownership of a heap object, released with delete.
template <class T>
class OwnPtr {
public:
	constexpr OwnPtr() = default;
	explicit OwnPtr(T *object) : object_(object) {}
	OwnPtr(OwnPtr &&other) : object_(exchange(other.object_, nullptr)) {}
	OwnPtr &operator=(OwnPtr &&other)
	{
		OwnPtr doomed(move(*this));
		object_ = exchange(other.object_, nullptr);
		return *this;
	}
	OwnPtr(const OwnPtr &) = delete;
	OwnPtr &operator=(const OwnPtr &) = delete;
	~OwnPtr() { delete object_; }

	// Gives up ownership without freeing.
	T *release() { return exchange(object_, nullptr); }

	T *get() const { return object_; }
	T *operator->() const { return object_; }
	T &operator*() const { return *object_; }
	explicit operator bool() const { return object_ != nullptr; }

private:
	T *object_ = nullptr;
};

template <class T, class... Args>
Result<OwnPtr<T>> make_owned(AllocContext context, Args &&...args)
{
	T *object = new (context) T(forward<Args>(args)...);
	if (!object)
		return make_error(-ENOMEM, "out of memory");
	return OwnPtr<T>(object);
}

}  // namespace ovsdp
