# SPDX-License-Identifier: GPL-2.0
"""ovs_flow messages over the standard library, for tests that build flow
requests byte by byte (tests/diff/raw_flow.py): the UAPI numbers of
include/uapi/linux/openvswitch.h, builders for key, mask and action
attributes, and a decoder that turns a flow message into one
deterministic, readable line (attribute names, payloads in hex)."""
import socket
import struct

from genetlink import attr

# Commands and top-level attributes.
FLOW_NEW, FLOW_DEL, FLOW_GET, FLOW_SET = 1, 2, 3, 4
FLOW_VERSION = 1
(F_KEY, F_ACTIONS, F_STATS, F_TCP_FLAGS, F_USED, F_CLEAR, F_MASK, F_PROBE,
 F_UFID, F_UFID_FLAGS, F_PAD) = range(1, 12)
UFID_OMIT_KEY, UFID_OMIT_MASK, UFID_OMIT_ACTIONS = 1, 2, 4
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE, NLM_F_REPLACE = 0x8, 0x200, 0x400, 0x100

# OVS_KEY_ATTR_*.
KEY_NAMES = ["UNSPEC", "ENCAP", "PRIORITY", "IN_PORT", "ETHERNET", "VLAN", "ETHERTYPE", "IPV4", "IPV6",
             "TCP", "UDP", "ICMP", "ICMPV6", "ARP", "ND", "SKB_MARK", "TUNNEL", "SCTP", "TCP_FLAGS",
             "DP_HASH", "RECIRC_ID", "MPLS", "CT_STATE", "CT_ZONE", "CT_MARK", "CT_LABELS",
             "CT_ORIG_TUPLE_IPV4", "CT_ORIG_TUPLE_IPV6", "NSH", "PACKET_TYPE", "ND_EXTENSIONS",
             "TUNNEL_INFO", "IPV6_EXTHDRS"]
for _number, _label in enumerate(KEY_NAMES):
    globals()["K_" + _label] = _number
TUNNEL_NAMES = ["ID", "IPV4_SRC", "IPV4_DST", "TOS", "TTL", "DONT_FRAGMENT", "CSUM", "OAM", "GENEVE_OPTS",
                "TP_SRC", "TP_DST", "VXLAN_OPTS", "IPV6_SRC", "IPV6_DST", "PAD", "ERSPAN_OPTS",
                "IPV4_INFO_BRIDGE"]
for _number, _label in enumerate(TUNNEL_NAMES):
    globals()["T_" + _label] = _number
NSH_NAMES = ["UNSPEC", "BASE", "MD1", "MD2"]
NSH_BASE, NSH_MD1, NSH_MD2 = 1, 2, 3

# OVS_ACTION_ATTR_* (DROP and PSAMPLE exist from 6.12 on).
ACTION_NAMES = ["UNSPEC", "OUTPUT", "USERSPACE", "SET", "PUSH_VLAN", "POP_VLAN", "SAMPLE", "RECIRC", "HASH",
                "PUSH_MPLS", "POP_MPLS", "SET_MASKED", "CT", "TRUNC", "PUSH_ETH", "POP_ETH", "CT_CLEAR",
                "PUSH_NSH", "POP_NSH", "METER", "CLONE", "CHECK_PKT_LEN", "ADD_MPLS", "DEC_TTL", "DROP",
                "PSAMPLE"]
for _number, _label in enumerate(ACTION_NAMES):
    globals()["A_" + _label] = _number
USERSPACE_NAMES = ["UNSPEC", "PID", "USERDATA", "EGRESS_TUN_PORT", "ACTIONS"]
SAMPLE_NAMES = ["UNSPEC", "PROBABILITY", "ACTIONS"]
CT_NAMES = ["UNSPEC", "COMMIT", "ZONE", "MARK", "LABELS", "HELPER", "NAT", "FORCE_COMMIT", "EVENTMASK",
            "TIMEOUT"]
NAT_NAMES = ["UNSPEC", "SRC", "DST", "IP_MIN", "IP_MAX", "PROTO_MIN", "PROTO_MAX", "PERSISTENT",
             "PROTO_HASH", "PROTO_RANDOM"]
CPL_NAMES = ["UNSPEC", "PKT_LEN", "IF_GREATER", "IF_LESS_EQUAL"]
DEC_TTL_NAMES = ["UNSPEC", "ACTION"]
FLOW_NAMES = ["UNSPEC", "KEY", "ACTIONS", "STATS", "TCP_FLAGS", "USED", "CLEAR", "MASK", "PROBE", "UFID",
              "UFID_FLAGS", "PAD"]


def nest(kind, *members):
    return attr(kind, b"".join(members))


def raw_attr(kind, payload, length=None):
    """An attribute whose length field says @length (default: the truth),
    padded to 4 after the payload actually given."""
    header = struct.pack("HH", 4 + len(payload) if length is None else length, kind)
    raw = header + payload
    return raw + b"\0" * (-len(raw) % 4)


def u8(kind, value):
    return attr(kind, struct.pack("B", value))


def be16(kind, value):
    return attr(kind, struct.pack("!H", value))


def be32(kind, value):
    return attr(kind, struct.pack("!I", value))


def u16(kind, value):
    return attr(kind, struct.pack("H", value))


def u32(kind, value):
    return attr(kind, struct.pack("I", value))


def u64(kind, value):
    return attr(kind, struct.pack("Q", value))


def flag(kind):
    return attr(kind, b"")


def mac(text):
    return bytes(int(part, 16) for part in text.split(":"))


def ip4(text):
    return socket.inet_aton(text)


def ip6(text):
    return socket.inet_pton(socket.AF_INET6, text)


# Key payloads (struct ovs_key_*).
def eth(src="02:00:00:00:00:01", dst="02:00:00:00:00:02"):
    return attr(K_ETHERNET, mac(src) + mac(dst))


def ipv4(src="10.0.0.1", dst="10.0.0.2", proto=0, tos=0, ttl=64, frag=0):
    return attr(K_IPV4, ip4(src) + ip4(dst) + struct.pack("BBBB", proto, tos, ttl, frag))


def ipv6(src="2001:db8::1", dst="2001:db8::2", label=0, proto=0, tclass=0, hlimit=64, frag=0):
    return attr(K_IPV6, ip6(src) + ip6(dst) + struct.pack("!I", label) + struct.pack("BBBB", proto, tclass, hlimit, frag))


def ports(kind, src, dst):
    return attr(kind, struct.pack("!HH", src, dst))


def icmp(kind, icmp_type, code):
    return attr(kind, struct.pack("BB", icmp_type, code))


def arp(sip="10.0.0.1", tip="10.0.0.2", op=1, sha="02:00:00:00:00:01", tha="00:00:00:00:00:00"):
    return attr(K_ARP, ip4(sip) + ip4(tip) + struct.pack("!H", op) + mac(sha) + mac(tha) + b"\0\0")


def nd(target="2001:db8::3", sll="00:00:00:00:00:00", tll="00:00:00:00:00:00"):
    return attr(K_ND, ip6(target) + mac(sll) + mac(tll))


def mpls(*lses):
    return attr(K_MPLS, b"".join(struct.pack("!I", lse) for lse in lses))


def lse(label, tc=0, ttl=64, bos=1):
    return label << 12 | tc << 9 | bos << 8 | ttl


def ct_tuple4(src="10.0.0.1", dst="10.0.0.2", sport=1, dport=2, proto=6):
    return attr(K_CT_ORIG_TUPLE_IPV4, ip4(src) + ip4(dst) + struct.pack("!HHB", sport, dport, proto) + b"\0\0\0")


def ct_tuple6(src="2001:db8::1", dst="2001:db8::2", sport=1, dport=2, proto=17):
    return attr(K_CT_ORIG_TUPLE_IPV6, ip6(src) + ip6(dst) + struct.pack("!HHB", sport, dport, proto) + b"\0\0\0")


def nsh_base(flags=0, ttl=63, mdtype=1, np=3, spi=0x100, si=255):
    return attr(NSH_BASE, struct.pack("BBBB", flags, ttl, mdtype, np) + struct.pack("!I", spi << 8 | si))


def nsh_md1(c1=1, c2=2, c3=3, c4=4):
    return attr(NSH_MD1, struct.pack("!IIII", c1, c2, c3, c4))


# Action payloads.
def output(port):
    return u32(A_OUTPUT, port)


def push_vlan(tci, tpid=0x8100):
    return attr(A_PUSH_VLAN, struct.pack("!HH", tpid, tci))


def push_mpls(label_stack_entry, ethertype=0x8847):
    return attr(A_PUSH_MPLS, struct.pack("!IH", label_stack_entry, ethertype) + b"\0\0")


def add_mpls(label_stack_entry, ethertype=0x8847, tun_flags=0):
    return attr(A_ADD_MPLS, struct.pack("!IH", label_stack_entry, ethertype) + struct.pack("H", tun_flags))


def hash_action(alg, basis):
    return attr(A_HASH, struct.pack("II", alg, basis))


def push_eth(src="02:00:00:00:00:0a", dst="02:00:00:00:00:0b"):
    return attr(A_PUSH_ETH, mac(src) + mac(dst))


def set_action(key_attr):
    return attr(A_SET, key_attr)


def set_masked(kind, value, mask):
    return attr(A_SET_MASKED, attr(kind, value + mask))


def userspace(pid, *members):
    return nest(A_USERSPACE, u32(1, pid), *members)


# Decoding: one line per message, attribute names and hex payloads.
# Top level and key/mask nests are sorted by type (their order means
# nothing to userspace); action lists keep their order.
def _split(body):
    out = []
    offset = 0
    while offset + 4 <= len(body):
        length, kind = struct.unpack_from("HH", body, offset)
        if length < 4:
            out.append((None, body[offset:]))
            return out
        out.append((kind, body[offset + 4:offset + length]))
        offset += (length + 3) & ~3
    if offset < len(body):
        out.append((None, body[offset:]))
    return out


def _name(names, kind):
    base = kind & 0x3FFF
    text = names[base] if base < len(names) else str(base)
    if kind & NLA_F_NESTED:
        text += "|N"
    if kind & NLA_F_NET_BYTEORDER:
        text += "|B"
    return text


def _hex(payload):
    return payload.hex() if payload else "-"


def _list(body, names, member, ordered):
    items = []
    for kind, payload in _split(body):
        if kind is None:
            items.append((1 << 16, "LEFTOVER=" + _hex(payload)))
            continue
        items.append((kind & 0x3FFF, member(kind, payload)))
    if not ordered:
        items.sort(key=lambda item: item[0])
    return "{" + " ".join(text for _, text in items) + "}"


def decode_key(body):
    return _list(body, KEY_NAMES, _key_member, ordered=False)


def _key_member(kind, payload):
    base = kind & 0x3FFF
    name = _name(KEY_NAMES, kind)
    if base == K_ENCAP:
        return name + decode_key(payload)
    if base == K_TUNNEL:
        return name + _list(payload, TUNNEL_NAMES, _tunnel_member, ordered=False)
    if base == K_NSH:
        return name + _list(payload, NSH_NAMES, _members(NSH_NAMES, {}), ordered=False)
    return name + "=" + _hex(payload)


VXLAN_NAMES = ["UNSPEC", "GBP"]


def _tunnel_member(kind, payload):
    if kind & 0x3FFF == T_VXLAN_OPTS:
        return _name(TUNNEL_NAMES, kind) + _list(payload, VXLAN_NAMES, _members(VXLAN_NAMES, {}), ordered=False)
    return _name(TUNNEL_NAMES, kind) + "=" + _hex(payload)


def decode_actions(body):
    return _list(body, ACTION_NAMES, _action_member, ordered=True)


def _members(names, nested):
    def member(kind, payload):
        base = kind & 0x3FFF
        name = _name(names, kind)
        if base in nested:
            return name + nested[base](payload)
        return name + "=" + _hex(payload)
    return member


def _action_member(kind, payload):
    base = kind & 0x3FFF
    name = _name(ACTION_NAMES, kind)
    if base in (A_SET, A_SET_MASKED):
        return name + _list(payload, KEY_NAMES, _key_member, ordered=True)
    if base in (A_CLONE,):
        return name + decode_actions(payload)
    if base == A_SAMPLE:
        return name + _list(payload, SAMPLE_NAMES, _members(SAMPLE_NAMES, {2: decode_actions}), ordered=True)
    if base == A_CHECK_PKT_LEN:
        return name + _list(payload, CPL_NAMES, _members(CPL_NAMES, {2: decode_actions, 3: decode_actions}),
                            ordered=True)
    if base == A_DEC_TTL:
        return name + _list(payload, DEC_TTL_NAMES, _members(DEC_TTL_NAMES, {1: decode_actions}), ordered=True)
    if base == A_CT:
        nat = lambda p: _list(p, NAT_NAMES, _members(NAT_NAMES, {}), ordered=True)
        return name + _list(payload, CT_NAMES, _members(CT_NAMES, {6: nat}), ordered=True)
    if base == A_USERSPACE:
        return name + _list(payload, USERSPACE_NAMES, _members(USERSPACE_NAMES, {}), ordered=True)
    if base == A_PUSH_NSH:
        return name + _list(payload, KEY_NAMES, _key_member, ordered=True)
    return name + "=" + _hex(payload)


def decode_flow(message, hidden=(F_STATS, F_USED)):
    """@message: a flow message past the netlink header (genl header,
    ovs_header, attributes). The datapath ifindex differs between runs
    and is left out, and so are @hidden attributes."""
    cmd = message[0]
    fields = [f"cmd={cmd}"]
    for kind, payload in sorted(_split(message[8:]), key=lambda item: (item[0] is None, (item[0] or 0) & 0x3FFF)):
        if kind is None:
            fields.append("LEFTOVER=" + _hex(payload))
            continue
        base = kind & 0x3FFF
        if base in hidden:
            continue
        name = _name(FLOW_NAMES, kind)
        if base in (F_KEY, F_MASK):
            fields.append(name + decode_key(payload))
        elif base == F_ACTIONS:
            fields.append(name + decode_actions(payload))
        else:
            fields.append(name + "=" + _hex(payload))
    return " ".join(fields)
