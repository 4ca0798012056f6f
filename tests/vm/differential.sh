#!/bin/bash
# In a VM: runs scenario scripts (default: every tests/diff/*.sh) against
# the in-tree openvswitch.ko and against ovsdp in the same boot, and fails
# if what userspace saw differs, after normalising what differs by nature
# and dropping the lines tests/diff/known-differences lists.
# Leaves both transcripts in /tmp/differential/.
#
# Usage: differential.sh [--ovsdp-only] [SCENARIO...]
#   --ovsdp-only: run the scenario against ovsdp alone (debug kernels, where
#   the point is lockdep, KASAN and kmemleak watching, and time is dear).
set -u -o pipefail
modules="in-tree ovsdp"
if [ "${1:-}" = --ovsdp-only ]; then
	modules=ovsdp
	shift
fi
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=("$(dirname "$0")"/../diff/*.sh)
out=/tmp/differential
mkdir -p "$out"

# shellcheck source=modules.bash
. "$(dirname "$0")/modules.bash"

grep -v -e '^#' -e '^$' "$(dirname "$0")/../diff/known-differences" >"$out/known-differences"

normalise() {
	sed -E -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\|[0-9]+\|/TIME|/' \
	       -e 's/link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2}/link\/ether MAC/' \
	       -e 's/brd ([0-9a-f]{2}:){5}[0-9a-f]{2}/brd MAC/' \
	       -e 's/^[0-9]+: /N: /' |
	{ grep -vEf "$out/known-differences" || true; }
}

status=0
for scenario in "${scenarios[@]}"; do
	name=$(basename "$scenario" .sh)
	for module in $modules; do
		unload_openvswitch || { echo "differential: cannot unload openvswitch before $module"; exit 1; }
		load_module "$module" || { echo "differential: cannot load $module"; exit 1; }
		bash "$scenario" | normalise >"$out/$name.$module.txt"
		unload_openvswitch || { echo "differential: cannot unload $module"; status=1; }
	done

	# A transcript that lost commands (the scenario died, a pipe broke)
	# must not compare equal to another that lost the same ones.
	expected=$(grep -c '^step ' "$scenario")
	for module in $modules; do
		ran=$(grep -c '^\$ ' "$out/$name.$module.txt")
		if [ "$ran" -ne "$expected" ]; then
			echo "differential: $name: $module ran $ran of $expected commands"
			status=1
		fi
	done

	if [ "$modules" = ovsdp ]; then
		echo "differential: $name: $expected commands against ovsdp alone"
	elif diff -u "$out/$name.in-tree.txt" "$out/$name.ovsdp.txt"; then
		echo "differential: $name: $expected commands, identical results"
	else
		echo "differential: $name: results differ (above: - in-tree, + ovsdp)"
		status=1
	fi
done
exit $status
