# Sourced by the flow scenarios in tests/diff/ (after common.bash): what
# they need to drive ovs-dpctl and ovs-appctl dpctl/* deterministically.

# A private ovsdb-server and ovs-vswitchd (no bridges, so it never touches
# a datapath on its own) for ovs-appctl dpctl/*, with all their files
# under one directory of the VM's /tmp. ovs-appctl finds them through
# OVS_RUNDIR. ovs_stop runs at exit, so that the next module's run can
# start them afresh.
export OVS_RUNDIR=/tmp/ovsdp-vswitchd OVS_LOGDIR=/tmp/ovsdp-vswitchd OVS_DBDIR=/tmp/ovsdp-vswitchd

ovs_stop() {
	local daemon pid
	for daemon in ovs-vswitchd ovsdb-server; do
		pid=$(cat "$OVS_RUNDIR/$daemon.pid" 2>/dev/null) || continue
		ovs-appctl -t "$daemon" exit >/dev/null 2>&1 || kill "$pid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		rm -f "$OVS_RUNDIR/$daemon.pid"
	done
}
trap ovs_stop EXIT

# Prints nothing on success; on failure, what the daemons said.
ovs_start() {
	ovs_stop
	rm -rf "$OVS_RUNDIR"
	mkdir -p "$OVS_RUNDIR"
	if ovsdb-tool create "$OVS_DBDIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema &&
	   ovsdb-server "$OVS_DBDIR/conf.db" --remote="punix:$OVS_RUNDIR/db.sock" --pidfile --detach \
	                --no-chdir --log-file &&
	   ovs-vsctl --no-wait init &&
	   ovs-vswitchd --pidfile --detach --no-chdir --log-file; then
		return 0
	fi >"$OVS_RUNDIR/start.log" 2>&1
	cat "$OVS_RUNDIR/start.log" "$OVS_LOGDIR"/*.log
	return 1
}

# sorted COMMAND...: COMMAND's output in sorted order, then its stderr in
# sorted order (apart: a stderr line can land inside a stdout line that a
# full buffer split), and its exit status. Dumps come in hash order,
# which is the module's business. Two things are left out:
# - ovs-vswitchd gives a flow whose string has no ufid: a UFID of its own,
#   a hash of the key under a secret it draws at start (in UUID v4 form):
#   those print as ufid:HASHED. (The UFIDs the scenarios choose never
#   look like UUID v4.)
# - odp_util's complaints about flows userspace cannot parse back (with
#   filter=): rate-limited, so which of them show depends on dump order.
sorted() {
	local err status
	err=$(mktemp)
	"$@" 2>"$err" | _sorted_filter
	status=${PIPESTATUS[0]}
	grep -v '|odp_util|' "$err" | _sorted_filter
	rm -f "$err"
	return "$status"
}

_sorted_filter() {
	sed -E 's/ufid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/ufid:HASHED/g' | sort
}

# before_6_12 COMMAND...: COMMAND, except from 6.12 on, whose in-tree
# module trips FORTIFY_SOURCE when a set(tunnel) action carries options
# ("memcpy: detected field-spanning write ... include/net/ip_tunnels.h",
# a WARN from validate_and_copy_set_tun), which fails the VM run.
before_6_12() {
	if [ "$(printf '%s\n' 6.12 "$(uname -r)" | sort -V | head -1)" = 6.12 ]; then
		echo "skipped from 6.12 on: the in-tree module WARNs on set(tunnel) with options"
		return 0
	fi
	"$@"
}
