#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Flow commands while RTNL is held elsewhere: the reason ovsdp exists.

rtnl_holder.ko takes RTNL in its init and keeps it; a vport add queues
behind it (in-tree: holding ovs_mutex while it waits; ovsdp: holding the
global datapath lock). Then flow NEW, SET, GET, dump and DEL go out over
genetlink. For each the script records whether it finished while the holder
still held RTNL (its "held" parameter), which is a fact, not a timing, and
prints how long it took, for the note.

Usage: rtnl_contention.py in-tree|ovsdp   (the module already loaded)
Exits 0 if ovsdp finished every flow command under RTNL, or if the in-tree
module finished none (it must wait: otherwise this test shows nothing).
"""
import os
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from genetlink import *  # noqa: E402,F401,F403

HOLD_MS = 6000
HELD = "/sys/module/rtnl_holder/parameters/held"
FLOW_NEW, FLOW_DEL, FLOW_GET, FLOW_SET = 1, 2, 3, 4
FLOW_KEY, FLOW_ACTIONS, FLOW_UFID = 1, 2, 9
KEY_IN_PORT, KEY_ETHERNET, KEY_ETHERTYPE, KEY_IPV4 = 3, 4, 6, 7
ACTION_OUTPUT = 1


def holder_holds():
    try:
        with open(HELD) as f:
            return f.read().strip() == "1"
    except OSError:
        return False


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def flow_body(dp_ifindex, output_port):
    key = (u32(KEY_IN_PORT, 1) + attr(KEY_ETHERNET, bytes(12)) +
           attr(KEY_ETHERTYPE, struct.pack(">H", 0x0800)) +
           attr(KEY_IPV4, struct.pack(">IIBBBB", 0x0a000001, 0x0a000002, 47, 0, 64, 0)))
    return (ovs_header(dp_ifindex) + attr(FLOW_KEY, key) + attr(FLOW_UFID, bytes(range(16))) +
            attr(FLOW_ACTIONS, u32(ACTION_OUTPUT, output_port)))


def add_port(dp_ifindex):
    nl = Genetlink()
    nl.send(nl.family("ovs_vport"), VP_NEW, ovs_header(dp_ifindex) + string(VP_NAME, "rtnlq") +
            u32(VP_TYPE, INTERNAL) + u32(VP_UPCALL_PID, 0))


def main():
    module = sys.argv[1]
    nl = Genetlink()
    datapath, flows = nl.family("ovs_datapath"), nl.family("ovs_flow")
    code, _, _ = nl.send(datapath, DP_NEW, ovs_header() + string(DP_NAME, "rtnldp") + u32(DP_UPCALL_PID, 0))
    if code:
        sys.exit(f"rtnl_contention: cannot create the datapath: {code}")
    try:
        run(nl, module, datapath, flows)
    finally:
        nl.send(datapath, DP_DEL, ovs_header() + string(DP_NAME, "rtnldp"))


def run(nl, module, datapath, flows):
    code, _, replies = nl.send(datapath, DP_GET, ovs_header() + string(DP_NAME, "rtnldp"))
    if code or not replies:
        sys.exit(f"rtnl_contention: cannot read the datapath back: {code}")
    dp_ifindex = struct.unpack_from("i", replies[0], 4)[0]

    holder = subprocess.Popen(["modprobe", "rtnl_holder", f"hold_ms={HOLD_MS}"])
    if not wait_for(holder_holds, 30):
        sys.exit("rtnl_contention: rtnl_holder never took RTNL")
    # A port add now waits for RTNL, holding the lock that orders before it
    # (sent raw: ovs-dpctl would wait for RTNL in its own device queries
    # before it ever asked the datapath).
    port_add = threading.Thread(target=add_port, args=(dp_ifindex,))
    port_add.start()
    time.sleep(1)

    requests = [
        ("NEW", FLOW_NEW, flow_body(dp_ifindex, 1), NLM_F_REQUEST | NLM_F_ACK | 0x400),  # NLM_F_CREATE
        ("SET", FLOW_SET, flow_body(dp_ifindex, 2), NLM_F_REQUEST | NLM_F_ACK),
        ("GET", FLOW_GET, ovs_header(dp_ifindex) + attr(FLOW_UFID, bytes(range(16))), NLM_F_REQUEST | NLM_F_ACK),
        ("dump", FLOW_GET, ovs_header(dp_ifindex), NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP),
        ("DEL", FLOW_DEL, ovs_header(dp_ifindex) + attr(FLOW_UFID, bytes(range(16))), NLM_F_REQUEST | NLM_F_ACK),
    ]
    results = []
    for name, cmd, body, flags in requests:
        start = time.monotonic()
        code, _, _ = nl.send(flows, cmd, body, flags=flags)
        elapsed = (time.monotonic() - start) * 1000
        under_rtnl = holder_holds()
        results.append((name, code, under_rtnl))
        print(f"rtnl_contention: {module}: flow {name}: errno {code}, "
              f"{'done while RTNL was held' if under_rtnl else 'done after RTNL was released'} ({elapsed:.0f} ms)")

    holder.wait()
    port_add.join()
    subprocess.run(["rmmod", "rtnl_holder"], check=False)

    failed = [name for name, code, _ in results if code]
    if failed:
        sys.exit(f"rtnl_contention: {module}: flow commands failed: {failed}")
    held = [under for _, _, under in results]
    if module == "ovsdp" and not all(held):
        sys.exit("rtnl_contention: ovsdp: a flow command waited for RTNL")
    if module == "in-tree" and any(held):
        sys.exit("rtnl_contention: in-tree: a flow command did not wait: the setup shows nothing")
    print(f"rtnl_contention: {module}: as expected")


main()
