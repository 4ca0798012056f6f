// SPDX-License-Identifier: GPL-2.0
// Builds netlink attributes into a caller's buffer, as the kernel's nla_put
// family lays them out (4-byte headers, payloads padded to 4 bytes). A write
// that does not fit sets the writer's overflow flag and writes nothing, so a
// serializer runs to the end and the caller checks once.
#pragma once

#include "runtime/types.h"

namespace ovsdp {

class AttributeWriter {
public:
	AttributeWriter(void *buffer, u32 capacity) : buffer_(static_cast<u8 *>(buffer)), capacity_(capacity) {}

	void put(u16 type, const void *data, u32 length)
	{
		u32 total = header_size + length;
		u32 padded = (total + 3) & ~3u;
		if (overflow_ || length > 0xffff - header_size || padded > capacity_ - used_) {
			overflow_ = true;
			return;
		}
		u16 header[2] = {u16(total), type};
		__builtin_memcpy(buffer_ + used_, header, header_size);
		if (length)
			__builtin_memcpy(buffer_ + used_ + header_size, data, length);
		__builtin_memset(buffer_ + used_ + total, 0, padded - total);
		used_ += padded;
	}

	template <class T>
	void put_value(u16 type, const T &value) { put(type, &value, sizeof(value)); }
	void put_flag(u16 type) { put(type, nullptr, 0); }

	// Opens a nest; its length is filled in by end_nest(). Nests carry no
	// NLA_F_NESTED, as the in-tree module emits them.
	u32 begin_nest(u16 type)
	{
		u32 at = used_;
		put(type, nullptr, 0);
		return at;
	}
	void end_nest(u32 at)
	{
		if (overflow_)
			return;
		u32 length = used_ - at;
		if (length > 0xffff) {
			overflow_ = true;
			return;
		}
		u16 total = u16(length);
		__builtin_memcpy(buffer_ + at, &total, sizeof(total));
	}
	// Copies attributes that are already in wire form.
	void append(const void *attributes, u32 length)
	{
		if (overflow_ || length > capacity_ - used_) {
			overflow_ = true;
			return;
		}
		__builtin_memcpy(buffer_ + used_, attributes, length);
		used_ += length;
	}

	// Drops everything written since @at, overflow included: what was
	// written up to @at stands.
	void truncate(u32 at)
	{
		if (at <= used_) {
			used_ = at;
			overflow_ = false;
		}
	}

	bool overflow() const { return overflow_; }
	u32 length() const { return used_; }
	const u8 *data() const { return buffer_; }

private:
	static constexpr u32 header_size = 4;
	u8 *buffer_;
	u32 capacity_;
	u32 used_ = 0;
	bool overflow_ = false;
};

}  // namespace ovsdp
