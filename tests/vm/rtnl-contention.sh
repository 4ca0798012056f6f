#!/bin/bash
# In a VM: tests/vm/rtnl_contention.py against the in-tree module and then
# ovsdp, in one boot (rtnl_holder.ko installed beside ovsdp). ovsdp's flow
# commands must finish while RTNL is held elsewhere; the in-tree module's
# must wait, or the setup proves nothing.
set -u -o pipefail
# shellcheck source=modules.bash
. "$(dirname "$0")/modules.bash"
status=0
for module in in-tree ovsdp; do
	unload_openvswitch || { echo "rtnl-contention: cannot unload openvswitch"; exit 1; }
	load_module "$module" || { echo "rtnl-contention: cannot load $module"; exit 1; }
	/usr/bin/python3 "$(dirname "$0")/rtnl_contention.py" "$module" || status=1
done
unload_openvswitch
exit $status
