// SPDX-License-Identifier: GPL-2.0
// One datapath's flow classifier (in-tree flow_table.c): its distinct masks,
// and its flows indexed by masked key and by UFID. Lookups run under RCU
// with no lock; every change is made under the owning flow table's mutex,
// whose guard each writer passes as proof.
#pragma once

#include "flow/flow.h"
#include "flow/flow_index.h"
#include "flow/flow_mask.h"
#include "runtime/own_ptr.h"
#include "runtime/result.h"
#include "sync/mutex.h"
#include "sync/rcu.h"

namespace ovsdp {

class MegaflowTable : Pinned {
public:
	// @writer_lock is the mutex every writer holds (the flow table's): its
	// guard is checked against it, and lockdep checks the pointers read
	// under it.
	explicit MegaflowTable(const Mutex &writer_lock);
	// Frees every flow and mask at once, in whatever context it runs (an
	// RCU callback, typically): only once no reader can reach the table.
	// Flush first if the table may be large, so the frees happen in
	// process context, a grace period apart from readers.
	~MegaflowTable();

	// --- Writers: the table mutex held; @guard is its guard. None of them
	// sleeps in anything but allocation.

	// Adds the flow, sharing an existing mask with identical bytes and
	// range or listing its own, and grows the indexes as needed. On success
	// the table owns the flow (remove() or flush() hands it back or frees
	// it); on failure (-ENOMEM) the flow is freed. The table does not look
	// for a flow with the same key or UFID first: the caller does, as
	// in-tree.
	Result<Flow *> insert(OwnPtr<Flow> flow, const MutexGuard &guard);
	// Unlinks the flow (and its mask, if no other flow uses it). Readers
	// that found it may go on using it; it is freed a grace period after the
	// returned handle is dropped.
	RemovedFlow remove(Flow *flow, const MutexGuard &guard);
	// Removes every flow; each is freed after a grace period. Cannot fail.
	void flush(const MutexGuard &guard);
	// Rebuilds both indexes under a new seed, at the size the flow count
	// calls for (which also drops the tombstones of removed flows). The
	// in-tree table does this every ten minutes with a random seed.
	Status rehash(u32 seed, const MutexGuard &guard);
	// Calls @visit(Flow &) on every flow. @visit may remove() flows, but
	// must not insert, flush or rehash.
	template <class Visit>
	void for_each_flow(const MutexGuard &guard, Visit &&visit);

	u32 flow_count(const MutexGuard &guard) const { return by_key_.size(guard); }
	u32 mask_count(const MutexGuard &guard) const { return masks_.count(guard); }
	// Slots in the masked-key index.
	u32 capacity_for_testing(const MutexGuard &guard) const { return by_key_.capacity(guard); }

	// --- Readers: under RCU (the packet path, dumps) or the table mutex
	// (flow commands). A reader racing a writer may miss a flow being
	// inserted, and a reader still on an index a growth or rehash replaced
	// misses the flows inserted since; it never misses a flow that was
	// there all along, and never sees freed memory.

	// Packet-style: the first flow, in the order masks were added, whose
	// masked key equals @key under its mask. @masks_probed (if given)
	// receives the number of masks tried, for the datapath's megaflow stats.
	Flow *lookup(const FlowKey &key, const RcuReadGuard &guard, u32 *masks_probed = nullptr) const;
	Flow *lookup(const FlowKey &key, const MutexGuard &guard) const;
	// By request key (in-tree ovs_flow_tbl_lookup_exact): among the flows
	// installed without a UFID, the one that @key, with @key_range written,
	// names (Flow::matches_request). Every mask is tried.
	Flow *lookup_exact(const FlowKey &key, KeyRange key_range, const RcuReadGuard &guard) const;
	Flow *lookup_exact(const FlowKey &key, KeyRange key_range, const MutexGuard &guard) const;
	// @length outside 1..16 finds nothing.
	Flow *lookup_ufid(const u8 *ufid, u32 length, const RcuReadGuard &guard) const;
	Flow *lookup_ufid(const u8 *ufid, u32 length, const MutexGuard &guard) const;
	// The next flow of a dump that resumes at @position (zero to start);
	// null at the end. Resumable across read sections (netlink chunks).
	Flow *dump_next(DumpPosition &position, const RcuReadGuard &guard) const;
	Flow *dump_next(DumpPosition &position, const MutexGuard &guard) const;

private:
	bool check_writer(const MutexGuard &guard) const { return OVSDP_CHECK(&guard.mutex() == &writer_lock_); }
	void release_mask(Flow &flow, const MutexGuard &guard);

	template <class Guard>
	Flow *find_by_key(const FlowKey &key, const Guard &guard, u32 *masks_probed) const;
	template <class Guard>
	Flow *find_exact(const FlowKey &key, KeyRange key_range, const Guard &guard) const;
	template <class Guard>
	Flow *find_ufid(const u8 *ufid, u32 length, const Guard &guard) const;

	const Mutex &writer_lock_;
	MaskList masks_;
	FlowIndex by_key_;   // every flow
	FlowIndex by_ufid_;  // flows that have a UFID
	bool iterating_ = false;  // inside for_each_flow(); under the table mutex
};

template <class Visit>
void MegaflowTable::for_each_flow(const MutexGuard &guard, Visit &&visit)
{
	if (!check_writer(guard))
		return;
	iterating_ = true;
	by_key_.for_each(guard, [&](Flow &flow) { visit(flow); });
	iterating_ = false;
}

}  // namespace ovsdp
