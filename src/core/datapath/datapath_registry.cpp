// SPDX-License-Identifier: GPL-2.0
#include "datapath/datapath_registry.h"

#include "core_lifecycle.h"
#include "runtime/assert.h"

namespace ovsdp {
namespace {

bool names_equal(const char *a, const char *b)
{
	size_t i = 0;
	for (; i < datapath_name_size && a[i] && a[i] == b[i]; i++)
		;
	return i == datapath_name_size || a[i] == b[i];
}

size_t name_length(const char *name)
{
	size_t length = 0;
	while (length < datapath_name_size && name[length])
		length++;
	return length;
}

}  // namespace

DatapathRegistry::DatapathRegistry() : first_(datapath_lock()) {}

DatapathRegistry::~DatapathRegistry()
{
	MutexGuard global(datapath_lock());
	while (Datapath *dp = first_.get(global))
		destroy(dp, global);
}

void DatapathRegistry::check_global(const MutexGuard &global) const
{
	OVSDP_CHECK(&global.mutex() == &datapath_lock());
}

Result<Datapath *> DatapathRegistry::create(const DatapathConfig &config, const MutexGuard &global)
{
	check_global(global);
	size_t length = config.name ? name_length(config.name) : 0;
	if (length == 0 || length >= datapath_name_size)
		return make_error(-EINVAL, "datapath name must have 1 to 15 characters");
	if (find(config.name, global))
		return make_error(-EEXIST, "a datapath with this name exists");

	RefPtr<FlowTable> table = OVSDP_TRY(FlowTable::create(may_sleep));
	Datapath *dp = new (may_sleep) Datapath(config, table.get());
	if (!dp)
		return make_error(-ENOMEM, "out of memory");
	// The datapath's table pointer now carries the creation reference.
	(void)table.release();

	// Appended, so dumps list datapaths in creation order.
	Datapath *last = first_.get(global);
	if (!last) {
		first_.exchange(dp, global);
		return dp;
	}
	while (Datapath *after = last->next.get(global))
		last = after;
	last->next.exchange(dp, global);
	return dp;
}

void DatapathRegistry::destroy(Datapath *datapath, const MutexGuard &global)
{
	check_global(global);
	Datapath *previous = nullptr;
	Datapath *dp = first_.get(global);
	while (dp && dp != datapath) {
		previous = dp;
		dp = dp->next.get(global);
	}
	if (!OVSDP_CHECK(dp))
		return;
	Datapath *after = dp->next.get(global);
	if (previous)
		previous->next.exchange(after, global);
	else
		first_.exchange(after, global);

	// Flow operations that already hold a table reference finish on it;
	// from here on, new ones find NULL and fail with ENODEV.
	FlowTable *table = dp->table.exchange(nullptr, global);
	// The flows go now, in process context (the global lock orders before
	// the table's mutex); a flow operation still holding a reference may
	// add more, which the table's own destructor frees.
	if (table) {
		auto locked = table->state().lock();
		table->flows().flush(locked.guard());
	}
	RefPtr<FlowTable>::adopt(table).reset();
	delete_after_grace_period(dp);
}

template <class Guard, class Match>
Datapath *DatapathRegistry::find_if(const Guard &guard, Match &&match) const
{
	for (Datapath *dp = first_.get(guard); dp; dp = dp->next.get(guard))
		if (match(*dp))
			return dp;
	return nullptr;
}

Datapath *DatapathRegistry::find(int ifindex, const RcuReadGuard &read) const
{
	return find_if(read, [&](const Datapath &dp) { return dp.ifindex() == ifindex; });
}

Datapath *DatapathRegistry::find(const char *name, const RcuReadGuard &read) const
{
	return find_if(read, [&](const Datapath &dp) { return names_equal(dp.name(), name); });
}

Datapath *DatapathRegistry::find(int ifindex, const MutexGuard &global) const
{
	check_global(global);
	return find_if(global, [&](const Datapath &dp) { return dp.ifindex() == ifindex; });
}

Datapath *DatapathRegistry::find(const char *name, const MutexGuard &global) const
{
	check_global(global);
	return find_if(global, [&](const Datapath &dp) { return names_equal(dp.name(), name); });
}

void check_flow_path_context()
{
	if (!ovsdp_kp_lock_owner_known())
		return;
	OVSDP_CHECK(!datapath_lock().held());
	OVSDP_CHECK(!ovsdp_kp_rtnl_held());
}

Result<TableRef> enter_flow_table(const DatapathRegistry &registry, int dp_ifindex)
{
	check_flow_path_context();
	RcuReadGuard read;
	Datapath *dp = registry.find(dp_ifindex, read);
	if (!dp)
		return make_error(-ENODEV, "no datapath with this ifindex");
	return TableRef::acquire(dp->table.get(read), read);
}

}  // namespace ovsdp
