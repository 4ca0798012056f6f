#!/bin/bash
# Vport scenarios for the differential test (see tests/diff/datapath.sh):
# internal ports, requested and automatic port numbers, duplicates, missing
# ports, and ports going with their datapath.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

step ovs-dpctl add-dp dp0
step ovs-dpctl add-if dp0 p1,type=internal
step ovs-dpctl add-if dp0 p5,type=internal,port_no=5
step ovs-dpctl add-if dp0 p2,type=internal
step ovs-dpctl show dp0
step ip -o link show p5
# An internal port is an ordinary device to ip: MTU within 68..65535, up.
step ip link set p5 mtu 9000
step ip link set p5 mtu 65536
step ip link set p5 mtu 67
step ip link set p5 up
step ip -o link show p5
step ip link set p5 down
# Number taken, name taken by a port, by another device, by the datapath.
step ovs-dpctl add-if dp0 p6,type=internal,port_no=5
step ovs-dpctl add-if dp0 p1,type=internal
step ovs-dpctl add-if dp0 lo,type=internal
step ovs-dpctl add-if dp0 dp0,type=internal
step ovs-dpctl add-if nosuchdp p7,type=internal
step ovs-dpctl del-if dp0 p5
step ovs-dpctl del-if dp0 nosuchport
step ovs-dpctl add-if dp0 p3,type=internal
step ovs-dpctl show -s dp0
step ovs-dpctl set-if dp0 p3,type=internal
step ovs-dpctl del-dp dp0
step ip -o link show p1
step ovs-dpctl show
