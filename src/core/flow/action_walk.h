// SPDX-License-Identifier: GPL-2.0
// What the action codec's files share while they walk one request: the key
// the actions must be safe for, the state each action list tracks, and the
// canonical form being written. Internal to src/core/flow/action*.
#pragma once

#include "flow/flow_actions.h"
#include "netlink/attribute_stream.h"
#include "netlink/attribute_writer.h"

namespace ovsdp {

// The running state of one action list (section 6.1). In-tree hands the
// ethertype, TCI and label count down to nested lists but takes the MAC
// protocol from the key again at the start of every list.
struct ActionListState {
	be16 ethertype;
	be16 vlan_tci;
	u32 mpls_label_count;
	u8 mac_protocol;
};

struct ActionWalk {
	const FlowKey &key;
	const ActionContext &context;
	AttributeWriter &out;  // the canonical form; overflows only past 64 KiB nests
	// How many bytes the in-tree module would have stored so far (its
	// actions_len): its 64 KiB limit on nested lists counts those, not the
	// canonical form's. Each action adds its own.
	u32 stored = 0;

	bool uapi_6_12() const { return context.action_type_max >= 25; }
};

Status validate_set_action(ActionWalk &walk, const Attribute &action, bool masked, const ActionListState &state);
Status validate_ct_action(ActionWalk &walk, const Attribute &action);

// An attribute with @payload bytes, header and padding included.
constexpr u32 attribute_size(u32 payload) { return (4 + payload + 3) & ~3u; }

inline bool is_mpls(be16 ethertype)
{
	return ethertype == to_be16(ethertype::mpls_unicast) || ethertype == to_be16(ethertype::mpls_multicast);
}

}  // namespace ovsdp
