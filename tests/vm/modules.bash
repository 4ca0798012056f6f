# Sourced by the VM test scripts: switching between the in-tree
# openvswitch.ko and ovsdp's (installed under updates/) within one boot.

unload_openvswitch() {
	modprobe -r openvswitch 2>/dev/null || rmmod openvswitch
	! grep -q '^openvswitch ' /proc/modules
}

load_in_tree() {
	local path dep
	path=$(ls /lib/modules/"$(uname -r)"/kernel/net/openvswitch/openvswitch.ko* | head -1)
	for dep in $(modinfo -F depends "$path" | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$path"
}

load_ovsdp() {
	modprobe openvswitch && modinfo -n openvswitch | grep -q /updates/
}

# load_module in-tree|ovsdp
load_module() {
	"load_${1/-/_}"
}
