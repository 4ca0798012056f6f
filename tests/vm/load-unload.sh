#!/bin/bash
# In a VM: ovsdp installed under updates/ is what `modprobe openvswitch`
# loads; a genetlink lookup of an Open vSwitch family autoloads it, as it
# autoloads the in-tree module; it logs its version and unloads cleanly.
set -euo pipefail
fail() { echo "load-unload: FAIL: $*" >&2; exit 1; }
loaded() { grep -q '^openvswitch ' /proc/modules; }

version=$(cat VERSION)
path=$(modinfo -n openvswitch)
case "$path" in
	*/updates/openvswitch.ko) ;;
	*) fail "modinfo -n openvswitch names $path, not the updates/ copy" ;;
esac
[ "$(modinfo -F version openvswitch)" = "$version" ] || fail "modinfo version is not $version"
[ "$(modinfo -F license openvswitch)" = GPL ] || fail "license is not GPL"
for family in ovs_datapath ovs_vport ovs_flow ovs_packet ovs_meter ovs_ct_limit; do
	modinfo -F alias openvswitch | grep -qx "net-pf-16-proto-16-family-$family" ||
		fail "no genetlink alias for $family"
done
modinfo -F alias openvswitch | grep -qx "rtnl-link-openvswitch" || fail "no alias for link kind openvswitch"

loaded && fail "openvswitch loaded before the test"
modprobe openvswitch
loaded || fail "modprobe openvswitch did not load it"
dmesg | grep -q "openvswitch: ovsdp $version loaded" || fail "no load message with the version"
rmmod openvswitch
loaded && fail "rmmod left it loaded"
dmesg | grep -q "openvswitch: ovsdp $version unloaded" || fail "no unload message"

# ovs-dpctl resolves the ovs_datapath family: the kernel's request_module
# for the family alias must bring ovsdp in (the families themselves arrive
# with the datapath issue, so the command's own result does not matter here).
ovs-dpctl show >/dev/null 2>&1 || true
loaded || fail "a genetlink lookup of ovs_datapath did not autoload openvswitch"
rmmod openvswitch

# Unlike the in-tree module, which stays pinned while it has datapaths,
# ovsdp unloads with datapaths present and takes them down with it, in every
# namespace.
modprobe openvswitch
ip netns add ovsdp-unload
ovs-dpctl add-dp ovsdp-left 2>/dev/null || fail "add-dp before unload"
ip netns exec ovsdp-unload ovs-dpctl add-dp ovsdp-left-ns 2>/dev/null || fail "add-dp in a namespace"
rmmod openvswitch || fail "rmmod with datapaths present"
ip link show ovsdp-left >/dev/null 2>&1 && fail "the datapath device outlived the module"
ip netns exec ovsdp-unload ip link show ovsdp-left-ns >/dev/null 2>&1 &&
	fail "the namespace's datapath device outlived the module"
ip netns del ovsdp-unload
echo "load-unload: ok ($path)"
