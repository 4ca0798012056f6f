// SPDX-License-Identifier: GPL-2.0
#include "datapath/datapath.h"

#include "core_lifecycle.h"

namespace ovsdp {

Datapath::Datapath(const DatapathConfig &config, FlowTable *initial_table)
	: table(datapath_lock(), initial_table), next(datapath_lock()), per_cpu_upcall_pids(datapath_lock()),
	  ports_(datapath_lock()), name_{},
	  ifindex_(config.ifindex), user_features_(config.user_features)
{
	for (size_t i = 0; i + 1 < datapath_name_size && config.name[i]; i++)
		name_[i] = config.name[i];
}

void Datapath::set_user_features(u32 features, const MutexGuard &global)
{
	OVSDP_CHECK(&global.mutex() == &datapath_lock());
	__atomic_store_n(&user_features_, features, __ATOMIC_RELAXED);
}

Vport *Datapath::port(u32 port_no, const MutexGuard &global) const
{
	for (Vport *vport = ports_.get(global); vport && vport->port_no() <= port_no;
	     vport = vport->next.get(global))
		if (vport->port_no() == port_no)
			return vport;
	return nullptr;
}

Vport *Datapath::port(const char *name, const MutexGuard &global) const
{
	char current[vport_name_size];
	for (Vport *vport = ports_.get(global); vport; vport = vport->next.get(global)) {
		vport->current_name(current);
		if (device_names_equal(current, name))
			return vport;
	}
	return nullptr;
}

u32 Datapath::free_port_number(const MutexGuard &global) const
{
	u32 candidate = 1;
	for (Vport *vport = ports_.get(global); vport; vport = vport->next.get(global)) {
		if (vport->port_no() < candidate)
			continue;
		if (vport->port_no() > candidate)
			break;
		candidate++;
	}
	return candidate < max_ports ? candidate : 0;
}

void Datapath::insert_port(Vport *vport, const MutexGuard &global)
{
	RcuPtr<Vport> *link = &ports_;
	Vport *after = link->get(global);
	while (after && after->port_no() < vport->port_no()) {
		link = &after->next;
		after = link->get(global);
	}
	vport->next.exchange(after, global);
	link->exchange(vport, global);
}

void Datapath::remove_port(Vport *vport, const MutexGuard &global)
{
	RcuPtr<Vport> *link = &ports_;
	for (Vport *at = link->get(global); at; at = link->get(global)) {
		if (at == vport) {
			link->exchange(vport->next.get(global), global);
			return;
		}
		link = &at->next;
	}
	OVSDP_CHECK(!"removing a port the datapath does not have");
}

}  // namespace ovsdp
