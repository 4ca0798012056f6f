// SPDX-License-Identifier: GPL-2.0
// Writes fields of a FlowKey while recording the byte range written, rounded
// out to longs, as the in-tree parser does: a key's written range is what a
// lookup by key compares, so zero values a request set still count.
#pragma once

#include "flow/flow_key.h"

namespace ovsdp {

class KeyWriter {
public:
	KeyWriter(FlowKey &key, KeyRange &range) : key_(key), range_(range) {}

	template <class T>
	void put(T &field, T value)
	{
		note(&field, sizeof(T));
		field = value;
	}
	void copy(void *field, const void *from, size_t length)
	{
		note(field, length);
		__builtin_memcpy(field, from, length);
	}
	void fill(void *field, u8 byte, size_t length)
	{
		note(field, length);
		__builtin_memset(field, byte, length);
	}

	FlowKey &key() { return key_; }

private:
	void note(const void *field, size_t length)
	{
		size_t offset = static_cast<const u8 *>(field) - key_bytes(key_);
		u16 start = u16(offset & ~(sizeof(long) - 1));
		u16 end = u16((offset + length + sizeof(long) - 1) & ~(sizeof(long) - 1));
		if (range_.start == range_.end) {
			range_ = KeyRange{start, end};
			return;
		}
		if (start < range_.start)
			range_.start = start;
		if (end > range_.end)
			range_.end = end;
	}

	FlowKey &key_;
	KeyRange &range_;
};

// Reads a UAPI struct or integer out of an attribute whose length the caller
// checked: attribute payloads are only 4-byte aligned.
template <class T>
T load(const u8 *data)
{
	T value;
	__builtin_memcpy(&value, data, sizeof(value));
	return value;
}

}  // namespace ovsdp
