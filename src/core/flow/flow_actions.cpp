// SPDX-License-Identifier: GPL-2.0
// The action list walk (sections 6.1, 6.3 and 6.5): each action's rules in
// in-tree order, the running state, nested lists with their depth and size
// limits, and the canonical form kept as FlowActions. Errors carry no extack
// text: the in-tree OVS code never sets one.
#include "flow/flow_actions.h"

#include "flow/action_log.h"
#include "flow/action_walk.h"
#include "flow/key_writer.h"

namespace ovsdp {
namespace {

// Numbered as in 6.12's UAPI; 6.1's header has no names for them.
constexpr u16 action_drop = 24;
constexpr u16 action_psample = 25;
constexpr u16 psample_group = 1;
constexpr u16 psample_cookie = 2;
constexpr u16 psample_type_max = 2;
constexpr u32 psample_cookie_max = 16;
constexpr u32 hash_symmetric_l4 = 1;
#ifdef OVS_PSAMPLE_COOKIE_MAX_SIZE  // 6.12's header: check the numbers above
static_assert(action_drop == OVS_ACTION_ATTR_DROP && action_psample == OVS_ACTION_ATTR_PSAMPLE);
static_assert(psample_group == OVS_PSAMPLE_ATTR_GROUP && psample_cookie == OVS_PSAMPLE_ATTR_COOKIE);
static_assert(psample_type_max == OVS_PSAMPLE_ATTR_MAX && psample_cookie_max == OVS_PSAMPLE_COOKIE_MAX_SIZE);
static_assert(hash_symmetric_l4 == OVS_HASH_ALG_SYM_L4);
#endif
static_assert(OVS_ACTION_ATTR_MAX == 23 || OVS_ACTION_ATTR_MAX == 25, "a UAPI this codec does not know");

constexpr u32 max_depth = 16;          // OVS_COPY_ACTIONS_MAX_DEPTH
constexpr u32 max_nest_size = 0xffff;  // an attribute's u16 length
constexpr u32 max_ports = 65535;       // DP_MAX_PORTS
constexpr u32 ethernet_header_size = 14;
constexpr u16 nla_f_nested = 0x8000;
constexpr u32 nsh_context_headers_max = 248;  // NSH_CTX_HDRS_MAX_LEN

// What in-tree stores ahead of a nested list: sample_arg (8 bytes), the
// clone's exec flag (u32), check_pkt_len_arg (4 bytes).
constexpr u32 stored_sample_head = 4 + attribute_size(8);
constexpr u32 stored_clone_head = 4 + attribute_size(sizeof(u32));
constexpr u32 stored_check_pkt_len_head = 4 + attribute_size(4);

constexpr int length_variable = -1;

// The payload length each action must have, or length_variable.
int action_length(u16 type)
{
	switch (type) {
	case OVS_ACTION_ATTR_OUTPUT: return sizeof(u32);
	case OVS_ACTION_ATTR_PUSH_VLAN: return sizeof(ovs_action_push_vlan);
	case OVS_ACTION_ATTR_POP_VLAN: return 0;
	case OVS_ACTION_ATTR_RECIRC: return sizeof(u32);
	case OVS_ACTION_ATTR_HASH: return sizeof(ovs_action_hash);
	case OVS_ACTION_ATTR_PUSH_MPLS: return sizeof(ovs_action_push_mpls);
	case OVS_ACTION_ATTR_POP_MPLS: return sizeof(be16);
	case OVS_ACTION_ATTR_TRUNC: return sizeof(ovs_action_trunc);
	case OVS_ACTION_ATTR_PUSH_ETH: return sizeof(ovs_action_push_eth);
	case OVS_ACTION_ATTR_POP_ETH: return 0;
	case OVS_ACTION_ATTR_CT_CLEAR: return 0;
	case OVS_ACTION_ATTR_POP_NSH: return 0;
	case OVS_ACTION_ATTR_METER: return sizeof(u32);
	case OVS_ACTION_ATTR_ADD_MPLS: return sizeof(ovs_action_add_mpls);
	case action_drop: return sizeof(u32);
	case OVS_ACTION_ATTR_USERSPACE:
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
	case OVS_ACTION_ATTR_SAMPLE:
	case OVS_ACTION_ATTR_CT:
	case OVS_ACTION_ATTR_PUSH_NSH:
	case OVS_ACTION_ATTR_CLONE:
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
	case OVS_ACTION_ATTR_DEC_TTL:
	case action_psample:
		return length_variable;
	default:
		return 0;  // UNSPEC: refused by its rule whatever its length
	}
}

// The raw type field, flag bits included, of an attribute an
// AttributeStream returned: its header sits just before its payload.
u16 raw_type(const Attribute &attribute) { return load<u16>(attribute.data - 2); }

// A nested list starts empty or with a whole attribute header.
bool nested_list_length_ok(u32 length) { return length == 0 || length >= 4; }

// In-tree TUN_P_* numbers, the NSH next-protocol values.
enum : u8 {
	nsh_next_ipv4 = 1,
	nsh_next_ipv6 = 2,
	nsh_next_ethernet = 3,
	nsh_next_nsh = 4,
	nsh_next_mpls = 5,
};

bool ethertype_has_nsh_next_protocol(be16 ethertype)
{
	return ethertype == to_be16(ethertype::ipv4) || ethertype == to_be16(ethertype::ipv6) ||
	       ethertype == to_be16(ethertype::nsh) || ethertype == to_be16(ethertype::teb) ||
	       ethertype == to_be16(ethertype::mpls_unicast);
}

// The packets a label may be pushed onto: those whose header order is known.
bool mpls_push_allowed(const ActionListState &state)
{
	if (state.vlan_tci & vlan_tag_present)
		return false;
	be16 type = state.ethertype;
	return type == to_be16(ethertype::ipv4) || type == to_be16(ethertype::ipv6) ||
	       type == to_be16(ethertype::arp) || type == to_be16(ethertype::rarp) || is_mpls(type);
}

Status validate_list(ActionWalk &walk, const u8 *data, u32 length, ActionListState state, u32 depth);

// The walk recurses through validate_list(), a container's handler and
// nested_list() up to 16 times: those return a Status (two registers) and
// keep few locals, and every other function with locals of its own stays
// out of line, so that only small frames repeat (about 260 bytes a level
// in the 6.12 build).

// Writes a nested list as the contents of a nest of @type.
Status nested_list(ActionWalk &walk, u16 type, const Attribute &list, const ActionListState &state, u32 depth)
{
	u32 nest = walk.out.begin_nest(type);
	Status status = validate_list(walk, list.data, list.length, state, depth + 1);
	walk.out.end_nest(nest);
	return status;
}

// In-tree refuses a nest it stored (from @start on) that an attribute's
// u16 length cannot describe.
Status check_stored_nest(const ActionWalk &walk, u32 start)
{
	if (walk.stored - start > max_nest_size)
		return make_error(-EMSGSIZE);
	return success();
}

// OVS_USERSPACE_ATTR_*, parsed as leniently as in-tree: unknown types are
// skipped, the last duplicate wins, trailing bytes are ignored.
[[gnu::noinline]] Status validate_userspace(const Attribute &action)
{
	AttributeStream stream(action.data, action.length);
	Attribute member, pid{};
	bool have_pid = false;
	while (stream.next(&member)) {
		switch (member.type) {
		case OVS_USERSPACE_ATTR_PID:
		case OVS_USERSPACE_ATTR_EGRESS_TUN_PORT:
			if (member.length < sizeof(u32))
				return make_error(-ERANGE);
			if (member.type == OVS_USERSPACE_ATTR_PID) {
				pid = member;
				have_pid = true;
			}
			break;
		default:
			break;
		}
	}
	if (!have_pid || !load<u32>(pid.data))
		return make_error(-EINVAL);
	return success();
}

// The NSH header push_nsh would build: one OVS_KEY_ATTR_NSH filling the
// payload exactly, with BASE and MD1 or MD2 whose type matches. Three of
// its messages are logged even for probes, as in-tree.
[[gnu::noinline]] bool push_nsh_valid(const ActionWalk &walk, const Attribute &action)
{
	const CodecContext &log = walk.context.codec;
	AttributeStream outer(action.data, action.length);
	Attribute nsh;
	if (!outer.next(&nsh) || attribute_size(nsh.length) != action.length || nsh.type != OVS_KEY_ATTR_NSH)
		return false;

	bool have_base = false, have_md1 = false, have_md2 = false;
	u8 md_type = 0;
	AttributeStream stream(nsh.data, nsh.length);
	Attribute member;
	while (stream.next(&member)) {
		if (member.type > OVS_NSH_KEY_ATTR_MAX) {
			action_log(log, "nsh attr %d is out of range max %d", member.type, OVS_NSH_KEY_ATTR_MAX);
			return false;
		}
		int expected = member.type == OVS_NSH_KEY_ATTR_BASE ? int(sizeof(ovs_nsh_key_base))
			     : member.type == OVS_NSH_KEY_ATTR_MD1  ? int(sizeof(ovs_nsh_key_md1))
			     : member.type == OVS_NSH_KEY_ATTR_MD2  ? length_variable
								    : 0;
		if (expected != length_variable && member.length != expected) {
			action_log(log, "nsh attr %d has unexpected len %d expected %d", member.type, member.length,
				   expected);
			return false;
		}
		switch (member.type) {
		case OVS_NSH_KEY_ATTR_BASE:
			have_base = true;
			md_type = load<ovs_nsh_key_base>(member.data).mdtype;
			break;
		case OVS_NSH_KEY_ATTR_MD1:
			have_md1 = true;
			break;
		case OVS_NSH_KEY_ATTR_MD2:
			have_md2 = true;
			if (member.length == 0 || member.length > nsh_context_headers_max) {
				action_log(log, "Invalid MD length %d for MD type %d", member.length, md_type);
				return false;
			}
			break;
		default:
			action_log(log, "Unknown nsh attribute %d", member.type);
			return false;
		}
	}
	if (stream.leftover() > 0) {
		action_log(log, "nsh attribute has %d unknown bytes.", int(stream.leftover()));
		return false;
	}
	if (have_md1 && have_md2) {
		action_log(always_log, "invalid nsh attribute: md1 and md2 are exclusive.");
		return false;
	}
	if ((have_md1 && md_type != 1) || (have_md2 && md_type != 2)) {
		action_log(always_log, "nsh attribute has unmatched MD type %d.", md_type);
		return false;
	}
	if (!have_base || (!have_md1 && !have_md2)) {
		action_log(always_log, "push_nsh: missing base or metadata attributes");
		return false;
	}
	return true;
}

// 6.12's psample: a strict nested parse, which wants NLA_F_NESTED on the
// action and on nothing inside it.
[[gnu::noinline]] Status validate_psample(const Attribute &action)
{
	if (!(raw_type(action) & nla_f_nested))
		return make_error(-EINVAL);
	AttributeStream stream(action.data, action.length);
	Attribute member;
	bool have_group = false;
	while (stream.next(&member)) {
		if (member.type == 0 || member.type > psample_type_max)
			return make_error(-EINVAL);
		bool flagged_nested = raw_type(member) & nla_f_nested;
		switch (member.type) {
		case psample_group:
			if (member.length != sizeof(u32) || flagged_nested)
				return make_error(-EINVAL);
			have_group = true;
			break;
		case psample_cookie:
			if (flagged_nested)
				return make_error(-EINVAL);
			if (member.length > psample_cookie_max)
				return make_error(-ERANGE);
			break;
		}
	}
	if (stream.leftover() > 0 || !have_group)
		return make_error(-EINVAL);
	return success();
}

[[gnu::noinline]] Status validate_sample(ActionWalk &walk, const Attribute &action, const ActionListState &state,
					u32 depth)
{
	// An absent member has no data pointer; a present one always does.
	Attribute probability{}, actions{};
	AttributeStream stream(action.data, action.length);
	Attribute member;
	while (stream.next(&member)) {
		Attribute *slot = member.type == OVS_SAMPLE_ATTR_PROBABILITY ? &probability
				: member.type == OVS_SAMPLE_ATTR_ACTIONS     ? &actions
									     : nullptr;
		if (!slot || slot->data)
			return make_error(-EINVAL);
		*slot = member;
	}
	if (stream.leftover())
		return make_error(-EINVAL);
	if (!probability.data || probability.length != sizeof(u32))
		return make_error(-EINVAL);
	if (!actions.data || !nested_list_length_ok(actions.length))
		return make_error(-EINVAL);

	u32 start = walk.stored;
	walk.stored += stored_sample_head;
	u32 nest = walk.out.begin_nest(OVS_ACTION_ATTR_SAMPLE);
	walk.out.put(OVS_SAMPLE_ATTR_PROBABILITY, probability.data, sizeof(u32));
	OVSDP_TRY(nested_list(walk, OVS_SAMPLE_ATTR_ACTIONS, actions, state, depth));
	walk.out.end_nest(nest);
	return check_stored_nest(walk, start);
}

[[gnu::noinline]] Status validate_clone(ActionWalk &walk, const Attribute &action, const ActionListState &state,
				       u32 depth)
{
	if (!nested_list_length_ok(action.length))
		return make_error(-EINVAL);
	u32 start = walk.stored;
	walk.stored += stored_clone_head;
	OVSDP_TRY(nested_list(walk, OVS_ACTION_ATTR_CLONE, action, state, depth));
	return check_stored_nest(walk, start);
}

[[gnu::noinline]] Status validate_check_pkt_len(ActionWalk &walk, const Attribute &action,
					       const ActionListState &state, u32 depth)
{
	// In-tree's deprecated-strict policy parse: unknown types and trailing
	// bytes are refused, short members are out of range, the last
	// duplicate wins.
	Attribute lesser{}, greater{};
	const u8 *threshold = nullptr;
	AttributeStream stream(action.data, action.length);
	Attribute member;
	while (stream.next(&member)) {
		switch (member.type) {
		case OVS_CHECK_PKT_LEN_ATTR_PKT_LEN:
			if (member.length < sizeof(u16))
				return make_error(-ERANGE);
			threshold = member.data;
			break;
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER:
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL:
			if (!nested_list_length_ok(member.length))
				return make_error(-ERANGE);
			(member.type == OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER ? greater : lesser) = member;
			break;
		default:
			return make_error(-EINVAL);
		}
	}
	if (stream.leftover() > 0)
		return make_error(-EINVAL);
	if (!threshold || !load<u16>(threshold) || !greater.data || !lesser.data)
		return make_error(-EINVAL);

	u32 start = walk.stored;
	walk.stored += stored_check_pkt_len_head;
	u32 nest = walk.out.begin_nest(OVS_ACTION_ATTR_CHECK_PKT_LEN);
	walk.out.put(OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, threshold, sizeof(u16));
	// In-tree closes (and size-checks) the first list before it looks at
	// the second.
	u32 list_start = walk.stored;
	walk.stored += 4;
	OVSDP_TRY(nested_list(walk, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, lesser, state, depth));
	OVSDP_TRY(check_stored_nest(walk, list_start));
	list_start = walk.stored;
	walk.stored += 4;
	OVSDP_TRY(nested_list(walk, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, greater, state, depth));
	OVSDP_TRY(check_stored_nest(walk, list_start));
	walk.out.end_nest(nest);
	return check_stored_nest(walk, start);
}

[[gnu::noinline]] Status validate_dec_ttl(ActionWalk &walk, const Attribute &action, const ActionListState &state,
					 u32 depth)
{
	const CodecContext &log = walk.context.codec;
	Attribute actions{};
	AttributeStream stream(action.data, action.length);
	Attribute member;
	while (stream.next(&member)) {
		// Later members are skipped, so newer userspace keeps working.
		if (member.type > OVS_DEC_TTL_ATTR_MAX)
			continue;
		if (member.type == 0 || actions.data) {
			action_log(log, "Duplicate or invalid key (type %d).", member.type);
			return make_error(-EINVAL);
		}
		actions = member;
	}
	if (stream.leftover()) {
		action_log(log, "Message has %d unknown bytes.", int(stream.leftover()));
		return make_error(-EINVAL);
	}
	if (!actions.data || !nested_list_length_ok(actions.length)) {
		action_log(log, "Missing valid actions attribute.");
		return make_error(-EINVAL);
	}

	u32 start = walk.stored;
	walk.stored += 4 + 4;
	u32 nest = walk.out.begin_nest(OVS_ACTION_ATTR_DEC_TTL);
	OVSDP_TRY(nested_list(walk, OVS_DEC_TTL_ATTR_ACTION, actions, state, depth));
	walk.out.end_nest(nest);
	OVSDP_TRY(check_stored_nest(walk, start + 4));
	return check_stored_nest(walk, start);
}

// One action: its rule, its effect on @state, its canonical form. @last:
// nothing follows it in its list. Part of validate_list()'s frame, which
// would otherwise carry a second one per level.
[[gnu::always_inline]] inline Status validate_action(ActionWalk &walk, const Attribute &action, bool last, ActionListState &state,
					u32 depth)
{
	if (action.type > walk.context.action_type_max)
		return make_error(-EINVAL);
	int expected = action_length(action.type);
	if (expected != length_variable && action.length != expected)
		return make_error(-EINVAL);

	switch (action.type) {
	case OVS_ACTION_ATTR_UNSPEC:
		return make_error(-EINVAL);

	case OVS_ACTION_ATTR_OUTPUT:
		if (load<u32>(action.data) >= max_ports)
			return make_error(-EINVAL);
		break;

	case OVS_ACTION_ATTR_USERSPACE:
		OVSDP_TRY(validate_userspace(action));
		break;

	case OVS_ACTION_ATTR_TRUNC:
		if (load<ovs_action_trunc>(action.data).max_len < ethernet_header_size)
			return make_error(-EINVAL);
		break;

	case OVS_ACTION_ATTR_HASH: {
		u32 algorithm = load<ovs_action_hash>(action.data).hash_alg;
		if (algorithm != OVS_HASH_ALG_L4 && !(walk.uapi_6_12() && algorithm == hash_symmetric_l4))
			return make_error(-EINVAL);
		break;
	}

	case OVS_ACTION_ATTR_POP_VLAN:
		if (state.mac_protocol != mac_protocol_ethernet)
			return make_error(-EINVAL);
		state.vlan_tci = 0;
		break;

	case OVS_ACTION_ATTR_PUSH_VLAN: {
		if (state.mac_protocol != mac_protocol_ethernet)
			return make_error(-EINVAL);
		ovs_action_push_vlan vlan = load<ovs_action_push_vlan>(action.data);
		if (vlan.vlan_tpid != to_be16(ethertype::vlan_8021q) && vlan.vlan_tpid != to_be16(ethertype::vlan_8021ad))
			return make_error(-EINVAL);
		if (!(vlan.vlan_tci & vlan_tag_present))
			return make_error(-EINVAL);
		state.vlan_tci = vlan.vlan_tci;
		break;
	}

	case OVS_ACTION_ATTR_RECIRC:
		break;

	case OVS_ACTION_ATTR_ADD_MPLS: {
		ovs_action_add_mpls mpls = load<ovs_action_add_mpls>(action.data);
		if (!is_mpls(mpls.mpls_ethertype))
			return make_error(-EINVAL);
		if (mpls.tun_flags & OVS_MPLS_L3_TUNNEL_FLAG_MASK) {
			if (!mpls_push_allowed(state))
				return make_error(-EINVAL);
			state.mpls_label_count++;
		} else if (state.mac_protocol == mac_protocol_ethernet) {
			// The label goes in front of the Ethernet header.
			state.mpls_label_count = 1;
			state.mac_protocol = mac_protocol_none;
		} else {
			state.mpls_label_count++;
		}
		state.ethertype = mpls.mpls_ethertype;
		break;
	}

	case OVS_ACTION_ATTR_PUSH_MPLS: {
		ovs_action_push_mpls mpls = load<ovs_action_push_mpls>(action.data);
		if (!is_mpls(mpls.mpls_ethertype) || !mpls_push_allowed(state))
			return make_error(-EINVAL);
		state.ethertype = mpls.mpls_ethertype;
		state.mpls_label_count++;
		break;
	}

	case OVS_ACTION_ATTR_POP_MPLS: {
		if ((state.vlan_tci & vlan_tag_present) || !is_mpls(state.ethertype))
			return make_error(-EINVAL);
		be16 next = load<be16>(action.data);
		if (next == to_be16(ethertype::teb) && state.mac_protocol != mac_protocol_none)
			return make_error(-EINVAL);
		// Unsigned, as in-tree: popping a wildcarded stack wraps.
		state.mpls_label_count--;
		// After the last label nothing says what the packet is, so later
		// L3 sets and pushes are refused.
		state.ethertype = is_mpls(next) && state.mpls_label_count ? next : be16(0);
		break;
	}

	case OVS_ACTION_ATTR_SET:
		return validate_set_action(walk, action, false, state);
	case OVS_ACTION_ATTR_SET_MASKED:
		return validate_set_action(walk, action, true, state);

	case OVS_ACTION_ATTR_SAMPLE:
		return validate_sample(walk, action, state, depth);
	case OVS_ACTION_ATTR_CLONE:
		return validate_clone(walk, action, state, depth);
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		return validate_check_pkt_len(walk, action, state, depth);
	case OVS_ACTION_ATTR_DEC_TTL:
		return validate_dec_ttl(walk, action, state, depth);

	case OVS_ACTION_ATTR_CT:
		return validate_ct_action(walk, action);

	case OVS_ACTION_ATTR_CT_CLEAR:
		break;

	case OVS_ACTION_ATTR_PUSH_ETH:
		if (state.mac_protocol != mac_protocol_none)
			return make_error(-EINVAL);
		state.mac_protocol = mac_protocol_ethernet;
		break;

	case OVS_ACTION_ATTR_POP_ETH:
		if (state.mac_protocol != mac_protocol_ethernet || (state.vlan_tci & vlan_tag_present))
			return make_error(-EINVAL);
		state.mac_protocol = mac_protocol_none;
		break;

	case OVS_ACTION_ATTR_PUSH_NSH:
		if (state.mac_protocol != mac_protocol_ethernet && !ethertype_has_nsh_next_protocol(state.ethertype))
			return make_error(-EINVAL);
		state.mac_protocol = mac_protocol_none;
		if (!push_nsh_valid(walk, action))
			return make_error(-EINVAL);
		break;

	case OVS_ACTION_ATTR_POP_NSH: {
		if (state.ethertype != to_be16(ethertype::nsh))
			return make_error(-EINVAL);
		u8 next = walk.key.nsh.next_protocol;
		if (next < nsh_next_ipv4 || next > nsh_next_mpls)
			return make_error(-EINVAL);
		state.mac_protocol = next == nsh_next_ethernet ? mac_protocol_ethernet : mac_protocol_none;
		break;
	}

	case OVS_ACTION_ATTR_METER:
		// Whether the meter exists is not checked: missing ones are skipped.
		break;

	case action_drop:
		if (!last)
			return make_error(-EINVAL);
		break;

	case action_psample:
		OVSDP_TRY(validate_psample(action));
		break;

	default:
		action_log(walk.context.codec, "Unknown Action type %d", action.type);
		return make_error(-EINVAL);
	}

	// Everything else is kept as given, minus the type's flag bits.
	walk.out.put(action.type, action.data, action.length);
	walk.stored += attribute_size(action.length);
	return success();
}

Status validate_list(ActionWalk &walk, const u8 *data, u32 length, ActionListState state, u32 depth)
{
	// Checked on entry, so even an empty list that deep is refused.
	if (depth > max_depth)
		return make_error(-EOVERFLOW);
	state.mac_protocol = walk.key.mac_protocol;

	AttributeStream stream(data, length);
	Attribute action;
	while (stream.next(&action)) {
		bool last = u32(action.data - data) + action.length == length;
		OVSDP_TRY(validate_action(walk, action, last, state, depth));
	}
	if (stream.leftover() > 0)
		return make_error(-EINVAL);
	return success();
}

// The canonical form is built in a scratch buffer first; the flow keeps an
// exact-size copy.
class Scratch {
public:
	explicit Scratch(u32 size) : bytes_(static_cast<u8 *>(ovsdp_kp_alloc(size, 8, OVSDP_ALLOC_MAY_SLEEP))) {}
	~Scratch() { ovsdp_kp_free(bytes_); }
	Scratch(const Scratch &) = delete;
	Scratch &operator=(const Scratch &) = delete;
	u8 *bytes() const { return bytes_; }

private:
	u8 *bytes_;
};

}  // namespace

FlowActions *FlowActions::create(const u8 *bytes, u32 length, u32 request_length)
{
	void *memory = ovsdp_kp_alloc(sizeof(FlowActions) + length, alignof(FlowActions), OVSDP_ALLOC_MAY_SLEEP);
	if (!memory)
		return nullptr;
	FlowActions *actions = new (memory) FlowActions(length, request_length);
	if (length)
		__builtin_memcpy(reinterpret_cast<u8 *>(actions + 1), bytes, length);
	return actions;
}

Result<OwnPtr<FlowActions>> validate_actions(const void *actions, u32 length, const FlowKey &key,
					     const ActionContext &context)
{
	// An attribute payload is never longer; the size arithmetic below
	// relies on it.
	if (length > max_nest_size)
		return make_error(-EINVAL);

	// No action's canonical form is more than three times its aligned
	// input (an empty CT gains a ZONE: 4 bytes become 12), and only the
	// last attribute of a list may lack its padding.
	u32 capacity = 3 * length + 16;
	Scratch scratch(capacity);
	if (!scratch.bytes())
		return make_error(-ENOMEM);
	AttributeWriter out(scratch.bytes(), capacity);
	ActionWalk walk{key, context, out};

	ActionListState state{};
	state.ethertype = key.eth.type;
	state.vlan_tci = key.eth.vlan.tci;
	// Counted by hand: __builtin_popcount can become a libgcc call, which
	// the kernel does not link.
	if (is_mpls(key.eth.type))
		for (u32 bits = key.mpls.label_presence; bits; bits &= bits - 1)
			state.mpls_label_count++;
	OVSDP_TRY(validate_list(walk, static_cast<const u8 *>(actions), length, state, 0));

	// A canonical nest (or the whole list, which a reply puts in one
	// attribute) beyond 64 KiB cannot be dumped. In-tree would accept such
	// a list and emit a corrupt dump; refusing it is the safe difference.
	if (out.overflow() || out.length() > max_nest_size - 4)
		return make_error(-EMSGSIZE);

	FlowActions *stored = FlowActions::create(out.data(), out.length(), length);
	if (!stored)
		return make_error(-ENOMEM);
	return OwnPtr<FlowActions>(stored);
}

}  // namespace ovsdp
