// SPDX-License-Identifier: GPL-2.0
// Errors as values. A fallible function returns Result<T> (or Status): either
// a value or an Error carrying a negative errno and, where a netlink request
// is being answered, the extack text for it. Both are [[nodiscard]].
#pragma once

#include <linux/errno.h>
#include "runtime/assert.h"
#include "runtime/new.h"
#include "runtime/utility.h"

namespace ovsdp {

struct Error {
	int code;             // negative errno
	const char *message;  // extack text with static storage, or nullptr
};

constexpr Error make_error(int negative_errno, const char *message = nullptr)
{
	return Error{negative_errno, message};
}

template <class T>
class [[nodiscard]] Result {
public:
	Result(const T &value) : ok_(true) { new (&value_) T(value); }
	Result(T &&value) : ok_(true) { new (&value_) T(move(value)); }
	Result(Error error) : error_(error), ok_(false)
	{
		if (!OVSDP_CHECK(error.code < 0))
			error_.code = -EINVAL;
	}

	Result(Result &&other) : ok_(other.ok_)
	{
		if (ok_)
			new (&value_) T(move(other.value_));
		else
			error_ = other.error_;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	Result &operator=(Result &&other)
	{
		if (this != &other) {
			this->~Result();
			new (this) Result(move(other));
		}
		return *this;
	}

	~Result()
	{
		if (ok_)
			value_.~T();
	}

	bool ok() const { return ok_; }
	explicit operator bool() const { return ok_; }

	const Error &error() const
	{
		OVSDP_CHECK(!ok_);
		return error_;
	}

	T &value() &
	{
		OVSDP_CHECK(ok_);
		return value_;
	}

	// Moves the value out; the Result must be ok.
	T take()
	{
		OVSDP_CHECK(ok_);
		return move(value_);
	}

private:
	union {
		T value_;
		Error error_;
	};
	bool ok_;
};

template <>
class [[nodiscard]] Result<void> {
public:
	constexpr Result() : error_{0, nullptr} {}
	Result(Error error) : error_(error)
	{
		if (!OVSDP_CHECK(error.code < 0))
			error_.code = -EINVAL;
	}

	bool ok() const { return error_.code == 0; }
	explicit operator bool() const { return ok(); }

	const Error &error() const
	{
		OVSDP_CHECK(!ok());
		return error_;
	}

	void take() const { OVSDP_CHECK(ok()); }

private:
	Error error_;
};

using Status = Result<void>;

constexpr Status success() { return Status(); }

}  // namespace ovsdp

// Evaluates a Result; on error returns that error from the enclosing function,
// otherwise yields the value (or nothing, for a Status).
#define OVSDP_TRY(expression)                            \
	({                                               \
		auto ovsdp_try_result_ = (expression);   \
		if (!ovsdp_try_result_.ok())             \
			return ovsdp_try_result_.error(); \
		ovsdp_try_result_.take();                \
	})
