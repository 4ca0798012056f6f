#!/bin/bash
# In the debug VM: loads ovsdp_kunit.ko, whose suites run at load, and prints
# each suite's KTAP results with a prefix that tests/kunit-results picks out
# of the console log.
set -eu
modprobe ovsdp_kunit
found=0
for suite in /sys/kernel/debug/kunit/ovsdp_*; do
	[ -r "$suite/results" ] || continue
	found=1
	sed 's/^/ovsdp-ktap: /' "$suite/results"
done
rmmod ovsdp_kunit
[ $found = 1 ] || { echo "kunit: no ovsdp suites in debugfs" >&2; exit 1; }
