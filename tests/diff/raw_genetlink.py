#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hand-built genetlink requests to ovs_datapath and ovs_vport, most of them
malformed on purpose, for the differential test: prints one line per request
with the errno the kernel answered (or what a success returned), so the
in-tree module's transcript and ovsdp's can be compared line by line.

Only the standard library: the point is bytes the usual clients would never
send (truncated attributes, wrong lengths, missing headers).
Set OVSDP_SHOW_EXTACK=1 to see each extack message on stderr.
"""
import errno
import os
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from genetlink import *  # noqa: E402,F401,F403  (message builders and constants)

SHOW_EXTACK = os.environ.get("OVSDP_SHOW_EXTACK") == "1"

def describe(replies, strings, volatile, hidden=()):
    """What a successful reply says that both modules must agree on; the
    attributes in @volatile (ifindexes) differ from boot to boot and only
    their presence is shown."""
    if not replies:
        return "ok"
    out = []
    for reply in replies:
        cmd = reply[0]
        found = attributes(reply[8:])
        fields = [f"cmd={cmd}"]
        for kind in sorted(set(found) - set(hidden)):
            value = found[kind]
            if kind in strings:
                fields.append(f"{kind}={value.split(bytes(1))[0].decode(errors='replace')!r}")
            elif kind in volatile or len(value) % 4:
                fields.append(f"{kind}=<{len(value)} bytes>")
            elif len(value) <= 16:
                fields.append(f"{kind}={list(struct.unpack(f'{len(value) // 4}I', value))}")
            else:
                fields.append(f"{kind}=<{len(value)} bytes>")
        out.append(" ".join(fields))
    return "ok: " + " | ".join(out)


def main():
    nl = Genetlink()
    dp = nl.family("ovs_datapath")
    vp = nl.family("ovs_vport")
    pid = 4242  # upcall PIDs are stored, not checked against sockets
    name = lambda text: string(DP_NAME, text)
    upcall = u32(DP_UPCALL_PID, pid)

    def run(label, family, cmd, body, **kwargs):
        code, extack, replies = nl.send(family, cmd, body, **kwargs)
        if code:
            print(f"{label}: {errno.errorcode.get(code, code)}")
        else:
            strings, volatile = ({VP_NAME}, {VP_IFINDEX}) if family == vp else ({DP_NAME}, set())
            print(f"{label}: {describe(replies, strings, volatile)}")
        if SHOW_EXTACK and extack:
            print(f"  extack: {extack}", file=sys.stderr)
        return code, replies

    def dp_ifindex(replies):
        return struct.unpack_from("i", replies[0], 4)[0] if replies else 0

    # Notifications, to compare at the end: every change above sends one.
    listener = Genetlink()
    listener.join("ovs_datapath", "ovs_datapath")
    listener.join("ovs_vport", "ovs_vport")

    H = ovs_header()
    # Datapath requests.
    run("dp new, no attributes", dp, DP_NEW, H)
    run("dp new, name only", dp, DP_NEW, H + name("rq0"))
    run("dp new, upcall pid only", dp, DP_NEW, H + upcall)
    run("dp new, name without NUL", dp, DP_NEW, H + attr(DP_NAME, b"rq0") + upcall)
    run("dp new, name of 16 characters", dp, DP_NEW, H + name("a" * 16) + upcall)
    run("dp new, empty name", dp, DP_NEW, H + name("") + upcall)
    run("dp new, name with a slash", dp, DP_NEW, H + name("rq/0") + upcall)
    run("dp new, upcall pid of 2 bytes", dp, DP_NEW, H + name("rq0") + attr(DP_UPCALL_PID, b"\1\0"))
    run("dp new, user features of 2 bytes", dp, DP_NEW, H + name("rq0") + upcall + attr(DP_USER_FEATURES, b"\1\0"))
    run("dp new, unknown feature bit", dp, DP_NEW, H + name("rq0") + upcall + u32(DP_USER_FEATURES, 1 << 10))
    run("dp new, masks cache size 3", dp, DP_NEW, H + name("rq0") + upcall + u32(DP_MASKS_CACHE_SIZE, 3))
    run("dp new, masks cache size 8192", dp, DP_NEW, H + name("rq0") + upcall + u32(DP_MASKS_CACHE_SIZE, 8192))
    run("dp new, ifindex -1", dp, DP_NEW, H + name("rq0") + upcall + s32(DP_IFINDEX, -1))
    run("dp new, per-cpu pids of 3 bytes", dp, DP_NEW,
        H + name("rq0") + upcall + u32(DP_USER_FEATURES, F_PER_CPU) + attr(DP_PER_CPU_PIDS, b"\1\2\3"))
    run("dp new, attribute longer than the message", dp, DP_NEW,
        H + name("rq0") + struct.pack("HH", 64, DP_UPCALL_PID) + struct.pack("I", pid))
    run("dp new, attribute length below its header", dp, DP_NEW, H + name("rq0") + struct.pack("HH", 2, DP_UPCALL_PID))
    run("dp new, no ovs_header", dp, DP_NEW, b"")
    run("dp new, half an ovs_header", dp, DP_NEW, b"\0\0")
    run("dp command 0", dp, 0, H)
    run("dp command 42", dp, 42, H)
    run("dp new as a dump", dp, DP_NEW, H + name("rq0") + upcall, flags=NLM_F_REQUEST | NLM_F_DUMP)
    run("dp get, no such name", dp, DP_GET, H + name("nosuchdp"))
    run("dp get, no such ifindex", dp, DP_GET, ovs_header(0x7ffffff0))
    run("dp del, no such name", dp, DP_DEL, H + name("nosuchdp"))
    run("dp set, no such name", dp, DP_SET, H + name("nosuchdp") + u32(DP_USER_FEATURES, 0))

    code, replies = run("dp new, unknown attribute 100", dp, DP_NEW, H + name("rq0") + upcall + u32(100, 7),
                        flags=NLM_F_REQUEST | NLM_F_ACK | 0x8)  # NLM_F_ECHO
    ifindex = dp_ifindex(replies)
    run("dp set, vport pids feature", dp, DP_SET, H + name("rq0") + u32(DP_USER_FEATURES, F_VPORT_PIDS))
    run("dp new, duplicate", dp, DP_NEW, H + name("rq0") + upcall)
    run("dp get, features kept", dp, DP_GET, H + name("rq0"))
    run("dp new, duplicate from a version 1 client", dp, DP_NEW, H + name("rq0") + upcall, version=1)
    run("dp get, features dropped", dp, DP_GET, H + name("rq0"))
    run("dp new, duplicate of a device, version 1", dp, DP_NEW, H + name("lo") + upcall, version=1)
    run("dp set, unknown feature bit", dp, DP_SET, H + name("rq0") + u32(DP_USER_FEATURES, 1 << 31))
    run("dp set, masks cache size 6", dp, DP_SET, H + name("rq0") + u32(DP_MASKS_CACHE_SIZE, 6))
    run("dp get after refused sets", dp, DP_GET, H + name("rq0"))
    run("dp set, per-cpu pids without the feature", dp, DP_SET, H + name("rq0") + attr(DP_PER_CPU_PIDS, b"\1\2\3"))
    run("dp set, per-cpu pids of 0 bytes", dp, DP_SET,
        H + name("rq0") + u32(DP_USER_FEATURES, F_PER_CPU) + attr(DP_PER_CPU_PIDS, b""))
    run("dp set, per-cpu pids", dp, DP_SET,
        H + name("rq0") + u32(DP_USER_FEATURES, F_PER_CPU | F_UNALIGNED) + attr(DP_PER_CPU_PIDS, struct.pack("2I", 7, 9)))
    run("dp get, by ifindex", dp, DP_GET, ovs_header(ifindex))

    # Vport requests, on datapath rq0.
    V = ovs_header(ifindex)
    vname = lambda text: string(VP_NAME, text)
    vupcall = u32(VP_UPCALL_PID, pid)
    internal = u32(VP_TYPE, INTERNAL)
    run("vport new, no attributes", vp, VP_NEW, V)
    run("vport new, no type", vp, VP_NEW, V + vname("rq1") + vupcall)
    run("vport new, no upcall pid", vp, VP_NEW, V + vname("rq1") + internal)
    run("vport new, type 0", vp, VP_NEW, V + vname("rq1") + u32(VP_TYPE, 0) + vupcall)
    run("vport new, type 200", vp, VP_NEW, V + vname("rq1") + u32(VP_TYPE, 200) + vupcall)
    run("vport new, type of 1 byte", vp, VP_NEW, V + vname("rq1") + attr(VP_TYPE, b"\2") + vupcall)
    run("vport new, empty upcall pids", vp, VP_NEW, V + vname("rq1") + internal + attr(VP_UPCALL_PID, b""))
    run("vport new, upcall pids of 6 bytes", vp, VP_NEW, V + vname("rq1") + internal + attr(VP_UPCALL_PID, b"\1" * 6))
    run("vport new, port 65536", vp, VP_NEW, V + vname("rq1") + internal + vupcall + u32(VP_PORT_NO, 65536))
    run("vport new, port of 2 bytes", vp, VP_NEW, V + vname("rq1") + internal + vupcall + attr(VP_PORT_NO, b"\3\0"))
    run("vport new, name without NUL", vp, VP_NEW, V + attr(VP_NAME, b"rq1") + internal + vupcall)
    run("vport new, name of 16 characters", vp, VP_NEW, V + vname("b" * 16) + internal + vupcall)
    run("vport new, no such datapath", vp, VP_NEW, ovs_header(0x7ffffff0) + vname("rq1") + internal + vupcall)
    run("vport new, netdev with an ifindex", vp, VP_NEW, V + vname("lo") + u32(VP_TYPE, NETDEV) + vupcall + s32(VP_IFINDEX, 5))
    run("vport new, netdev that does not exist", vp, VP_NEW, V + vname("nosuchdev") + u32(VP_TYPE, NETDEV) + vupcall)
    run("vport new, netdev loopback", vp, VP_NEW, V + vname("lo") + u32(VP_TYPE, NETDEV) + vupcall)
    run("vport new, options not nested", vp, VP_NEW, V + vname("rq3") + internal + vupcall + u32(VP_PORT_NO, 3) + u32(VP_OPTIONS, 1))
    run("vport new, port 1", vp, VP_NEW, V + vname("rq1") + internal + vupcall + u32(VP_PORT_NO, 1),
        flags=NLM_F_REQUEST | NLM_F_ACK | 0x8)
    run("vport new, port 1 again", vp, VP_NEW, V + vname("rq2") + internal + vupcall + u32(VP_PORT_NO, 1))
    run("vport get, no name or port", vp, VP_GET, V)
    run("vport get, port 65536", vp, VP_GET, V + u32(VP_PORT_NO, 65536))
    run("vport get, port 77", vp, VP_GET, V + u32(VP_PORT_NO, 77))
    run("vport get, by ifindex", vp, VP_GET, V + s32(VP_IFINDEX, ifindex))
    run("vport set, type change", vp, VP_SET, V + vname("rq1") + u32(VP_TYPE, NETDEV))
    run("vport set, empty upcall pids", vp, VP_SET, V + vname("rq1") + attr(VP_UPCALL_PID, b""))
    run("vport set, three upcall pids", vp, VP_SET, V + vname("rq1") + attr(VP_UPCALL_PID, struct.pack("3I", 4, 5, 6)))
    run("vport del, port 0", vp, VP_DEL, V + u32(VP_PORT_NO, 0))
    run("vport del, wrong datapath", vp, VP_DEL, ovs_header(ifindex + 1000) + vname("rq1"))
    run("vport command 9", vp, 9, V)
    run("vport dump, no such datapath", vp, VP_GET, ovs_header(0x7ffffff0), flags=NLM_F_REQUEST | NLM_F_DUMP)
    run("vport dump", vp, VP_GET, V, flags=NLM_F_REQUEST | NLM_F_DUMP)
    run("vport del, by name", vp, VP_DEL, V + vname("rq1"))

    # Ports whose devices go away: deleted, or moved to another namespace
    # (that notification names the namespace the device went to).
    for veth in ("rqv0", "rqv1"):
        subprocess.run(["ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "p"], check=True)
        run(f"vport new, netdev {veth}", vp, VP_NEW, V + vname(veth) + u32(VP_TYPE, NETDEV) + vupcall)
    subprocess.run(["ip", "netns", "add", "rqns"], check=True)
    subprocess.run(["ip", "link", "del", "rqv0"], check=True)
    subprocess.run(["ip", "link", "set", "rqv1", "netns", "rqns"], check=True)
    time.sleep(1)
    run("vport dump after the devices left", vp, VP_GET, V, flags=NLM_F_REQUEST | NLM_F_DUMP)
    subprocess.run(["ip", "netns", "del", "rqns"], check=True)

    run("dp del", dp, DP_DEL, H + name("rq0"))
    run("dp dump, empty", dp, DP_GET, H, flags=NLM_F_REQUEST | NLM_F_DUMP)

    families = {dp: "datapath", vp: "vport"}
    for kind, payload in listener.pending():
        strings, volatile = ({VP_NAME}, {VP_IFINDEX}) if kind == vp else ({DP_NAME}, set())
        # Whether a moved device's DEL names its new namespace depends on
        # whether the move finished before the removal ran, in both modules.
        hidden = {VP_NETNSID} if kind == vp else set()
        print(f"notification {families.get(kind, kind)}: {describe([payload], strings, volatile, hidden)[4:]}")


if __name__ == "__main__":
    main()
