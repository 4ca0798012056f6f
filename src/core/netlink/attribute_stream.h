// SPDX-License-Identifier: GPL-2.0
// Walks a buffer of netlink attributes from userspace without trusting a
// single length: each attribute must fit its header and the bytes left, and
// the walk stops at the first one that does not. What is left over then
// (bytes that are no attribute, or the padding an unpadded last attribute
// lacks, counted negative as the kernel's walk counts it) is the caller's to
// refuse.
#pragma once

#include "runtime/types.h"

namespace ovsdp {

struct Attribute {
	u16 type;  // without NLA_F_NESTED and NLA_F_NET_BYTEORDER
	u16 length;  // of the payload
	const u8 *data;
};

class AttributeStream {
public:
	AttributeStream(const void *data, u32 length)
		: next_(static_cast<const u8 *>(data)), remaining_(static_cast<long>(length))
	{
	}

	// The next whole attribute, or false at the end of the whole ones.
	bool next(Attribute *out)
	{
		if (remaining_ < header_size)
			return false;
		u16 length = load_u16(next_);
		if (length < header_size || length > remaining_)
			return false;
		out->type = load_u16(next_ + 2) & type_mask;
		out->length = u16(length - header_size);
		out->data = next_ + header_size;
		long step = (length + 3) & ~3L;
		remaining_ -= step;
		if (remaining_ > 0)
			next_ += step;
		return true;
	}

	// After next() returned false: 0 if the buffer held whole attributes
	// only; else what the kernel's walk would have left (may be negative).
	long leftover() const { return remaining_; }

private:
	static constexpr long header_size = 4;
	static constexpr u16 type_mask = 0x3fff;  // ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)

	static u16 load_u16(const u8 *at)
	{
		u16 value;
		__builtin_memcpy(&value, at, sizeof(value));
		return value;
	}

	const u8 *next_;
	long remaining_;
};

}  // namespace ovsdp
