# SPDX-License-Identifier: GPL-2.0
"""A minimal genetlink client over the standard library, for tests that
send what the usual clients never would (tests/diff/raw_genetlink.py) or
want many requests per second from one process (tests/vm/stress.py)."""
import errno
import socket
import struct

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
NETLINK_ADD_MEMBERSHIP = 1

# include/uapi/linux/openvswitch.h
DP_NEW, DP_DEL, DP_GET, DP_SET = 1, 2, 3, 4
DP_NAME, DP_UPCALL_PID, DP_USER_FEATURES = 1, 2, 5
DP_MASKS_CACHE_SIZE, DP_PER_CPU_PIDS, DP_IFINDEX = 7, 8, 9
F_UNALIGNED, F_VPORT_PIDS, F_PER_CPU = 1, 2, 8
VP_NEW, VP_DEL, VP_GET, VP_SET = 1, 2, 3, 4
VP_PORT_NO, VP_TYPE, VP_NAME, VP_OPTIONS, VP_UPCALL_PID = 1, 2, 3, 4, 5
VP_IFINDEX, VP_NETNSID = 8, 9
NETDEV, INTERNAL = 1, 2


def attr(kind, payload):
    """An attribute whose length field tells the truth, padded to 4."""
    raw = struct.pack("HH", 4 + len(payload), kind) + payload
    return raw + b"\0" * (-len(raw) % 4)


def u32(kind, value):
    return attr(kind, struct.pack("I", value))


def s32(kind, value):
    return attr(kind, struct.pack("i", value))


def string(kind, text):
    return attr(kind, text.encode() + b"\0")


def ovs_header(dp_ifindex=0):
    return struct.pack("i", dp_ifindex)


class Genetlink:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(270, NETLINK_EXT_ACK, 1)  # SOL_NETLINK
        self.sock.bind((0, 0))
        self.seq = 0
        self.families = {}
        self.groups = {}

    def send(self, family, cmd, body, flags=NLM_F_REQUEST | NLM_F_ACK, version=2):
        """Sends one message; returns (errno or 0, extack text, replies)."""
        self.seq += 1
        payload = struct.pack("BBH", cmd, version, 0) + body
        header = struct.pack("IHHII", 16 + len(payload), family, flags, self.seq, 0)
        self.sock.send(header + payload)
        replies = []
        while True:
            data = self.sock.recv(65536)
            offset = 0
            while offset < len(data):
                length, kind, mflags, seq, _ = struct.unpack_from("IHHII", data, offset)
                if length < 16:
                    raise RuntimeError("runt netlink message")
                message = data[offset:offset + length]
                offset += (length + 3) & ~3
                if seq != self.seq:
                    continue
                if kind == NLMSG_ERROR:
                    code = -struct.unpack_from("i", message, 16)[0]
                    return code, self._extack(message, mflags), replies
                if kind == NLMSG_DONE:
                    code = -struct.unpack_from("i", message, 16)[0] if length >= 20 else 0
                    return code, "", replies
                replies.append(message[16:])

    @staticmethod
    def _extack(message, flags):
        if not flags & NLM_F_ACK_TLVS:
            return ""
        # Error code and the echoed request header (capped: no payload).
        request_length = struct.unpack_from("I", message, 20)[0]
        offset = 20 + 16 if flags & 0x100 else 20 + ((request_length + 3) & ~3)  # NLM_F_CAPPED
        while offset + 4 <= len(message):
            length, kind = struct.unpack_from("HH", message, offset)
            if length < 4:
                break
            if kind == NLMSGERR_ATTR_MSG:
                return message[offset + 4:offset + length].split(b"\0")[0].decode()
            offset += (length + 3) & ~3
        return ""

    def family(self, name):
        if name not in self.families:
            code, _, replies = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, string(CTRL_ATTR_FAMILY_NAME, name))
            if code:
                raise RuntimeError(f"no genetlink family {name}: {errno.errorcode.get(code, code)}")
            found = attributes(replies[0][4:])
            self.families[name] = struct.unpack("H", found[CTRL_ATTR_FAMILY_ID][:2])[0]
            groups = found.get(CTRL_ATTR_MCAST_GROUPS, b"")
            offset = 0
            while offset + 4 <= len(groups):
                length, _ = struct.unpack_from("HH", groups, offset)
                group = attributes(groups[offset + 4:offset + length])
                group_name = group[CTRL_ATTR_MCAST_GRP_NAME].split(b"\0")[0].decode()
                self.groups[(name, group_name)] = struct.unpack("I", group[CTRL_ATTR_MCAST_GRP_ID])[0]
                offset += (length + 3) & ~3
        return self.families[name]

    def join(self, family_name, group_name):
        """Receives @family_name's multicast group @group_name from now on."""
        self.family(family_name)
        self.sock.setsockopt(270, NETLINK_ADD_MEMBERSHIP, self.groups[(family_name, group_name)])

    def pending(self, wait=0.5):
        """Every message that arrives within @wait seconds: (type, payload)."""
        self.sock.settimeout(wait)
        messages = []
        try:
            while True:
                data = self.sock.recv(65536)
                offset = 0
                while offset + 16 <= len(data):
                    length, kind = struct.unpack_from("IH", data, offset)
                    messages.append((kind, data[offset + 16:offset + length]))
                    offset += (length + 3) & ~3
        except socket.timeout:
            pass
        self.sock.settimeout(None)
        return messages


def attributes(body):
    found = {}
    offset = 0
    while offset + 4 <= len(body):
        length, kind = struct.unpack_from("HH", body, offset)
        if length < 4:
            break
        found[kind & 0x3FFF] = body[offset + 4:offset + length]
        offset += (length + 3) & ~3
    return found
