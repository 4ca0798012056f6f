// SPDX-License-Identifier: GPL-2.0
// The core's state for one network namespace (struct ovsdp_net of
// include/ovsdp/core.h): its datapaths, and the namespace the glue named.
#pragma once

#include <ovsdp/core.h>

#include "datapath/datapath_registry.h"

struct ovsdp_net {
	explicit ovsdp_net(void *netns) : netns(netns) {}
	void *netns;
	ovsdp::DatapathRegistry registry;
};
