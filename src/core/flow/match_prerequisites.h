// SPDX-License-Identifier: GPL-2.0
// Which key attributes a parsed key must carry for its ethertype and IP
// protocol, and which mask attributes its mask may carry (Documentation/
// flow-netlink-behaviour.rst 3.4 and 4).
#pragma once

#include "flow/key_codec.h"

namespace ovsdp {

// @key_attributes: the key's attributes after VLAN processing;
// @mask_attributes: the mask's recorded ones (0 without a mask).
Status check_prerequisites(const FlowKey &key, const FlowKey *mask, u64 key_attributes, u64 mask_attributes,
			   const CodecContext &context);

}  // namespace ovsdp
