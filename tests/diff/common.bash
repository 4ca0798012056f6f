# Sourced by every scenario in tests/diff/ (not itself a scenario: it does
# not end in .sh). step prints a command, its output and its exit status.

# No IPv6 autoconfiguration traffic out of new ports: what the datapath does
# with packets is the fast path's test, and its timing is not ours.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

step() {
	echo "\$ $*"
	"$@" 2>&1
	echo "[exit $?]"
}
