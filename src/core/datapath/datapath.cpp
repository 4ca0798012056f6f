// SPDX-License-Identifier: GPL-2.0
#include "datapath/datapath.h"

#include "core_lifecycle.h"

namespace ovsdp {

Datapath::Datapath(const DatapathConfig &config, FlowTable *initial_table)
	: table(datapath_lock(), initial_table), next(datapath_lock()), name_{},
	  ifindex_(config.ifindex), upcall_pid_(config.upcall_pid), user_features_(config.user_features)
{
	for (size_t i = 0; i + 1 < datapath_name_size && config.name[i]; i++)
		name_[i] = config.name[i];
}

void Datapath::set_upcall_pid(u32 pid, const MutexGuard &global)
{
	OVSDP_CHECK(&global.mutex() == &datapath_lock());
	__atomic_store_n(&upcall_pid_, pid, __ATOMIC_RELAXED);
}

void Datapath::set_user_features(u32 features, const MutexGuard &global)
{
	OVSDP_CHECK(&global.mutex() == &datapath_lock());
	__atomic_store_n(&user_features_, features, __ATOMIC_RELAXED);
}

}  // namespace ovsdp
