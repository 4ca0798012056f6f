// SPDX-License-Identifier: GPL-2.0
// A datapath: its identity and settings, and the RCU pointer through which
// flow operations reach its flow table. Lifecycle and settings change under
// the global datapath lock; flow operations and stats readers use RCU only.
#pragma once

#include <ovsdp/core.h>

#include "datapath/flow_table.h"
#include "datapath/upcall_pids.h"
#include "datapath/vport.h"
#include "runtime/result.h"
#include "sync/mutex.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"

namespace ovsdp {

inline constexpr size_t datapath_name_size = 16;  // IFNAMSIZ, with the NUL

struct DatapathConfig {
	const char *name;
	int ifindex;  // of the datapath's own internal device (port 0)
	u32 user_features;
};

class Datapath {
public:
	const char *name() const { return name_; }
	int ifindex() const { return ifindex_; }

	// Settings: written under the global datapath lock, read anywhere.
	u32 user_features() const { return __atomic_load_n(&user_features_, __ATOMIC_RELAXED); }
	void set_user_features(u32 features, const MutexGuard &global);

	// The flow table; NULL once the datapath is being deleted. Written under
	// the global datapath lock, read under RCU.
	RcuPtr<FlowTable> table;

	// The next datapath of the namespace's registry, under the same rules.
	RcuPtr<Datapath> next;

	// With OVS_DP_F_DISPATCH_UPCALL_PER_CPU, upcalls from CPU n go to
	// entry n; under the same rules.
	UpcallPidsSlot per_cpu_upcall_pids;

	// Ports, sorted by number; port 0 is the datapath's internal device.
	Vport *port(u32 port_no, const MutexGuard &global) const;
	Vport *port(const char *name, const MutexGuard &global) const;
	// The lowest free number from 1, or 0 if every number is taken.
	u32 free_port_number(const MutexGuard &global) const;
	void insert_port(Vport *vport, const MutexGuard &global);
	// Unlinks it; the caller frees it after a grace period.
	void remove_port(Vport *vport, const MutexGuard &global);
	template <class Guard, class Visitor>
	void for_each_port(const Guard &guard, Visitor &&visit) const
	{
		for (Vport *vport = ports_.get(guard); vport; vport = vport->next.get(guard))
			visit(*vport);
	}

	RcuDeferred rcu_deferred;

private:
	friend class DatapathRegistry;
	Datapath(const DatapathConfig &config, FlowTable *table);
	~Datapath() = default;
	template <class T>
	friend void delete_after_grace_period(T *);

	RcuPtr<Vport> ports_;
	char name_[datapath_name_size];
	int ifindex_;
	u32 user_features_;
};

}  // namespace ovsdp
