// SPDX-License-Identifier: GPL-2.0
// Flow actions: OVS_FLOW_ATTR_ACTIONS (and OVS_PACKET_ATTR_ACTIONS) checked
// against the masked flow key with the in-tree rules (Documentation/
// flow-netlink-behaviour.rst, section 6), and kept in the form a dump emits.
#pragma once

#include <linux/openvswitch.h>

#include "flow/flow_key.h"
#include "flow/key_codec.h"
#include "runtime/own_ptr.h"
#include "runtime/result.h"
#include "sync/rcu_deferred.h"

namespace ovsdp {

// netfilter's protocol families, as a CT helper lookup names them.
enum : u16 {
	ct_family_ipv4 = 2,   // NFPROTO_IPV4
	ct_family_ipv6 = 10,  // NFPROTO_IPV6
};

// What validation needs from outside the request.
struct ActionContext {
	CodecContext codec;

	// The UAPI generation whose rules apply: 23 is 6.1's, 25 (DROP and
	// PSAMPLE exist, HASH takes SYM_L4, CT helper errors log 6.12's text)
	// is 6.12's. Defaults to the header the core is built against; host
	// tests set it to exercise the other tree.
	u32 action_type_max = OVS_ACTION_ATTR_MAX;

	// Whether conntrack can attach helper @name (NUL-terminated) to
	// connections of @family (ct_family_*) and IP protocol @ip_protocol,
	// together with its NAT helper when @nat. Returns 0, or the in-tree
	// errno: -EINVAL for an unknown helper, -ENOMEM, or the NAT helper
	// lookup's error (-ENOENT). Null: no helper exists (-EINVAL).
	// Context: may sleep (in-tree, the lookup may load a module).
	int (*ct_helper)(void *opaque, const char *name, u16 family, u8 ip_protocol, bool nat) = nullptr;
	// Whether timeout policy @name applies to @family and @ip_protocol: 0
	// or a negative errno. A failure only logs, as in-tree. Null: no log.
	int (*ct_timeout)(void *opaque, const char *name, u16 family, u8 ip_protocol) = nullptr;
	void *opaque = nullptr;
};

// A validated action list in its canonical dump form: the contents of the
// OVS_FLOW_ATTR_ACTIONS a dump emits, so a dump copies it. Every attribute
// lies inside the list and has the length and shape its type demands
// (section 6.5), so readers walk it without checks. SET holds one key
// attribute (TUNNEL in the set-action tunnel form; an IPv6 label is 20
// bits); SET_MASKED holds a key and its mask, half the payload each (an odd
// last byte is ignored); SAMPLE is {PROBABILITY, ACTIONS}; CHECK_PKT_LEN is
// {PKT_LEN, IF_LESS_EQUAL, IF_GREATER}; DEC_TTL is {ACTION}; CT is in the
// order of section 6.4. Immutable once built; flows' readers reach it under
// RCU, so it is freed with delete_after_grace_period().
class FlowActions {
public:
	const u8 *data() const { return reinterpret_cast<const u8 *>(this + 1); }
	u32 length() const { return length_; }
	// The payload length of the request's ACTIONS: in-tree reply sizing
	// reserves this much (section 7.7), which may be less than length().
	u32 request_length() const { return request_length_; }

	FlowActions(const FlowActions &) = delete;
	FlowActions &operator=(const FlowActions &) = delete;

	// The object and its bytes are one allocation from create().
	static void operator delete(void *object) { ovsdp_kp_free(object); }

	RcuDeferred rcu_deferred;

private:
	friend Result<OwnPtr<FlowActions>> validate_actions(const void *, u32, const FlowKey &,
							    const ActionContext &);
	FlowActions(u32 length, u32 request_length) : length_(length), request_length_(request_length) {}
	static FlowActions *create(const u8 *bytes, u32 length, u32 request_length);

	u32 length_;
	u32 request_length_;
};

// Validates the payload of an ACTIONS attribute (@length bytes at @actions)
// against @key: the masked key for a flow (key AND mask), the packet's key
// for OVS_PACKET_CMD_EXECUTE. Errors are the in-tree errnos (EINVAL,
// ERANGE, EOVERFLOW beyond 16 nested lists, EMSGSIZE, ENOMEM, and whatever
// the CT helper callback returns), and the in-tree log lines go through
// codec_log(). Context: may sleep.
Result<OwnPtr<FlowActions>> validate_actions(const void *actions, u32 length, const FlowKey &key,
					     const ActionContext &context);

}  // namespace ovsdp
