#!/bin/bash
# Datapath scenarios for the differential test: run once against each
# module, in one VM boot, by tests/vm/differential.sh. Prints every command
# with its output and exit status; what differs between runs by nature
# (MAC addresses, timestamps) is normalised there, not here.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

step ovs-dpctl add-dp dp0
step ovs-dpctl add-dp dp1
step ovs-dpctl show
step ovs-dpctl show -s dp0
step ovs-dpctl show system@dp1
step ip -o link show dp0
step ip -d -o link show dp0
# The link kind is the datapath's own: not for `ip link add`.
step ip link add dpx type openvswitch
# Already a datapath; already some other device; no such datapath.
step ovs-dpctl add-dp dp0
step ovs-dpctl add-dp lo
step ovs-dpctl del-dp nosuchdp
step ovs-dpctl show nosuchdp
# Longest name a device may have, and one longer.
step ovs-dpctl add-dp dp-fifteen-chr
step ovs-dpctl add-dp dp-sixteen-chars
step ovs-dpctl show dp-fifteen-chr
step ovs-dpctl del-dp dp-fifteen-chr
step ovs-dpctl del-dp dp1
step ovs-dpctl show
step ovs-dpctl del-dp dp0
step ovs-dpctl show

# A namespace deleted with a datapath in it.
step ip netns add ovsdp-diff
step ip netns exec ovsdp-diff ovs-dpctl add-dp dpns
step ip netns exec ovsdp-diff ovs-dpctl show
step ip netns del ovsdp-diff
step ovs-dpctl show
