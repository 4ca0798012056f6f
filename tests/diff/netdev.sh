#!/bin/bash
# netdev vport scenarios for the differential test (see tests/diff/datapath.sh):
# attaching veths, refusals (another datapath's port, loopback, a datapath's
# own device, a missing device), a device deleted under its datapath, and
# one moved to another namespace and back.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

step ip link add v0 type veth peer name v1
step ip link add v2 type veth peer name v3
step ovs-dpctl add-dp dp0
step ovs-dpctl add-dp dp1
step ovs-dpctl add-if dp0 v0
step ovs-dpctl add-if dp0 v2,port_no=7
step ovs-dpctl show dp0
step ip -o link show v0
# Already a port elsewhere; loopback; a datapath's own device; missing.
step ovs-dpctl add-if dp1 v0
step ovs-dpctl add-if dp0 lo
step ovs-dpctl add-if dp0 dp1
step ovs-dpctl add-if dp0 nosuchdev
step ovs-dpctl del-if dp0 v2
step ip -o link show v2
# Deleted under the datapath: the port goes with it.
step ip link del v0
step sleep 1
step ovs-dpctl show dp0
step ovs-dpctl add-if dp1 v2
step ovs-dpctl del-dp dp1
step ip -o link show v2
# Moved to another namespace: its port goes (the device is unregistered
# here); back home, it can join again.
step ip netns add elsewhere
step ovs-dpctl add-if dp0 v2
step ip link set v2 netns elsewhere
step sleep 1
step ovs-dpctl show dp0
step ip -n elsewhere link set v2 netns 1
step ovs-dpctl add-if dp0 v2
step ovs-dpctl show dp0
# Renamed while a port: replies show the new name.
step ip link set v2 down
step ip link set v2 name v9
step ovs-dpctl show dp0
step ip link set v9 name v2
step ip netns del elsewhere
step ovs-dpctl del-dp dp0
step ip link del v2
