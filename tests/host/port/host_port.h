// SPDX-License-Identifier: GPL-2.0
// Test controls of the userspace kernel port: allocation fault injection and
// the count of WARNs the core raised (each one fails the running test unless
// the test declared it expected).
#pragma once

namespace ovsdp::host_port {

// The next `count` allocations fail, after `skip` more succeed.
void fail_allocations(int count, int skip = 0);
// Allocations still to fail.
int pending_allocation_failures();

// The last flow netlink log message of this thread ("" if none), and how
// many there were; the host port prints none of them.
const char *last_netlink_log();
int netlink_log_count();

int warnings();
void reset_warnings();

}  // namespace ovsdp::host_port
