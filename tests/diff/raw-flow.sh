#!/bin/bash
# Malformed and edge-case ovs_flow requests, built byte by byte (see
# raw_flow.py): the errno of each, what the successes returned, and the
# notifications the ovs_flow multicast group carried.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

step /usr/bin/python3 "$(dirname "$0")/raw_flow.py"
step ovs-dpctl show
