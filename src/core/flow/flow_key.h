// SPDX-License-Identifier: GPL-2.0
// A flow key: every field a flow can match, in one flat struct, so that a
// mask of the same type applies byte by byte and a key hashes and compares
// over just the bytes its mask covers. Fields the in-tree key overlays share
// storage here too (the L3 union, one set of port fields for TCP, UDP, SCTP
// and ICMP, the ARP opcode in the IP protocol byte): a key that carries
// attributes its ethertype does not use then behaves as it does in-tree.
// Protocol fields are in network byte order, as on the wire.
#pragma once

#include "runtime/types.h"

namespace ovsdp {

using be16 = u16;
using be32 = u32;
using be64 = u64;

inline constexpr u16 byte_swap(u16 value) { return __builtin_bswap16(value); }
inline constexpr u32 byte_swap(u32 value) { return __builtin_bswap32(value); }
inline constexpr be16 to_be16(u16 value) { return byte_swap(value); }
inline constexpr be32 to_be32(u32 value) { return byte_swap(value); }
inline constexpr u16 from_be16(be16 value) { return byte_swap(value); }
inline constexpr u32 from_be32(be32 value) { return byte_swap(value); }

inline constexpr u32 tunnel_options_max = 255;
inline constexpr u16 in_port_none = 0xffff;  // no OVS_KEY_ATTR_IN_PORT
inline constexpr u32 mpls_label_depth = 3;
inline constexpr size_t ethernet_address_size = 6;

namespace ethertype {
inline constexpr u16 llc = 0x0004;  // ETH_P_802_2: an 802.2 frame (no ethertype)
inline constexpr u16 ipv4 = 0x0800;
inline constexpr u16 arp = 0x0806;
inline constexpr u16 teb = 0x6558;
inline constexpr u16 rarp = 0x8035;
inline constexpr u16 vlan_8021q = 0x8100;
inline constexpr u16 ipv6 = 0x86dd;
inline constexpr u16 mpls_unicast = 0x8847;
inline constexpr u16 mpls_multicast = 0x8848;
inline constexpr u16 vlan_8021ad = 0x88a8;
inline constexpr u16 nsh = 0x894f;
inline constexpr u16 minimum = 0x0600;  // ETH_P_802_3_MIN
}  // namespace ethertype

inline constexpr be16 vlan_tag_present = to_be16(0x1000);  // the CFI/DEI bit

// What kind of header the packet starts with (in-tree MAC_PROTO_*).
enum : u8 {
	mac_protocol_none = 0,      // a layer-3 packet
	mac_protocol_ethernet = 1,
};

// Whose addresses the tunnel key carries; 0 means no tunnel.
enum : u8 {
	tunnel_protocol_none = 0,
	tunnel_protocol_ipv4 = 2,   // AF_INET
	tunnel_protocol_ipv6 = 10,  // AF_INET6
};

// TunnelKey::flags.
enum : u16 {
	tunnel_flag_key = 1 << 0,
	tunnel_flag_dont_fragment = 1 << 1,
	tunnel_flag_csum = 1 << 2,
	tunnel_flag_oam = 1 << 3,
	tunnel_flag_geneve_options = 1 << 4,
	tunnel_flag_vxlan_options = 1 << 5,
	tunnel_flag_erspan_options = 1 << 6,
};

struct TunnelKey {
	be64 id;
	union {
		struct {
			be32 source;
			be32 destination;
		} ipv4;
		struct {
			u8 source[16];
			u8 destination[16];
		} ipv6;
	} address;
	u16 flags;
	u8 tos;
	u8 ttl;
	be16 source_port;
	be16 destination_port;
};

struct VlanTag {
	be16 tci;   // with vlan_tag_present set when there is a tag
	be16 tpid;
};

// enum ovs_frag_type values.
enum : u8 {
	fragment_none = 0,
	fragment_first = 1,
	fragment_later = 2,
};

struct alignas(8) FlowKey {
	// Tunnel options first: flows without a tunnel then leave the first
	// 256 bytes out of their mask's range. Right-aligned.
	u8 tunnel_options[tunnel_options_max];
	u8 tunnel_options_length;
	TunnelKey tunnel;

	u32 priority;
	u32 skb_mark;
	u16 in_port;
	u8 mac_protocol;
	u8 tunnel_protocol;
	u32 dp_hash;
	u32 recirc_id;

	struct {
		u8 source[ethernet_address_size];
		u8 destination[ethernet_address_size];
		VlanTag vlan;
		VlanTag cvlan;
		be16 type;
	} eth;

	u8 ct_state;
	u8 ct_orig_protocol;
	struct {
		u8 protocol;  // for ARP: the low byte of the opcode
		u8 tos;
		u8 ttl;
		u8 fragment;
	} ip;
	u16 ct_zone;
	struct {
		be16 source;  // TCP/UDP/SCTP port, or ICMP type
		be16 destination;  // TCP/UDP/SCTP port, or ICMP code
		be16 flags;  // TCP flags
	} transport;

	union {
		struct {
			struct {
				be32 source;
				be32 destination;
			} address;
			union {
				struct {
					be32 source;
					be32 destination;
				} ct_orig;
				struct {
					u8 source_hardware[ethernet_address_size];
					u8 target_hardware[ethernet_address_size];
				} arp;
			};
		} ipv4;
		struct alignas(4) {
			struct {
				u8 source[16];
				u8 destination[16];
			} address;
			be32 label;
			u16 extension_headers;  // OVS_KEY_ATTR_IPV6_EXTHDRS flags
			union {
				struct alignas(4) {
					u8 source[16];
					u8 destination[16];
				} ct_orig;
				struct alignas(4) {
					u8 target[16];
					u8 source_link_layer[ethernet_address_size];
					u8 target_link_layer[ethernet_address_size];
				} nd;
			};
		} ipv6;
		struct {
			u32 label_presence;  // bit n: lse[n] is matched
			be32 lse[mpls_label_depth];
		} mpls;
		struct {
			u8 flags;
			u8 ttl;
			u8 md_type;
			u8 next_protocol;
			be32 path;
			be32 context[4];
		} nsh;
	};

	struct {
		be16 orig_source_port;
		be16 orig_destination_port;
		u32 mark;
		u8 labels[16];
	} ct;
};

// Byte offsets of the first and one past the last byte of a key that a
// mask covers, rounded out to whole longs for word-wise masking.
struct KeyRange {
	u16 start = 0;
	u16 end = 0;
	u16 size() const { return end - start; }
};

inline constexpr size_t flow_key_size = sizeof(FlowKey);
static_assert(flow_key_size % sizeof(long) == 0);
static_assert(flow_key_size < 0x10000);

inline const u8 *key_bytes(const FlowKey &key) { return reinterpret_cast<const u8 *>(&key); }
inline u8 *key_bytes(FlowKey &key) { return reinterpret_cast<u8 *>(&key); }

// The bytes a mask does not zero, rounded out to longs.
KeyRange mask_range(const FlowKey &mask);

// @out = @key & @mask over @range; every other byte of @out is zero.
void apply_mask(const FlowKey &key, const FlowKey &mask, KeyRange range, FlowKey *out);

bool keys_equal(const FlowKey &a, const FlowKey &b, KeyRange range);

// A hash of @key's bytes in @range (which a lookup and an insert must share).
u32 key_hash(const FlowKey &key, KeyRange range);

}  // namespace ovsdp
