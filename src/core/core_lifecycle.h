// SPDX-License-Identifier: GPL-2.0
// Module-wide objects of the core, valid between ovsdp_core_init() and
// ovsdp_core_exit().
#pragma once

#include "sync/mutex.h"

namespace ovsdp {

// The global datapath lock (the in-tree module's ovs_mutex): datapath and
// vport lifecycle only. No flow operation may take it.
Mutex &datapath_lock();

}  // namespace ovsdp
