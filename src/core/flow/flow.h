// SPDX-License-Identifier: GPL-2.0
// A megaflow: its masked key, its identifier (a UFID, or the unmasked key it
// was installed with), its shared mask, its actions (published by RCU) and
// its statistics. Flows are found under RCU, so one is freed only after a
// grace period (RcuDeferred, through MegaflowTable or RemovedFlow).
#pragma once

#include "flow/flow_hash.h"
#include "flow/flow_key.h"
#include "flow/flow_mask.h"
#include "runtime/own_ptr.h"
#include "runtime/result.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"
#include "sync/ref_count.h"

namespace ovsdp {

// A flow's actions: defined with the action codec. A flow only stores and
// publishes a pointer to them, and frees the last ones through the deleter it
// was created with.
class FlowActions;
using FlowActionsDeleter = void (*)(FlowActions *actions);

// What a flow install request supplies (the parsed match, and the UFID if
// the request had one); create() copies what the flow keeps.
struct FlowDefinition {
	const FlowKey &key;   // unmasked, as the request gave it
	KeyRange key_range;   // the bytes of key the request wrote
	const FlowKey &mask;
	KeyRange mask_range;  // the bytes of mask the request wrote
	const u8 *ufid = nullptr;  // 1..16 bytes; null: the flow is identified by key
	u32 ufid_length = 0;
};

struct FlowStats {
	u64 packets;
	u64 bytes;
	u64 used;  // the caller's clock (jiffies) at the last packet; 0: never used
	u16 tcp_flags;  // OR of the TCP flags seen, as the key carries them
};

// The two hash indexes a table keeps; a flow stores its hash for each.
enum class FlowIndexKind : u8 {
	by_masked_key = 0,
	by_ufid = 1,
};

// In-tree sw_flow. Aligned to 64 so that table slots can keep six hash bits
// beside the pointer (see FlowIndex); the allocator rounds a flow up to
// 1 KiB anyway.
class alignas(64) Flow : Pinned {
public:
	// A flow not yet in any table. @table_lock is the mutex of the table it
	// will join (its actions are written under it). It owns @actions from
	// here on, even when creation fails, and frees them with @free_actions.
	// -EINVAL (and a WARN: the codec prevents both) for a mask range that is
	// not whole longs inside a key, or a UFID length outside 1..16; -ENOMEM.
	static Result<OwnPtr<Flow>> create(AllocContext context, const Mutex &table_lock,
					   const FlowDefinition &definition, FlowActions *actions,
					   FlowActionsDeleter free_actions);

	// Frees the actions it holds and lets go of its mask. Only once no
	// reader can find it: directly if it never joined a table, otherwise
	// after a grace period.
	~Flow();

	// The key with the mask applied over the mask's range (zero elsewhere).
	const FlowKey &key() const { return key_; }
	// While the flow is not in a table, its own copy of the mask; once
	// inserted, the table's shared mask with identical bytes and range.
	const FlowMask &mask() const { return *mask_; }

	bool has_ufid() const { return ufid_length_ != 0; }
	const u8 *ufid() const { return ufid_; }
	u32 ufid_length() const { return ufid_length_; }

	// Key-identified flows only (null otherwise): the key as installed, and
	// the bytes of it that request wrote.
	const FlowKey *unmasked_key() const { return unmasked_key_.get(); }
	KeyRange unmasked_key_range() const { return unmasked_key_range_; }

	// Whether a request whose key is @key, with @key_range written, names
	// this flow (in-tree ovs_flow_cmp): a UFID flow if its masked key
	// equals @key over @key_range, a key-identified flow if its unmasked key
	// equals @key over exact_match_range(@key, @key_range).
	bool matches_request(const FlowKey &key, KeyRange key_range) const;

	// The actions, under RCU (the packet path) or the table mutex.
	FlowActions *actions(const RcuReadGuard &guard) const { return actions_.get(guard); }
	FlowActions *actions(const MutexGuard &guard) const { return actions_.get(guard); }
	// Publishes @actions and returns the old ones, which readers may still
	// be using: the caller frees them after a grace period (the flow no
	// longer owns them). Under the table mutex.
	[[nodiscard]] FlowActions *replace_actions(FlowActions *actions, const MutexGuard &guard)
	{
		return actions_.exchange(actions, guard);
	}

	// Called by the packet path, under RCU, concurrently: each counter is a
	// plain atomic for now. The fast path will make them per CPU (in-tree
	// keeps per-CPU stats it allocates on first use), since every CPU
	// forwarding a flow's packets bounces this cache line.
	void record_packet(u32 length, u16 tcp_flags, u64 now);
	// Each counter read atomically; the set is not a snapshot.
	FlowStats stats() const;
	// OVS_FLOW_ATTR_CLEAR. Any context.
	void clear_stats();

	// The hash a table indexes the flow by; set when it is inserted.
	u32 index_hash(FlowIndexKind kind) const { return index_hash_[static_cast<u8>(kind)]; }

	RcuDeferred rcu_deferred;

private:
	friend class MegaflowTable;
	friend class RemovedFlow;

	Flow(const Mutex &table_lock, FlowActions *actions, FlowActionsDeleter free_actions)
		: table_lock_(table_lock), actions_(table_lock, actions), free_actions_(free_actions)
	{
	}

	FlowActions *actions_unreachable() const { return actions_.get_unreachable(); }

	// All written before the flow is published in a table, then immutable
	// for as long as it can be found.
	FlowKey key_;
	RefPtr<FlowMask> mask_;  // swapped for the shared one only before publication
	OwnPtr<FlowKey> unmasked_key_;
	KeyRange unmasked_key_range_;
	u8 ufid_length_ = 0;
	u8 ufid_[flow_hash::ufid_max_length] = {};
	u32 index_hash_[2] = {};
	bool in_table_ = false;  // under the table mutex
	const Mutex &table_lock_;  // of the only table it may join

	RcuPtr<FlowActions> actions_;  // written under the table mutex, read under RCU
	FlowActionsDeleter free_actions_;

	// Atomics, written by the packet path under RCU.
	u64 packets_ = 0;
	u64 bytes_ = 0;
	u64 used_ = 0;
	u16 tcp_flags_ = 0;
};

// The bytes an exact (by key) lookup compares, as in-tree: from the start
// of the key if the request has a tunnel, else from the metadata that
// follows the tunnel, whatever the request wrote first; to the end of what
// it wrote. Stored keys therefore also match on the unwritten, zero, bytes
// in between.
KeyRange exact_match_range(const FlowKey &key, KeyRange key_range);

// A flow just removed from its table: lookups no longer find it, but
// readers that found it earlier may still be using it. Holding this, the
// caller may go on reading it, mask included, with no lock (to build the DEL
// reply and notification, say); dropping it frees the flow after a grace
// period. Move-only.
class [[nodiscard]] RemovedFlow {
public:
	RemovedFlow() = default;
	RemovedFlow(RemovedFlow &&other) : flow_(exchange(other.flow_, nullptr)) {}
	RemovedFlow &operator=(RemovedFlow &&other)
	{
		RemovedFlow doomed(move(*this));
		flow_ = exchange(other.flow_, nullptr);
		return *this;
	}
	RemovedFlow(const RemovedFlow &) = delete;
	RemovedFlow &operator=(const RemovedFlow &) = delete;
	~RemovedFlow()
	{
		if (flow_)
			delete_after_grace_period(flow_);
	}

	const Flow *get() const { return flow_; }
	const Flow *operator->() const { return flow_; }
	const Flow &operator*() const { return *flow_; }
	explicit operator bool() const { return flow_ != nullptr; }

	// No writer can reach a removed flow, so its actions are fixed now.
	FlowActions *actions() const { return flow_ ? flow_->actions_unreachable() : nullptr; }

private:
	friend class MegaflowTable;
	explicit RemovedFlow(Flow *flow) : flow_(flow) {}

	Flow *flow_ = nullptr;
};

}  // namespace ovsdp
