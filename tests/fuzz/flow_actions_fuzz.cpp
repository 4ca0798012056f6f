// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: flow action validation on arbitrary action lists, each
// against a few masked keys under 6.1's and 6.12's rules. Beyond the
// sanitizers' checks: what is accepted is stored in a form that is
// well-formed, no more than three times the input, and that validates
// again to the same bytes against the same key (6.12's PSAMPLE flag put
// back, which dumps drop); small inputs never hit the 64 KiB nest limit.
#include "flow/flow_actions.h"
#include "netlink/attribute_stream.h"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using namespace ovsdp;

constexpr u16 action_psample = 25;

int helper(void *, const char *name, u16, u8, bool nat)
{
	if (std::strcmp(name, "ftp"))
		return -EINVAL;
	return nat ? -ENOENT : 0;
}

int timeout(void *, const char *name, u16, u8) { return std::strcmp(name, "policy") ? -ENOENT : 0; }

FlowKey make_key(int which)
{
	FlowKey key{};
	key.mac_protocol = mac_protocol_ethernet;
	switch (which) {
	case 0:
		key.eth.type = to_be16(ethertype::ipv4);
		key.ip.protocol = 6;
		break;
	case 1:
		key.eth.type = to_be16(ethertype::ipv6);
		key.eth.vlan.tci = to_be16(0x1001);
		key.ip.protocol = 17;
		key.ip.fragment = fragment_first;
		break;
	case 2:
		key.mac_protocol = mac_protocol_none;
		key.eth.type = to_be16(ethertype::mpls_unicast);
		key.mpls.label_presence = 3;
		break;
	case 3:
		key.mac_protocol = mac_protocol_none;
		key.eth.type = to_be16(ethertype::nsh);
		key.nsh.next_protocol = 3;
		break;
	default:
		key.eth.type = to_be16(ethertype::arp);
		break;
	}
	return key;
}
constexpr int key_count = 5;

// Every attribute lies inside its list, and the containers hold what the
// stored form promises; puts back PSAMPLE's NLA_F_NESTED on the way.
void walk(u8 *data, u32 length)
{
	AttributeStream stream(data, length);
	Attribute action;
	while (stream.next(&action)) {
		if (action.data < data || action.data + action.length > data + length)
			abort();
		u8 *payload = const_cast<u8 *>(action.data);
		u16 lists = 0;
		switch (action.type) {
		case action_psample:
			payload[-1] |= 0x80;
			continue;
		case OVS_ACTION_ATTR_CLONE:
			walk(payload, action.length);
			continue;
		case OVS_ACTION_ATTR_SAMPLE:
			lists = 1 << OVS_SAMPLE_ATTR_ACTIONS;
			break;
		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			lists = 1 << OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER |
				1 << OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL;
			break;
		case OVS_ACTION_ATTR_DEC_TTL:
			lists = 1 << OVS_DEC_TTL_ATTR_ACTION;
			break;
		default:
			continue;
		}
		// In the stored form these are exactly {PROBABILITY, ACTIONS},
		// {PKT_LEN, IF_LESS_EQUAL, IF_GREATER} and {ACTION}.
		static const u16 sample_order[] = {OVS_SAMPLE_ATTR_PROBABILITY, OVS_SAMPLE_ATTR_ACTIONS};
		static const u16 check_order[] = {OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
						  OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL,
						  OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER};
		static const u16 dec_ttl_order[] = {OVS_DEC_TTL_ATTR_ACTION};
		const u16 *order = action.type == OVS_ACTION_ATTR_SAMPLE ? sample_order
				 : action.type == OVS_ACTION_ATTR_CHECK_PKT_LEN ? check_order
										 : dec_ttl_order;
		size_t expected = action.type == OVS_ACTION_ATTR_SAMPLE ? 2 : action.type == OVS_ACTION_ATTR_DEC_TTL ? 1 : 3;
		AttributeStream members(payload, action.length);
		Attribute member;
		size_t seen = 0;
		while (members.next(&member)) {
			if (seen >= expected || member.type != order[seen++])
				abort();
			if (lists >> member.type & 1)
				walk(const_cast<u8 *>(member.data), member.length);
		}
		if (seen != expected || members.leftover())
			abort();
	}
	if (stream.leftover())
		abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0xffff)
		return 0;
	for (u32 uapi : {23u, 25u}) {
		ActionContext context;
		context.codec.log = false;
		context.action_type_max = uapi;
		context.ct_helper = helper;
		context.ct_timeout = timeout;
		for (int which = 0; which < key_count; which++) {
			FlowKey key = make_key(which);
			Result<OwnPtr<FlowActions>> result = validate_actions(data, u32(size), key, context);
			if (!result.ok()) {
				// In-tree stores at most 41 bytes per input byte, and
				// the canonical form at most 3: a small list cannot
				// reach 64 KiB either way.
				if (result.error().code == -EMSGSIZE && size < 1500)
					abort();
				continue;
			}
			OwnPtr<FlowActions> stored = result.take();
			if (stored->request_length() != size || stored->length() > 3 * size + 16)
				abort();
			std::vector<u8> again(stored->data(), stored->data() + stored->length());
			walk(again.data(), u32(again.size()));
			Result<OwnPtr<FlowActions>> second = validate_actions(again.data(), u32(again.size()), key, context);
			if (!second.ok())
				abort();
			OwnPtr<FlowActions> restored = second.take();
			if (restored->length() != stored->length() ||
			    std::memcmp(restored->data(), stored->data(), stored->length()))
				abort();
		}
	}
	return 0;
}
