#!/bin/bash
# Malformed and edge-case genetlink requests, built byte by byte (see
# raw_genetlink.py): the errno of each, and what the successes returned.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

step /usr/bin/python3 "$(dirname "$0")/raw_genetlink.py"
step ovs-dpctl show
