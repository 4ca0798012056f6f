// SPDX-License-Identifier: GPL-2.0
// The flow key codec: OVS_FLOW_ATTR_KEY and _MASK into a FlowMatch, with the
// in-tree module's key, mask and prerequisite rules (Documentation/
// flow-netlink-behaviour.rst, sections 1-5), and a key or mask back into its
// canonical attributes. Everything it reads is untrusted.
#pragma once

#include <linux/openvswitch.h>

#include "flow/flow_key.h"
#include "netlink/attribute_writer.h"
#include "runtime/result.h"

namespace ovsdp {

// How a request is being parsed. In-tree messages go to the kernel log (never
// extack); a request with OVS_FLOW_ATTR_PROBE silences them.
struct CodecContext {
	bool log = true;
};

// Logs "openvswitch: netlink: @message" unless the request is a probe.
void codec_log(const CodecContext &context, const char *message);

struct FlowMatch {
	FlowKey key;  // as the request gave it
	FlowKey mask;
	// The bytes of key the request wrote (what an exact lookup by key
	// compares), and the bytes mask covers.
	KeyRange key_range;
	KeyRange mask_range;
};

// NEW and SET: the key, then the mask (exact, synthesised from the key,
// when @mask is null), then the prerequisites.
Status parse_match(const void *key, u32 key_length, const void *mask, u32 mask_length,
		   const CodecContext &context, FlowMatch *out);

// GET and DEL: the key and its prerequisites, no mask (out->mask and
// out->mask_range stay zero).
Status parse_key(const void *key, u32 key_length, const CodecContext &context, FlowMatch *out);

// Writes the contents of a KEY (@is_mask false) or MASK nest: which
// attributes appear is decided by @shape (the masked key), their values come
// from @values (the key to dump, or the mask). In-tree order (section 5).
void put_key(const FlowKey &shape, const FlowKey &values, bool is_mask, AttributeWriter &writer);

// A tunnel as set(tunnel) carries it: parsed with the key rules (section
// 2.4), dumped in the set-action form (section 5.3).
struct TunnelInfo {
	TunnelKey key;
	u8 protocol;  // tunnel_protocol_*
	bool bridge_mode;  // OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE
	u8 options_length;
	u8 options[tunnel_options_max];  // left-aligned
};
Status parse_set_tunnel(const void *data, u32 length, const CodecContext &context, TunnelInfo *out);
void put_set_tunnel(const TunnelInfo &tunnel, AttributeWriter &writer);

}  // namespace ovsdp
