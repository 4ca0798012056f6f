// SPDX-License-Identifier: GPL-2.0
#include "flow/flow_key.h"

namespace ovsdp {

KeyRange mask_range(const FlowKey &mask)
{
	const u8 *bytes = key_bytes(mask);
	size_t start = 0, end = flow_key_size;
	while (start < end && !bytes[start])
		start++;
	while (end > start && !bytes[end - 1])
		end--;
	if (start == end)
		return KeyRange{};
	start &= ~(sizeof(long) - 1);
	end = (end + sizeof(long) - 1) & ~(sizeof(long) - 1);
	return KeyRange{u16(start), u16(end)};
}

void apply_mask(const FlowKey &key, const FlowKey &mask, KeyRange range, FlowKey *out)
{
	__builtin_memset(out, 0, sizeof(*out));
	const u8 *k = key_bytes(key), *m = key_bytes(mask);
	u8 *o = key_bytes(*out);
	for (size_t i = range.start; i < range.end; i++)
		o[i] = k[i] & m[i];
}

bool keys_equal(const FlowKey &a, const FlowKey &b, KeyRange range)
{
	return __builtin_memcmp(key_bytes(a) + range.start, key_bytes(b) + range.start, range.size()) == 0;
}

u32 key_hash(const FlowKey &key, KeyRange range)
{
	// FNV-1a over 32-bit words, finished with a mixer: flows differ in
	// few bits (a port, an address), so every input bit must reach the
	// bucket index.
	const u8 *bytes = key_bytes(key) + range.start;
	u32 hash = 2166136261u;
	for (size_t i = 0; i < range.size(); i += 4) {
		u32 word;
		__builtin_memcpy(&word, bytes + i, sizeof(word));
		hash = (hash ^ word) * 16777619u;
	}
	hash ^= hash >> 16;
	hash *= 0x85ebca6bu;
	hash ^= hash >> 13;
	hash *= 0xc2b2ae35u;
	hash ^= hash >> 16;
	return hash;
}

}  // namespace ovsdp
