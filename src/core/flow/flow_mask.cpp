// SPDX-License-Identifier: GPL-2.0
#include "flow/flow_mask.h"

namespace ovsdp {

MaskList::Array *MaskList::create_array(u32 capacity)
{
	Array *array = new (may_sleep) Array;
	if (!array)
		return nullptr;
	// A few hundred masks at most in practice (the in-tree array has no
	// limit either); the slots stay far below a page until then.
	array->slots = static_cast<FlowMask **>(
		ovsdp_kp_alloc(size_t(capacity) * sizeof(FlowMask *), alignof(FlowMask *), OVSDP_ALLOC_MAY_SLEEP));
	if (!array->slots) {
		delete array;
		return nullptr;
	}
	array->capacity = capacity;
	return array;
}

MaskList::~MaskList()
{
	Array *array = array_.get_unreachable();
	if (!array)
		return;
	for (u32 i = 0; i < array->used; i++)
		RefPtr<FlowMask>::adopt(array->slots[i]);  // null adopts to an empty RefPtr
	delete array;
}

FlowMask *MaskList::find_equal(const FlowKey &mask, KeyRange range, const MutexGuard &guard) const
{
	const FlowMask *found = find_if(guard, [&](const FlowMask &listed) { return listed.equals(mask, range); });
	// The list holds masks it may hand back for sharing; constness is only
	// the readers' view.
	return const_cast<FlowMask *>(found);
}

Status MaskList::make_room(const MutexGuard &guard)
{
	Array *current = array_.get(guard);
	if (current && current->used < current->capacity)
		return success();

	// Compact into a fresh array (readers keep walking the old one until
	// their grace period ends), doubling only if compaction frees too little.
	u32 capacity = minimum_capacity;
	while (capacity < 2 * (count_ + 1)) {
		if (capacity > (1u << 30))
			return make_error(-ENOMEM, "too many flow masks");
		capacity *= 2;
	}
	Array *fresh = create_array(capacity);
	if (!fresh)
		return make_error(-ENOMEM, "out of memory");
	if (current) {
		for (u32 i = 0; i < current->used; i++)
			if (current->slots[i])
				fresh->slots[fresh->used++] = current->slots[i];
	}
	array_.exchange(fresh, guard);
	if (current)
		delete_after_grace_period(current);
	return success();
}

void MaskList::add(RefPtr<FlowMask> mask, const MutexGuard &guard)
{
	Array *array = array_.get(guard);
	if (!OVSDP_CHECK(array && array->used < array->capacity))
		return;
	// The slot first, then the count that lets readers reach it.
	__atomic_store_n(&array->slots[array->used], mask.release(), __ATOMIC_RELEASE);
	__atomic_store_n(&array->used, array->used + 1, __ATOMIC_RELEASE);
	count_++;
}

void MaskList::remove(FlowMask *mask, const MutexGuard &guard)
{
	Array *array = array_.get(guard);
	if (!OVSDP_CHECK(array))
		return;
	u32 i = 0;
	while (i < array->used && array->slots[i] != mask)
		i++;
	if (!OVSDP_CHECK(i < array->used))
		return;
	__atomic_store_n(&array->slots[i], nullptr, __ATOMIC_RELEASE);
	count_--;
	// Trailing holes go back to the free end, so that adding and removing a
	// mask over and over does not march towards a compaction.
	u32 used = array->used;
	while (used > 0 && !array->slots[used - 1])
		used--;
	__atomic_store_n(&array->used, used, __ATOMIC_RELEASE);
	// The list's own reference; the flow being removed still holds one.
	RefPtr<FlowMask>::adopt(mask);
}

}  // namespace ovsdp
