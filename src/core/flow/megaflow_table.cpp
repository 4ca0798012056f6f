// SPDX-License-Identifier: GPL-2.0
#include "flow/megaflow_table.h"

#include "flow/flow_hash.h"

namespace ovsdp {

MegaflowTable::MegaflowTable(const Mutex &writer_lock)
	: writer_lock_(writer_lock),
	  masks_(writer_lock),
	  by_key_(writer_lock, FlowIndexKind::by_masked_key),
	  by_ufid_(writer_lock, FlowIndexKind::by_ufid)
{
}

MegaflowTable::~MegaflowTable()
{
	// Every flow is in by_key_. Their masks go with the last flow holding
	// them, or with masks_ below.
	by_key_.for_each_unreachable([](Flow &flow) { delete &flow; });
}

Result<Flow *> MegaflowTable::insert(OwnPtr<Flow> owned, const MutexGuard &guard)
{
	// A flow made for another table would have its actions written under
	// that table's mutex.
	if (!check_writer(guard) || !OVSDP_CHECK(owned && !owned->in_table_) ||
	    !OVSDP_CHECK(&owned->table_lock_ == &writer_lock_) || !OVSDP_CHECK(!iterating_))
		return make_error(-EINVAL, "flow table misuse");
	Flow *flow = owned.get();

	// Everything that can fail comes first, and leaves the set of flows and
	// masks as it was (a growth or compaction only moves them).
	FlowMask *shared = masks_.find_equal(flow->mask_->key(), flow->mask_->range(), guard);
	if (!shared)
		OVSDP_TRY(masks_.make_room(guard));
	OVSDP_TRY(by_key_.make_room(guard));
	if (flow->has_ufid())
		OVSDP_TRY(by_ufid_.make_room(guard));

	if (shared)
		flow->mask_ = RefPtr<FlowMask>::try_get(shared);  // its own copy goes
	else
		masks_.add(flow->mask_, guard);
	flow->mask_->flows_in_table_++;
	const FlowMask &mask = *flow->mask_;
	flow->index_hash_[u8(FlowIndexKind::by_masked_key)] =
		flow_hash::masked_key_hash(flow->key_, mask.key(), mask.range());
	if (flow->has_ufid())
		flow->index_hash_[u8(FlowIndexKind::by_ufid)] = flow_hash::ufid_hash(flow->ufid_, flow->ufid_length_);
	flow->in_table_ = true;

	// Readers can find it from here on.
	by_key_.add(flow, guard);
	if (flow->has_ufid())
		by_ufid_.add(flow, guard);
	return owned.release();
}

void MegaflowTable::release_mask(Flow &flow, const MutexGuard &guard)
{
	FlowMask *mask = flow.mask_.get();
	if (--mask->flows_in_table_ == 0)
		masks_.remove(mask, guard);
}

RemovedFlow MegaflowTable::remove(Flow *flow, const MutexGuard &guard)
{
	if (!check_writer(guard) || !OVSDP_CHECK(flow && flow->in_table_))
		return RemovedFlow();
	if (!by_key_.remove(flow, guard))
		return RemovedFlow();  // another table's flow: reported, left alone
	if (flow->has_ufid())
		by_ufid_.remove(flow, guard);
	release_mask(*flow, guard);
	flow->in_table_ = false;
	return RemovedFlow(flow);
}

void MegaflowTable::flush(const MutexGuard &guard)
{
	if (!check_writer(guard) || !OVSDP_CHECK(!iterating_))
		return;
	// Readers that already hold an instance keep walking it; each flow and
	// the instances themselves are freed a grace period from now. A flow
	// queued here is not touched again, even if its grace period ends
	// before the walk does.
	FlowIndex::Detached by_ufid = by_ufid_.detach(guard);
	FlowIndex::Detached by_key = by_key_.detach(guard);
	by_key.for_each([&](Flow &flow) {
		release_mask(flow, guard);
		flow.in_table_ = false;
		delete_after_grace_period(&flow);
	});
}

Status MegaflowTable::rehash(u32 seed, const MutexGuard &guard)
{
	if (!check_writer(guard) || !OVSDP_CHECK(!iterating_))
		return make_error(-EINVAL, "flow table misuse");
	OVSDP_TRY(by_key_.rehash(seed, guard));
	return by_ufid_.rehash(seed, guard);
}

template <class Guard>
Flow *MegaflowTable::find_by_key(const FlowKey &key, const Guard &guard, u32 *masks_probed) const
{
	Flow *found = nullptr;
	u32 probed = 0;
	masks_.find_if(guard, [&](const FlowMask &mask) {
		probed++;
		const u32 hash = flow_hash::masked_key_hash(key, mask.key(), mask.range());
		found = by_key_.find(hash, guard, [&](const Flow &flow) {
			return flow.mask_.get() == &mask &&
			       flow_hash::masked_key_equals(flow.key_, key, mask.key(), mask.range());
		});
		return found != nullptr;
	});
	if (masks_probed)
		*masks_probed = probed;
	return found;
}

template <class Guard>
Flow *MegaflowTable::find_exact(const FlowKey &key, KeyRange key_range, const Guard &guard) const
{
	const KeyRange compared = exact_match_range(key, key_range);
	Flow *found = nullptr;
	masks_.find_if(guard, [&](const FlowMask &mask) {
		const u32 hash = flow_hash::masked_key_hash(key, mask.key(), mask.range());
		found = by_key_.find(hash, guard, [&](const Flow &flow) {
			return flow.mask_.get() == &mask && !flow.has_ufid() &&
			       flow_hash::masked_key_equals(flow.key_, key, mask.key(), mask.range()) &&
			       keys_equal(*flow.unmasked_key_, key, compared);
		});
		return found != nullptr;
	});
	return found;
}

template <class Guard>
Flow *MegaflowTable::find_ufid(const u8 *ufid, u32 length, const Guard &guard) const
{
	if (!ufid || length < 1 || length > flow_hash::ufid_max_length)
		return nullptr;
	return by_ufid_.find(flow_hash::ufid_hash(ufid, length), guard, [&](const Flow &flow) {
		return flow.ufid_length_ == length && __builtin_memcmp(flow.ufid_, ufid, length) == 0;
	});
}

Flow *MegaflowTable::lookup(const FlowKey &key, const RcuReadGuard &guard, u32 *masks_probed) const
{
	return find_by_key(key, guard, masks_probed);
}

Flow *MegaflowTable::lookup(const FlowKey &key, const MutexGuard &guard) const
{
	return find_by_key(key, guard, nullptr);
}

Flow *MegaflowTable::lookup_exact(const FlowKey &key, KeyRange key_range, const RcuReadGuard &guard) const
{
	return find_exact(key, key_range, guard);
}

Flow *MegaflowTable::lookup_exact(const FlowKey &key, KeyRange key_range, const MutexGuard &guard) const
{
	return find_exact(key, key_range, guard);
}

Flow *MegaflowTable::lookup_ufid(const u8 *ufid, u32 length, const RcuReadGuard &guard) const
{
	return find_ufid(ufid, length, guard);
}

Flow *MegaflowTable::lookup_ufid(const u8 *ufid, u32 length, const MutexGuard &guard) const
{
	return find_ufid(ufid, length, guard);
}

Flow *MegaflowTable::dump_next(DumpPosition &position, const RcuReadGuard &guard) const
{
	return by_key_.next(position, guard);
}

Flow *MegaflowTable::dump_next(DumpPosition &position, const MutexGuard &guard) const
{
	return by_key_.next(position, guard);
}

}  // namespace ovsdp
