// SPDX-License-Identifier: GPL-2.0
// A namespace-scope object whose constructor must run at load.
#include <ovsdp/kernel_port.h>

namespace {
struct Registry {
	Registry() : entries(ovsdp_kp_rcu_read_held() + 1) {}
	int entries;
};
Registry registry;
}  // namespace

extern "C" int ovsdp_guard_probe(void);
extern "C" int ovsdp_guard_probe(void)
{
	return registry.entries;
}
