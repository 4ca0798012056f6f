// SPDX-License-Identifier: GPL-2.0
#include "datapath/flow_table.h"

#include "sync/rcu.h"

namespace ovsdp {
namespace {

// One lockdep class for every table's mutex: tables never nest, and lockdep
// checks the table mutex against the global datapath lock and RTNL.
constinit LockClass flow_table_lock_class{"ovsdp_flow_table"};

}  // namespace

FlowTable::FlowTable()
	: state_(flow_table_lock_class, FlowTableState{default_masks_cache_size}), flows_(state_.mutex())
{
}

Result<RefPtr<FlowTable>> FlowTable::create(AllocContext context)
{
	return make_ref_counted<FlowTable>(context);
}

Result<TableRef> TableRef::acquire(FlowTable *table, const RcuReadGuard &)
{
	RefPtr<FlowTable> held = RefPtr<FlowTable>::try_get(table);
	if (!held)
		return make_error(-ENODEV, "datapath is being deleted");
	return TableRef(move(held));
}

}  // namespace ovsdp
