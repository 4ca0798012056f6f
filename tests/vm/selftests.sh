#!/bin/bash
# In a VM: runs the kernel's own openvswitch selftests (unpacked by
# tests/selftests/extract into DIR) against the in-tree module and against
# ovsdp in the same boot, and judges ovsdp by tests/selftests/expected.
# Prints one line per test and module; leaves the outputs in /tmp/selftests/.
#
# Usage: selftests.sh DIR SERIES
set -u -o pipefail
dir=$1 series=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=modules.bash
. "$here/modules.bash"
out=/tmp/selftests
mkdir -p "$out"

# Debian's pyroute2 lives in /usr/bin/python3's path; the selftest calls
# "python3" and parses pyroute2's version (see tests/selftests/sitecustomize.py).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PYTHONPATH=$here/../selftests
mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null

# result FILE TEST: OK, FAIL or what the selftest printed instead.
result() {
	sed -nE "s/^TEST: .*\[ ?([A-Z]+) ?\]$/\1/p" "$1" | grep -v START | tail -1
}

status=0 ran=0
while read -r s test expectation text; do
	[ "$s" = "$series" ] || continue
	ran=$((ran + 1))
	declare -A outcome=()
	for module in in-tree ovsdp; do
		unload_openvswitch || { echo "selftests: cannot unload openvswitch before $module"; exit 1; }
		load_module "$module" || { echo "selftests: cannot load $module"; exit 1; }
		log=$out/$series-$test.$module.txt
		(cd "$dir" && timeout 900 bash ./openvswitch.sh -v "$test") >"$log" 2>&1
		outcome[$module]=$(result "$log")
		echo "selftests: $series $test: ${outcome[$module]:-no result} against $module"
		unload_openvswitch || { echo "selftests: cannot unload $module"; status=1; }
	done
	case $expectation in
	parity)
		if [ "${outcome[ovsdp]}" != "${outcome[in-tree]}" ] || [ -z "${outcome[ovsdp]}" ]; then
			echo "selftests: $series $test: FAIL: ovsdp ${outcome[ovsdp]:-none}, in-tree ${outcome[in-tree]:-none}"
			sed 's/^/  ovsdp: /' "$out/$series-$test.ovsdp.txt"
			status=1
		fi
		;;
	reaches)
		if ! grep -qF -- "$text" "$out/$series-$test.ovsdp.txt" ||
		   ! grep -qF -- "$text" "$out/$series-$test.in-tree.txt"; then
			echo "selftests: $series $test: FAIL: ovsdp did not reach \"$text\""
			sed 's/^/  ovsdp: /' "$out/$series-$test.ovsdp.txt"
			status=1
		fi
		;;
	*)
		echo "selftests: unknown expectation $expectation"
		status=1
		;;
	esac
	unset outcome
done < <(grep -v -e '^#' -e '^$' "$here/../selftests/expected")
[ $ran -gt 0 ] || { echo "selftests: nothing listed for $series"; status=1; }
echo "selftests: $series: $ran tests, $([ $status -eq 0 ] && echo as expected || echo NOT as expected)"
exit $status
