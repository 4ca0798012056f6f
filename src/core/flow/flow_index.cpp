// SPDX-License-Identifier: GPL-2.0
#include "flow/flow_index.h"

namespace ovsdp {

// Segments are at most a page, so no allocation here ever needs more than
// kmalloc gives readily; only the directory of segments grows past a page,
// at 512 Ki slots (some 250,000 flows).
FlowIndex::Instance *FlowIndex::Instance::create(u32 capacity, u32 seed)
{
	Instance *instance = new (may_sleep) Instance;
	if (!instance)
		return nullptr;
	instance->capacity = capacity;
	instance->seed = seed;
	const u32 count = instance->segment_count();
	instance->segments = static_cast<uintptr_t **>(
		ovsdp_kp_alloc(size_t(count) * sizeof(uintptr_t *), alignof(uintptr_t *), OVSDP_ALLOC_MAY_SLEEP));
	if (!instance->segments) {
		delete instance;
		return nullptr;
	}
	for (u32 s = 0; s < count; s++) {
		// Zeroed: every slot starts empty.
		instance->segments[s] = static_cast<uintptr_t *>(ovsdp_kp_alloc(
			size_t(instance->segment_size()) * sizeof(uintptr_t), alignof(uintptr_t), OVSDP_ALLOC_MAY_SLEEP));
		if (!instance->segments[s]) {
			delete instance;
			return nullptr;
		}
	}
	return instance;
}

FlowIndex::Instance::~Instance()
{
	if (!segments)
		return;
	for (u32 s = 0; s < segment_count(); s++)
		ovsdp_kp_free(segments[s]);
	ovsdp_kp_free(segments);
}

FlowIndex::~FlowIndex()
{
	delete instance_.get_unreachable();
}

u32 FlowIndex::capacity(const MutexGuard &guard) const
{
	const Instance *instance = instance_.get(guard);
	return instance ? instance->capacity : 0;
}

// Room for four times @count: an index grows when half full (tombstones
// included), so after a rebuild it takes as many insertions again before
// the next. Linear probing stays short below half load, and a miss (the
// common case of a packet lookup, once per mask that does not match) ends
// at the first empty slot.
u32 FlowIndex::capacity_for(u32 count)
{
	u32 capacity = minimum_capacity;
	while (capacity < maximum_capacity && capacity / 4 < count)
		capacity *= 2;
	return capacity;
}

Status FlowIndex::make_room(const MutexGuard &guard)
{
	Instance *instance = instance_.get(guard);
	if (instance && 2 * (count_ + tombstones_ + 1) <= instance->capacity)
		return success();
	Status rebuilt = rebuild(capacity_for(count_ + 1), seed_, guard);
	if (rebuilt.ok())
		return rebuilt;
	// Denser than we like, but a new flow still leaves an empty slot to end
	// every probe.
	instance = instance_.get(guard);
	if (instance && count_ + tombstones_ + 2 <= instance->capacity)
		return success();
	return rebuilt;
}

Status FlowIndex::rehash(u32 seed, const MutexGuard &guard)
{
	seed_ = seed;
	if (!instance_.get(guard))
		return success();
	return rebuild(capacity_for(count_), seed, guard);
}

Status FlowIndex::rebuild(u32 capacity, u32 seed, const MutexGuard &guard)
{
	if (count_ + 1 > capacity / 2)
		return make_error(-ENOMEM, "flow table full");
	Instance *fresh = Instance::create(capacity, seed);
	if (!fresh)
		return make_error(-ENOMEM, "out of memory");
	Instance *old = instance_.get(guard);
	if (old)
		old->for_each([&](Flow &flow) { (void)place(fresh, &flow); });
	// The slots are filled before the release that publishes the instance.
	instance_.exchange(fresh, guard);
	tombstones_ = 0;
	if (old)
		delete_after_grace_period(old);
	return success();
}

bool FlowIndex::place(Instance *instance, Flow *flow)
{
	const u32 hash = flow->index_hash(kind_);
	const uintptr_t value = reinterpret_cast<uintptr_t>(flow) | tag_of(hash);
	u32 i = flow_hash::home_slot(hash, instance->seed, instance->capacity);
	for (u32 probes = 0; probes < instance->capacity; probes++, i = (i + 1) & (instance->capacity - 1)) {
		uintptr_t slot = instance->load(i);
		if (slot == slot_empty || slot == slot_tombstone) {
			// The flow was written before this release.
			instance->store(i, value);
			return slot == slot_tombstone;
		}
	}
	OVSDP_CHECK(!"flow index has no free slot");
	return false;
}

void FlowIndex::add(Flow *flow, const MutexGuard &guard)
{
	Instance *instance = instance_.get(guard);
	if (!OVSDP_CHECK(instance && count_ + tombstones_ + 2 <= instance->capacity))
		return;
	if (place(instance, flow))
		tombstones_--;
	count_++;
}

bool FlowIndex::remove(Flow *flow, const MutexGuard &guard)
{
	Instance *instance = instance_.get(guard);
	if (!OVSDP_CHECK(instance))
		return false;
	const u32 last = instance->capacity - 1;
	u32 i = flow_hash::home_slot(flow->index_hash(kind_), instance->seed, instance->capacity);
	for (u32 probes = 0; probes < instance->capacity; probes++, i = (i + 1) & last) {
		uintptr_t slot = instance->load(i);
		if (slot == slot_empty)
			break;
		if (flow_of(slot) != flow)
			continue;
		count_--;
		if (instance->load((i + 1) & last) != slot_empty) {
			instance->store(i, slot_tombstone);
			tombstones_++;
			return true;
		}
		// The probe sequences through this slot all end at the next one
		// anyway: empty it, and the tombstones just before it.
		instance->store(i, slot_empty);
		for (u32 j = (i - 1) & last; instance->load(j) == slot_tombstone; j = (j - 1) & last) {
			instance->store(j, slot_empty);
			tombstones_--;
		}
		return true;
	}
	OVSDP_CHECK(!"removing a flow that is not in the index");
	return false;
}

FlowIndex::Detached FlowIndex::detach(const MutexGuard &guard)
{
	Instance *old = instance_.exchange(nullptr, guard);
	count_ = 0;
	tombstones_ = 0;
	return Detached(old);
}

}  // namespace ovsdp
