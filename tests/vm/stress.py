#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Datapath and port churn from several processes at once, bounded in time,
for the debug kernel (lockdep, KASAN and kmemleak watch; the VM runner fails
the run on any report):
  - datapath workers create and delete datapaths and internal ports over
    genetlink, on a small shared pool of names so they collide;
  - a veth worker attaches veths as netdev ports, moves them to another
    namespace and back (their ports must go, with a notification), and
    deletes them under the datapath;
  - a namespace worker creates namespaces with datapaths in them and deletes
    the namespaces.
Errors that the races explain are counted; any other fails the run. At the
end nothing of ours may be left.

Usage: stress.py [SECONDS]
"""
import errno
import multiprocessing
import os
import random
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from genetlink import (DP_DEL, DP_GET, DP_NAME, DP_NEW, DP_UPCALL_PID, INTERNAL, NETDEV,  # noqa: E402
                       NLM_F_DUMP, NLM_F_REQUEST, VP_DEL, VP_NAME, VP_NEW, VP_TYPE, VP_UPCALL_PID,
                       Genetlink, ovs_header, string, u32)

DATAPATHS = [f"stdp{i}" for i in range(3)]
# What concurrent changes explain: the name was taken or freed meanwhile,
# the device moved away, or it joined another datapath first.
RACES = {errno.EEXIST, errno.ENODEV, errno.EBUSY, errno.ENOENT}


class Worker:
    def __init__(self, name, deadline, results):
        self.name, self.deadline, self.results = name, deadline, results
        self.ops = self.races = 0
        self.unexpected = []

    def check(self, what, code):
        self.ops += 1
        if code in RACES:
            self.races += 1
        elif code:
            self.unexpected.append(f"{what}: {errno.errorcode.get(code, code)}")

    def finish(self):
        self.results.put((self.name, self.ops, self.races, self.unexpected[:10]))


def dp_ifindex(nl, dp_family, name):
    code, _, replies = nl.send(dp_family, DP_GET, ovs_header() + string(DP_NAME, name))
    return (struct.unpack_from("i", replies[0], 4)[0] if not code else 0), code


def datapath_worker(index, deadline, results):
    w = Worker(f"datapaths-{index}", deadline, results)
    rng = random.Random(index)
    nl = Genetlink()
    dp, vp = nl.family("ovs_datapath"), nl.family("ovs_vport")
    while time.monotonic() < deadline:
        name = rng.choice(DATAPATHS)
        roll = rng.random()
        if roll < 0.25:
            code, _, _ = nl.send(dp, DP_NEW, ovs_header() + string(DP_NAME, name) + u32(DP_UPCALL_PID, 100 + index))
            w.check(f"new {name}", code)
        elif roll < 0.40:
            code, _, _ = nl.send(dp, DP_DEL, ovs_header() + string(DP_NAME, name))
            w.check(f"del {name}", code)
        elif roll < 0.70:
            ifindex, code = dp_ifindex(nl, dp, name)
            w.check(f"get {name}", code)
            if ifindex:
                port = f"stp{index}{rng.randrange(4)}"
                code, _, _ = nl.send(vp, VP_NEW, ovs_header(ifindex) + string(VP_NAME, port) +
                                     u32(VP_TYPE, INTERNAL) + u32(VP_UPCALL_PID, 7))
                w.check(f"add {port} to {name}", code)
        elif roll < 0.90:
            port = f"stp{index}{rng.randrange(4)}"
            code, _, _ = nl.send(vp, VP_DEL, ovs_header() + string(VP_NAME, port))
            w.check(f"del {port}", code)
        else:
            code, _, _ = nl.send(dp, DP_GET, ovs_header(), flags=NLM_F_REQUEST | NLM_F_DUMP)
            w.check("dump", code)
    w.finish()


def veth_worker(deadline, results):
    from pyroute2 import IPRoute, NetNS, netns  # Debian's python3-pyroute2: no fork/exec per change

    w = Worker("veths", deadline, results)
    rng = random.Random(99)
    nl = Genetlink()
    dp, vp = nl.family("ovs_datapath"), nl.family("ovs_vport")
    netns.create("stveth")
    home, away = IPRoute(), NetNS("stveth")

    def quietly(call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except Exception:
            return None

    n = 0
    while time.monotonic() < deadline:
        a, b = f"stva{n % 4}", f"stvb{n % 4}"
        n += 1
        for index in home.link_lookup(ifname=a):
            quietly(home.link, "del", index=index)
        if quietly(home.link, "add", ifname=a, kind="veth", peer=b) is None:
            continue
        ifindex, code = dp_ifindex(nl, dp, rng.choice(DATAPATHS))
        w.check("get for veth", code)
        if ifindex:
            code, _, _ = nl.send(vp, VP_NEW, ovs_header(ifindex) + string(VP_NAME, a) +
                                 u32(VP_TYPE, NETDEV) + u32(VP_UPCALL_PID, 9))
            w.check(f"add {a}", code)
        roll = rng.random()
        index = (home.link_lookup(ifname=a) or [0])[0]
        if roll < 0.5 and index:
            # Leaving the namespace unregisters the device here: its port goes.
            quietly(home.link, "set", index=index, net_ns_fd="stveth")
            for moved in away.link_lookup(ifname=a):
                quietly(away.link, "set", index=moved, net_ns_pid=1)  # NetNS works from its own process
        elif roll < 0.8 and index:
            quietly(home.link, "del", index=index)
        else:
            code, _, _ = nl.send(vp, VP_DEL, ovs_header() + string(VP_NAME, a))
            w.check(f"del {a}", code)
    for i in range(4):
        for index in home.link_lookup(ifname=f"stva{i}"):
            quietly(home.link, "del", index=index)
    away.close()
    netns.remove("stveth")
    w.finish()


def datapath_in_namespace(ns):
    """In a child process: enters @ns and creates a datapath there."""
    from pyroute2 import netns

    netns.setns(ns)
    nl = Genetlink()
    code, _, _ = nl.send(nl.family("ovs_datapath"), DP_NEW,
                         ovs_header() + string(DP_NAME, "stnsdp") + u32(DP_UPCALL_PID, 5))
    os._exit(code)


def netns_worker(deadline, results):
    from pyroute2 import netns

    w = Worker("namespaces", deadline, results)
    n = 0
    while time.monotonic() < deadline:
        ns = f"stns{n % 2}"
        n += 1
        try:
            netns.create(ns)
        except Exception:
            continue
        child = os.fork()
        if child == 0:
            datapath_in_namespace(ns)
        _, status = os.waitpid(child, 0)
        w.check(f"add-dp in {ns}", os.waitstatus_to_exitcode(status))
        # The namespace goes with its datapath in it.
        netns.remove(ns)
    w.finish()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    # Imported once here, before the clock starts, for the forked workers:
    # under a debug kernel in TCG the import alone takes half a minute.
    import pyroute2.iproute  # noqa: F401
    import pyroute2.netns  # noqa: F401
    deadline = time.monotonic() + seconds
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=datapath_worker, args=(i, deadline, results)) for i in range(3)]
    workers.append(multiprocessing.Process(target=veth_worker, args=(deadline, results)))
    workers.append(multiprocessing.Process(target=netns_worker, args=(deadline, results)))
    for p in workers:
        p.start()
    for p in workers:
        p.join(max(1, deadline + 300 - time.monotonic()))
    reports = []
    while len(reports) < len(workers):
        try:
            reports.append(results.get(timeout=1))
        except Exception:
            break

    failed = False
    for name, ops, races, unexpected in sorted(reports):
        print(f"stress: {name}: {ops} requests, {races} lost a race")
        for line in unexpected:
            print(f"stress: {name}: unexpected {line}")
            failed = True
        if ops == 0:
            print(f"stress: {name}: did nothing")
            failed = True
    if any(p.exitcode for p in workers) or len(reports) < len(workers):
        print(f"stress: a worker died or hung (exit codes {[p.exitcode for p in workers]})")
        failed = True
        for p in workers:
            if p.is_alive():
                p.kill()

    # Clean up, then nothing of ours may remain.
    nl = Genetlink()
    dp = nl.family("ovs_datapath")
    for name in DATAPATHS:
        nl.send(dp, DP_DEL, ovs_header() + string(DP_NAME, name))
    code, _, replies = nl.send(dp, DP_GET, ovs_header(), flags=NLM_F_REQUEST | NLM_F_DUMP)
    if code or replies:
        print(f"stress: {len(replies)} datapaths left after cleanup (dump: {code})")
        failed = True
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    left = [line.split(":")[1].strip() for line in links.splitlines() if ": st" in line]
    if left:
        print(f"stress: devices left: {' '.join(left)}")
        failed = True
    print(f"stress: {'FAILED' if failed else 'ok'} after {seconds:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
