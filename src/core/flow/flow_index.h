// SPDX-License-Identifier: GPL-2.0
// One hash index of a megaflow table's flows (by masked key, or by UFID):
// open addressing over RCU-published instances, so that lookups need no
// lock while the table mutex's holder inserts, removes, grows or rehashes.
//
// Why it is sound without per-flow links. A slot holds a flow pointer (plus
// six hash bits in the pointer's alignment), a tombstone or nothing. Writers
// change the current instance in place only by storing a whole slot, and
// readers load whole slots: every pointer a reader sees is a flow that lives
// until a grace period after its removal. A growth or rehash fills a new
// instance off to the side, publishes it, and never writes to the old one
// again; the old one is freed after a grace period. So a reader walks one
// consistent instance from start to end, and two rehashes in a row share no
// state (the in-tree scheme, which rethreads per-flow links, must reuse the
// first instance's links for the third). A reader on a replaced instance
// misses only flows inserted after the switch. In place, a flow is never
// separated from its home slot by an empty one (a slot becomes empty only if
// the next one is), so lookups never miss a flow that stays put.
#pragma once

#include "flow/flow.h"
#include "flow/flow_hash.h"
#include "runtime/result.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"

namespace ovsdp {

// Where a dump stopped: a page-sized segment of slots and a slot in it (the
// shape of in-tree's bucket and index in bucket, resumable across netlink
// chunks). A growth or rehash between chunks may skip or repeat flows, as
// in-tree.
struct DumpPosition {
	u32 segment = 0;
	u32 slot = 0;
};

class FlowIndex : Pinned {
	struct Instance;

public:
	FlowIndex(const Mutex &writer_lock, FlowIndexKind kind) : instance_(writer_lock), kind_(kind) {}
	// Frees the instance, not the flows: only once no reader can reach it.
	~FlowIndex();

	// The first flow with @hash for which @match(flow) holds. Under RCU or
	// the table mutex.
	template <class Guard, class Match>
	Flow *find(u32 hash, const Guard &guard, Match &&match) const;

	// The next flow at or after @position, which it advances past that flow.
	template <class Guard>
	Flow *next(DumpPosition &position, const Guard &guard) const;

	// Writers: the table mutex held.

	u32 size(const MutexGuard &) const { return count_; }
	u32 capacity(const MutexGuard &guard) const;

	// Makes room so that the next add() cannot fail, growing (or, after many
	// removals, rebuilding) the instance. -ENOMEM only if there is no room
	// left at all.
	Status make_room(const MutexGuard &guard);
	// The flow's index_hash(kind) is set.
	void add(Flow *flow, const MutexGuard &guard);
	// False (and a WARN) if the flow is not in the index.
	bool remove(Flow *flow, const MutexGuard &guard);
	// Rebuilds at the capacity the current count calls for, under @seed.
	Status rehash(u32 seed, const MutexGuard &guard);

	// Calls @visit(Flow &) on every flow; @visit may remove flows (a
	// removal only rewrites slots in place) but nothing else.
	template <class Visit>
	void for_each(const MutexGuard &guard, Visit &&visit) const;
	// For the owner's destructor, once nothing can reach the index.
	template <class Visit>
	void for_each_unreachable(Visit &&visit) const
	{
		if (const Instance *instance = instance_.get_unreachable())
			instance->for_each(visit);
	}

	// Empties the index and returns the former instance, whose flows the
	// caller disposes of (Instance::for_each) before retiring it.
	class Detached;
	Detached detach(const MutexGuard &guard);

private:
	static constexpr u32 segment_shift = 9;  // 512 slots of 8 bytes: a page
	static constexpr u32 minimum_capacity = 64;
	static constexpr u32 maximum_capacity = 1u << 26;
	static constexpr uintptr_t slot_empty = 0;
	static constexpr uintptr_t slot_tombstone = 1;  // no pointer, tag bits nonzero
	static constexpr uintptr_t tag_mask = 63;
	static_assert(alignof(Flow) > tag_mask);

	static uintptr_t tag_of(u32 hash) { return hash >> 26; }
	static Flow *flow_of(uintptr_t slot) { return reinterpret_cast<Flow *>(slot & ~tag_mask); }

	// Written under the table mutex before it is published; slots also
	// after, and only while it is the published instance. Read under RCU.
	struct Instance {
		static Instance *create(u32 capacity, u32 seed);
		~Instance();

		u32 segment_size() const { return capacity < (1u << segment_shift) ? capacity : 1u << segment_shift; }
		u32 segment_count() const { return capacity / segment_size(); }
		uintptr_t *at(u32 i) const { return &segments[i >> segment_shift][i & ((1u << segment_shift) - 1)]; }
		uintptr_t load(u32 i) const { return __atomic_load_n(at(i), __ATOMIC_ACQUIRE); }
		void store(u32 i, uintptr_t value) { __atomic_store_n(at(i), value, __ATOMIC_RELEASE); }

		template <class Visit>
		void for_each(Visit &&visit) const
		{
			for (u32 i = 0; i < capacity; i++)
				if (Flow *flow = flow_of(load(i)))
					visit(*flow);
		}

		RcuDeferred rcu_deferred;
		u32 capacity = 0;  // a power of two
		u32 seed = 0;
		uintptr_t **segments = nullptr;  // capacity / segment_size() arrays of slots
	};

public:
	// A detached instance: iterate it, then drop it to free it after a
	// grace period.
	class Detached {
	public:
		explicit Detached(Instance *instance) : instance_(instance) {}
		Detached(Detached &&other) : instance_(exchange(other.instance_, nullptr)) {}
		Detached(const Detached &) = delete;
		Detached &operator=(const Detached &) = delete;
		~Detached()
		{
			if (instance_)
				delete_after_grace_period(instance_);
		}

		template <class Visit>
		void for_each(Visit &&visit) const
		{
			if (instance_)
				instance_->for_each(visit);
		}

	private:
		Instance *instance_;
	};

private:
	static u32 capacity_for(u32 count);
	// Fills a fresh instance from the current one, publishes it and retires
	// the old one.
	Status rebuild(u32 capacity, u32 seed, const MutexGuard &guard);
	// Stores @flow in the first free slot of its probe sequence; true if
	// that slot held a tombstone.
	bool place(Instance *instance, Flow *flow);

	RcuPtr<Instance> instance_;  // written under the table mutex, read under RCU; null: empty
	const FlowIndexKind kind_;
	u32 count_ = 0;       // flows; under the table mutex
	u32 tombstones_ = 0;  // in the current instance; under the table mutex
	u32 seed_ = 0;        // for the next instance; under the table mutex
};

template <class Guard, class Match>
Flow *FlowIndex::find(u32 hash, const Guard &guard, Match &&match) const
{
	const Instance *instance = instance_.get(guard);
	if (!instance)
		return nullptr;
	const uintptr_t tag = tag_of(hash);
	u32 i = flow_hash::home_slot(hash, instance->seed, instance->capacity);
	// An empty slot ends the probe; the bound only guards a broken table.
	for (u32 probes = 0; probes < instance->capacity; probes++, i = (i + 1) & (instance->capacity - 1)) {
		uintptr_t slot = instance->load(i);
		if (slot == slot_empty)
			return nullptr;
		if ((slot & tag_mask) != tag)
			continue;
		Flow *flow = flow_of(slot);
		if (flow && flow->index_hash(kind_) == hash && match(*flow))
			return flow;
	}
	return nullptr;
}

template <class Guard>
Flow *FlowIndex::next(DumpPosition &position, const Guard &guard) const
{
	const Instance *instance = instance_.get(guard);
	if (!instance)
		return nullptr;
	const u32 segment_size = instance->segment_size();
	while (position.segment < instance->segment_count()) {
		while (position.slot < segment_size) {
			u32 i = position.segment * segment_size + position.slot++;
			if (Flow *flow = flow_of(instance->load(i)))
				return flow;
		}
		position.segment++;
		position.slot = 0;
	}
	return nullptr;
}

template <class Visit>
void FlowIndex::for_each(const MutexGuard &guard, Visit &&visit) const
{
	if (const Instance *instance = instance_.get(guard))
		instance->for_each(visit);
}

}  // namespace ovsdp
