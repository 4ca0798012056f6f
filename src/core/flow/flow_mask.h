// SPDX-License-Identifier: GPL-2.0
// Megaflow masks. A FlowMask is the wildcard pattern that every flow with
// identical mask bytes and range shares; MaskList is one table's masks in
// insertion order, which a packet lookup walks under RCU, one probe per mask.
#pragma once

#include "flow/flow_key.h"
#include "runtime/result.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"
#include "sync/ref_count.h"

namespace ovsdp {

// Immutable once created. Its reference count counts the flows that point
// at it (in a table or removed and awaiting their grace period) and the
// table's MaskList while it is listed: so a mask outlives every reader that
// found it, through the list or through a flow, with no grace period of its
// own (the last flow to let go is itself freed after one).
class FlowMask : public RefCounted<FlowMask> {
public:
	// Copies @mask; only the bytes in @range take part in matching.
	FlowMask(const FlowKey &mask, KeyRange range) : key_(mask), range_(range) {}

	const FlowKey &key() const { return key_; }
	KeyRange range() const { return range_; }

	bool equals(const FlowKey &mask, KeyRange range) const
	{
		return range.start == range_.start && range.end == range_.end && keys_equal(key_, mask, range);
	}

	// Flows of the table that use it; written and read under the table mutex.
	u32 flows_in_table_for_testing() const { return flows_in_table_; }

private:
	friend class MegaflowTable;

	FlowKey key_;
	KeyRange range_;
	u32 flows_in_table_ = 0;  // under the table mutex
};

// The masks, as an array published by RCU. A mask keeps its slot until the
// array is compacted (which happens only when it is full), and new masks go
// after the last used slot, so a walk sees masks in insertion order, and the
// per-CPU mask cache of the fast path can remember "this packet hash hit the
// mask in slot i" and try that slot first: after a compaction such an index
// is merely a wrong hint, which the lookup under that slot's mask (or an
// empty slot) exposes, as with the in-tree cache.
class MaskList : Pinned {
public:
	explicit MaskList(const Mutex &writer_lock) : array_(writer_lock) {}
	// Drops the list's references: only once no reader can reach the table.
	~MaskList();

	// Calls @visit(mask) on each mask in insertion order until it returns
	// true; returns that mask, or null. Under RCU or the table mutex.
	template <class Guard, class Visit>
	const FlowMask *find_if(const Guard &guard, Visit &&visit) const;

	u32 count(const MutexGuard &) const { return count_; }

	// The listed mask with these bytes and range, if any.
	FlowMask *find_equal(const FlowKey &mask, KeyRange range, const MutexGuard &guard) const;

	// Makes room so that the next add() cannot fail: compacts the array, or
	// publishes a larger one.
	Status make_room(const MutexGuard &guard);
	// Appends; make_room() must have succeeded since the last add().
	void add(RefPtr<FlowMask> mask, const MutexGuard &guard);
	// Unlists it. Readers may still be looking at it: the flow whose
	// removal made it unused keeps it alive past their grace period.
	void remove(FlowMask *mask, const MutexGuard &guard);

private:
	// Written under the table mutex before it is published (slots and used
	// also after), read under RCU.
	struct Array {
		~Array() { ovsdp_kp_free(slots); }

		RcuDeferred rcu_deferred;
		u32 capacity = 0;
		u32 used = 0;  // slots in use, including holes; atomic
		FlowMask **slots = nullptr;  // null: a hole left by a removal; atomic
	};

	static constexpr u32 minimum_capacity = 16;

	static Array *create_array(u32 capacity);

	RcuPtr<Array> array_;  // written under the table mutex, read under RCU
	u32 count_ = 0;        // listed masks; under the table mutex
};

template <class Guard, class Visit>
const FlowMask *MaskList::find_if(const Guard &guard, Visit &&visit) const
{
	const Array *array = array_.get(guard);
	if (!array)
		return nullptr;
	u32 used = __atomic_load_n(&array->used, __ATOMIC_ACQUIRE);
	for (u32 i = 0; i < used; i++) {
		const FlowMask *mask = __atomic_load_n(&array->slots[i], __ATOMIC_ACQUIRE);
		if (mask && visit(*mask))
			return mask;
	}
	return nullptr;
}

}  // namespace ovsdp
