// SPDX-License-Identifier: GPL-2.0
// How the megaflow table hashes and compares what it indexes flows by: a
// packet key under a mask (without building the masked key, which would cost
// a FlowKey on the stack per mask), and a UFID.
#pragma once

#include "flow/flow_key.h"

namespace ovsdp::flow_hash {

inline u64 rotate_left(u64 value, int bits) { return (value << bits) | (value >> (64 - bits)); }

// One 64-bit word into the accumulator: multiply-rotate-multiply, so that a
// flip of any input bit (a port, an address byte) reaches every output bit.
inline u64 step(u64 accumulator, u64 word)
{
	accumulator += word * 0xc2b2ae3d27d4eb4fULL;
	accumulator = rotate_left(accumulator, 31);
	return accumulator * 0x9e3779b185ebca87ULL;
}

// The murmur3 finaliser, folded to 32 bits.
inline u32 finish(u64 accumulator)
{
	accumulator ^= accumulator >> 33;
	accumulator *= 0xff51afd7ed558ccdULL;
	accumulator ^= accumulator >> 33;
	accumulator *= 0xc4ceb9fe1a85ec53ULL;
	accumulator ^= accumulator >> 33;
	return u32(accumulator);
}

inline u64 load_word(const u8 *bytes)
{
	u64 word;
	__builtin_memcpy(&word, bytes, sizeof(word));
	return word;
}

// Ranges the table works on are whole words (mask_range() and the key codec
// round them out to longs; Flow::create refuses others).
inline bool range_is_whole_words(KeyRange range)
{
	return range.start % sizeof(u64) == 0 && range.end % sizeof(u64) == 0 && range.start <= range.end &&
	       range.end <= flow_key_size;
}

// The hash of (@key & @mask) over @range. A flow's masked key hashes the same
// through this with its own mask, since masking twice changes nothing.
inline u32 masked_key_hash(const FlowKey &key, const FlowKey &mask, KeyRange range)
{
	const u8 *k = key_bytes(key), *m = key_bytes(mask);
	u64 accumulator = range.size();
	for (u32 i = range.start; i < range.end; i += sizeof(u64))
		accumulator = step(accumulator, load_word(k + i) & load_word(m + i));
	return finish(accumulator);
}

// Whether @masked (a flow's masked key) equals (@key & @mask) over @range.
inline bool masked_key_equals(const FlowKey &masked, const FlowKey &key, const FlowKey &mask, KeyRange range)
{
	const u8 *f = key_bytes(masked), *k = key_bytes(key), *m = key_bytes(mask);
	u64 difference = 0;
	for (u32 i = range.start; i < range.end; i += sizeof(u64))
		difference |= load_word(f + i) ^ (load_word(k + i) & load_word(m + i));
	return difference == 0;
}

inline constexpr u32 ufid_max_length = 16;

// @length is 1..16 (the caller checks).
inline u32 ufid_hash(const u8 *ufid, u32 length)
{
	u8 padded[ufid_max_length] = {};
	__builtin_memcpy(padded, ufid, length);
	u64 accumulator = step(length, load_word(padded));
	return finish(step(accumulator, load_word(padded + 8)));
}

// Where a hash starts probing in a table of 2^n slots, under the instance's
// seed: changing the seed (a rehash) moves every flow, which is the in-tree
// answer to someone who learned which keys collide.
inline u32 home_slot(u32 hash, u32 seed, u32 capacity)
{
	u32 value = hash ^ seed;
	value ^= value >> 16;
	value *= 0x85ebca6bu;
	value ^= value >> 13;
	value *= 0xc2b2ae35u;
	value ^= value >> 16;
	return value & (capacity - 1);
}

}  // namespace ovsdp::flow_hash
