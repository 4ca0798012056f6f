// SPDX-License-Identifier: GPL-2.0
#include "flow/flow.h"

namespace ovsdp {

Result<OwnPtr<Flow>> Flow::create(AllocContext context, const Mutex &table_lock,
				  const FlowDefinition &definition, FlowActions *actions,
				  FlowActionsDeleter free_actions)
{
	const bool valid = flow_hash::range_is_whole_words(definition.mask_range) &&
			   (definition.ufid ? definition.ufid_length >= 1 &&
						      definition.ufid_length <= flow_hash::ufid_max_length
					    : definition.key_range.start <= definition.key_range.end &&
						      definition.key_range.end <= flow_key_size);
	if (!OVSDP_CHECK(valid)) {
		if (actions)
			free_actions(actions);
		return make_error(-EINVAL, "invalid flow definition");
	}

	OwnPtr<Flow> flow(new (context) Flow(table_lock, actions, free_actions));
	if (!flow) {
		if (actions)
			free_actions(actions);
		return make_error(-ENOMEM, "out of memory");
	}
	// From here on the flow's destructor frees the actions.

	flow->mask_ = OVSDP_TRY(make_ref_counted<FlowMask>(context, definition.mask, definition.mask_range));
	apply_mask(definition.key, definition.mask, definition.mask_range, &flow->key_);
	if (definition.ufid) {
		flow->ufid_length_ = u8(definition.ufid_length);
		__builtin_memcpy(flow->ufid_, definition.ufid, definition.ufid_length);
	} else {
		flow->unmasked_key_ = OVSDP_TRY(make_owned<FlowKey>(context, definition.key));
		flow->unmasked_key_range_ = definition.key_range;
	}
	return flow;
}

Flow::~Flow()
{
	if (FlowActions *actions = actions_.get_unreachable())
		free_actions_(actions);
}

KeyRange exact_match_range(const FlowKey &key, KeyRange key_range)
{
	constexpr u16 metadata_start = __builtin_offsetof(FlowKey, priority) & ~(sizeof(long) - 1);
	u16 start = key.tunnel_protocol ? 0 : metadata_start;
	return KeyRange{start, key_range.end > start ? key_range.end : start};
}

bool Flow::matches_request(const FlowKey &key, KeyRange key_range) const
{
	if (has_ufid())
		return keys_equal(key_, key, key_range);
	return keys_equal(*unmasked_key_, key, exact_match_range(key, key_range));
}

void Flow::record_packet(u32 length, u16 tcp_flags, u64 now)
{
	__atomic_add_fetch(&packets_, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&bytes_, length, __ATOMIC_RELAXED);
	__atomic_store_n(&used_, now, __ATOMIC_RELAXED);
	if (tcp_flags)
		__atomic_or_fetch(&tcp_flags_, tcp_flags, __ATOMIC_RELAXED);
}

FlowStats Flow::stats() const
{
	return FlowStats{
		__atomic_load_n(&packets_, __ATOMIC_RELAXED),
		__atomic_load_n(&bytes_, __ATOMIC_RELAXED),
		__atomic_load_n(&used_, __ATOMIC_RELAXED),
		__atomic_load_n(&tcp_flags_, __ATOMIC_RELAXED),
	};
}

void Flow::clear_stats()
{
	__atomic_store_n(&packets_, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&bytes_, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&used_, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&tcp_flags_, 0, __ATOMIC_RELAXED);
}

}  // namespace ovsdp
