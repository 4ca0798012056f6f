// SPDX-License-Identifier: GPL-2.0
// The OVS_KEY_ATTR_TUNNEL nest (OVS_TUNNEL_KEY_ATTR_*) of keys, masks and
// set(tunnel) actions: parse into a FlowKey's tunnel fields and write back.
#pragma once

#include "flow/key_codec.h"
#include "flow/key_writer.h"

namespace ovsdp {

enum class TunnelUse {
	key,
	mask,
	set_action,  // the key rules, and INFO_BRIDGE is remembered
};

struct TunnelParsed {
	u16 options_type;  // OVS_TUNNEL_KEY_ATTR_*_OPTS, or 0 for none
	bool bridge_mode;
};

// Parses the nest into @out's tunnel, tunnel protocol and options. For a
// mask, @key is the already parsed key (GENEVE's length is compared with it).
Result<TunnelParsed> parse_tunnel(const u8 *data, u32 length, TunnelUse use, const FlowKey &key,
				  const CodecContext &context, KeyWriter &out);

// Writes the nest's contents: @tunnel and @options as found in the key or
// mask being dumped, @protocol and @options_length from the key that decides
// the shape, and in @bridge_mode only ID and INFO_BRIDGE (set actions).
void put_tunnel(const TunnelKey &tunnel, const u8 *options, u8 options_length, u8 protocol,
		bool bridge_mode, AttributeWriter &writer);

}  // namespace ovsdp
