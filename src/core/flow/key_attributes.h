// SPDX-License-Identifier: GPL-2.0
// The first pass over a flow key or mask (OVS_FLOW_ATTR_KEY, _MASK, and each
// ENCAP within them): every OVS_KEY_ATTR_* by type, with the in-tree checks
// in its order: type in range, type supported, no duplicate, payload length
// as the UAPI defines it, no bytes left over. Later passes consume the
// attributes in a fixed order; what stays unconsumed is refused then.
// A refused pass leaves the table as it was.
#pragma once

#include <linux/openvswitch.h>

#include "netlink/attribute_stream.h"
#include "runtime/assert.h"
#include "runtime/result.h"

namespace ovsdp {

enum class KeyPass {
	key,
	// All-zero attributes of a mask wildcard everything they cover: they are
	// not recorded (and so never duplicates).
	mask,
};

class KeyAttributes {
public:
	static constexpr u32 max_type = OVS_KEY_ATTR_MAX;
	static_assert(max_type < 64, "the present set is a u64");

	Status collect(const void *data, u32 length, KeyPass pass);

	bool has(u32 type) const { return type <= max_type && (present_ >> type) & 1; }
	const Attribute &get(u32 type) const
	{
		OVSDP_CHECK(type <= max_type);
		return attributes_[type <= max_type ? type : 0];
	}
	// Marks @type as handled: it no longer counts as present, so an ENCAP
	// collected next may carry it again (the in-tree rule for the ethertype).
	void consume(u32 type)
	{
		if (OVSDP_CHECK(type <= max_type))
			present_ &= ~(u64(1) << type);
	}
	// The types still present: a key with any of these left is refused.
	u64 unconsumed() const { return present_; }
	void set_present(u64 present) { present_ = present; }

	// Starts the mask's pass over the same table: nothing is present, but
	// the key's attributes stay readable where the mask has none (the
	// in-tree parser shares one table, and its VLAN mask rules read it).
	void begin_mask_pass() { present_ = 0; }

private:
	Attribute attributes_[max_type + 1] = {};
	u64 present_ = 0;
};

// The payload length OVS_KEY_ATTR_@type must have, or one of these.
inline constexpr int key_length_nested = -1;
inline constexpr int key_length_variable = -2;
inline constexpr int key_length_unsupported = -3;
int key_attribute_length(u32 type);

}  // namespace ovsdp
