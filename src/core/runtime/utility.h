// SPDX-License-Identifier: GPL-2.0
// The few pieces of <utility> and <type_traits> the core needs; the hosted
// standard library is not available inside the kernel.
#pragma once

namespace ovsdp {

template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T &> { using type = T; };
template <class T> struct remove_reference<T &&> { using type = T; };
template <class T> using remove_reference_t = typename remove_reference<T>::type;

template <class T> struct is_lvalue_reference { static constexpr bool value = false; };
template <class T> struct is_lvalue_reference<T &> { static constexpr bool value = true; };

template <class T> struct is_void { static constexpr bool value = false; };
template <> struct is_void<void> { static constexpr bool value = true; };

template <class T>
constexpr remove_reference_t<T> &&move(T &&value) noexcept
{
	return static_cast<remove_reference_t<T> &&>(value);
}

template <class T>
constexpr T &&forward(remove_reference_t<T> &value) noexcept
{
	return static_cast<T &&>(value);
}

template <class T>
constexpr T &&forward(remove_reference_t<T> &&value) noexcept
{
	static_assert(!is_lvalue_reference<T>::value, "forwarding an rvalue as an lvalue");
	return static_cast<T &&>(value);
}

template <class T, class U = T>
constexpr T exchange(T &target, U &&replacement) noexcept
{
	T old = move(target);
	target = forward<U>(replacement);
	return old;
}

// Base for types whose identity matters (locks, guards, kernel objects).
class Pinned {
public:
	Pinned(const Pinned &) = delete;
	Pinned &operator=(const Pinned &) = delete;

protected:
	constexpr Pinned() = default;
	~Pinned() = default;
};

}  // namespace ovsdp
