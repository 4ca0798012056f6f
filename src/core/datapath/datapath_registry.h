// SPDX-License-Identifier: GPL-2.0
// The datapaths of one network namespace. Creation and deletion take the
// global datapath lock (callers prove it with its guard); lookups take RCU
// only. Deleting a datapath unpublishes its table pointer and drops the
// datapath's own table reference: a flow operation that took a reference
// first finishes on the still-live table, one that comes later gets ENODEV.
#pragma once

#include "datapath/datapath.h"
#include "runtime/result.h"
#include "sync/mutex.h"
#include "sync/rcu.h"

namespace ovsdp {

class DatapathRegistry : Pinned {
public:
	DatapathRegistry();
	// Deletes whatever datapaths are left (namespace exit, module unload).
	~DatapathRegistry();

	// -EINVAL for a bad name, -EEXIST for a name in use, -ENOMEM.
	Result<Datapath *> create(const DatapathConfig &config, const MutexGuard &global);
	void destroy(Datapath *datapath, const MutexGuard &global);

	Datapath *find(int ifindex, const RcuReadGuard &read) const;
	Datapath *find(const char *name, const RcuReadGuard &read) const;
	Datapath *find(int ifindex, const MutexGuard &global) const;
	Datapath *find(const char *name, const MutexGuard &global) const;

	// Visits every datapath in creation order, under the global lock or RCU.
	template <class Visitor>
	void for_each(const MutexGuard &global, Visitor &&visit) const
	{
		check_global(global);
		walk(global, visit);
	}
	template <class Visitor>
	void for_each(const RcuReadGuard &read, Visitor &&visit) const
	{
		walk(read, visit);
	}

private:
	void check_global(const MutexGuard &global) const;
	template <class Guard, class Match>
	Datapath *find_if(const Guard &guard, Match &&match) const;
	template <class Guard, class Visitor>
	void walk(const Guard &guard, Visitor &visit) const
	{
		for (Datapath *dp = first_.get(guard); dp; dp = dp->next.get(guard))
			visit(*dp);
	}

	RcuPtr<Datapath> first_;
};

// The only way into a datapath's flow table for a flow operation: RCU to find
// the datapath and take a table reference, nothing else. Asserts that the
// caller holds neither the global datapath lock nor RTNL. -ENODEV if the
// datapath does not exist or is being deleted.
Result<TableRef> enter_flow_table(const DatapathRegistry &registry, int dp_ifindex);

// The assertion enter_flow_table() makes, for flow paths that read under RCU
// alone (dumps): the current task holds neither lock. It checks only where
// lockdep can tell the current task's locks from others'.
void check_flow_path_context();

}  // namespace ovsdp
