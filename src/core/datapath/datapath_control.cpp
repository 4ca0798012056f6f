// SPDX-License-Identifier: GPL-2.0
// The ovs_datapath and ovs_vport commands behind include/ovsdp/core.h, with
// the in-tree module's checks in its order (so the same request gets the same
// errno). Lifecycle and settings take the global datapath lock, then RTNL
// inside the port for device work; reads of a datapath take RCU and a table
// reference, never the global lock.
#include <ovsdp/core.h>

#include "core_lifecycle.h"
#include "datapath/datapath_registry.h"

namespace ovsdp {
namespace {

constexpr u32 known_user_features = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS |
				    OVS_DP_F_TC_RECIRC_SHARING | OVS_DP_F_DISPATCH_UPCALL_PER_CPU;

// PCPU_MIN_UNIT_SIZE over the size of a mask cache entry, as the in-tree
// policy bounds it.
constexpr u32 max_masks_cache_size = (32u << 10) / 8;

}  // namespace
}  // namespace ovsdp

struct ovsdp_net {
	explicit ovsdp_net(void *netns) : netns(netns) {}
	void *netns;
	ovsdp::DatapathRegistry registry;
};

namespace ovsdp {
namespace {

int fail(const Error &error, const char **extack)
{
	if (error.message)
		*extack = error.message;
	return error.code;
}

void copy_name(char (&to)[16], const char *from)
{
	size_t i = 0;
	for (; i + 1 < sizeof(to) && from[i]; i++)
		to[i] = from[i];
	to[i] = 0;
}

// The table half of a datapath's description: counts read under the
// table's own mutex, through a reference.
void describe_table(FlowTable &table, ovsdp_dp_info *reply)
{
	table.state().with_locked([&](FlowTableState &state) {
		reply->stats.n_flows = state.flow_count;
		reply->masks_cache_size = state.masks_cache_size;
	});
}

void describe_identity(const Datapath &dp, ovsdp_dp_info *reply)
{
	*reply = ovsdp_dp_info{};
	reply->dp_ifindex = dp.ifindex();
	copy_name(reply->name, dp.name());
	reply->user_features = dp.user_features();
}

// For paths that hold the global lock (which orders before table mutexes).
void describe_locked(Datapath &dp, const MutexGuard &global, ovsdp_dp_info *reply)
{
	describe_identity(dp, reply);
	if (FlowTable *table = dp.table.get(global))
		describe_table(*table, reply);
}

Datapath *lookup_locked(ovsdp_net *net, const ovsdp_dp_request *request, const MutexGuard &global)
{
	if (request->name) {
		Datapath *dp = net->registry.find(request->name, global);
		return dp;
	}
	return net->registry.find(request->dp_ifindex, global);
}

Status check_masks_cache_size(u32 size)
{
	if (size > max_masks_cache_size || (size & (size - 1)) != 0)
		return make_error(-EINVAL, "masks cache size must be a power of two within the per-CPU limit");
	return success();
}

// ovs_dp_change's checks and effects, in its order.
Status apply_settings(Datapath &dp, const ovsdp_dp_request *request, const MutexGuard &global)
{
	u32 features = 0;
	if (request->has_user_features) {
		features = request->user_features;
		if (features & ~known_user_features)
			return make_error(-EOPNOTSUPP, "unknown user feature bits");
	}
	if (request->has_masks_cache_size) {
		OVSDP_TRY(check_masks_cache_size(request->masks_cache_size));
		if (FlowTable *table = dp.table.get(global))
			table->state().with_locked([&](FlowTableState &state) {
				state.masks_cache_size = request->masks_cache_size;
			});
	}
	dp.set_user_features(features, global);
	return success();
}

Status set_upcall_pids(LocalPort &port, const void *attr, u32 length)
{
	if (length == 0 || length % sizeof(u32))
		return make_error(-EINVAL, "upcall PIDs must be a non-empty array of u32");
	u32 count = length / sizeof(u32);
	if (count > max_upcall_pids)
		return make_error(-EINVAL, "too many upcall PIDs");
	const u8 *bytes = static_cast<const u8 *>(attr);
	for (u32 i = 0; i < count; i++)
		__builtin_memcpy(&port.upcall_pids[i], bytes + i * sizeof(u32), sizeof(u32));
	port.upcall_pid_count = count;
	return success();
}

void describe_local_port(Datapath &dp, ovsdp_vport_info *reply)
{
	*reply = ovsdp_vport_info{};
	reply->dp_ifindex = dp.ifindex();
	reply->port_no = OVSP_LOCAL;
	reply->type = OVS_VPORT_TYPE_INTERNAL;
	copy_name(reply->name, dp.name());
	reply->ifindex = ovsdp_kp_device_ifindex(dp.local_port.device);
	ovsdp_kp_device_stats(dp.local_port.device, &reply->stats);
	reply->upcall_pids_as_array = (dp.user_features() & OVS_DP_F_VPORT_PIDS) != 0;
	reply->n_upcall_pids = dp.local_port.upcall_pid_count;
	for (u32 i = 0; i < dp.local_port.upcall_pid_count; i++)
		reply->upcall_pids[i] = dp.local_port.upcall_pids[i];
}

void destroy_datapath(ovsdp_net *net, Datapath *dp, const MutexGuard &global)
{
	void *device = dp->local_port.device;
	net->registry.destroy(dp, global);
	if (device)
		ovsdp_kp_internal_dev_destroy(device);
}

}  // namespace
}  // namespace ovsdp

using namespace ovsdp;

extern "C" struct ovsdp_net *ovsdp_core_net_create(void *netns)
{
	return new (may_sleep) ovsdp_net(netns);
}

extern "C" void ovsdp_core_net_destroy(struct ovsdp_net *net)
{
	{
		MutexGuard global(datapath_lock());
		while (true) {
			Datapath *first = nullptr;
			net->registry.for_each(global, [&](Datapath &dp) {
				if (!first)
					first = &dp;
			});
			if (!first)
				break;
			destroy_datapath(net, first, global);
		}
	}
	delete net;
}

extern "C" int ovsdp_core_dp_new(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				 struct ovsdp_dp_info *reply, const char **extack)
{
	if (!request->name || !request->upcall_pid)
		return fail(make_error(-EINVAL, "a new datapath needs OVS_DP_ATTR_NAME and OVS_DP_ATTR_UPCALL_PID"),
			    extack);

	MutexGuard global(datapath_lock());
	// ovs_dp_change's checks come before the device exists.
	u32 features = request->has_user_features ? request->user_features : 0;
	if (features & ~known_user_features)
		return fail(make_error(-EOPNOTSUPP, "unknown user feature bits"), extack);
	if (request->has_masks_cache_size) {
		Status size_ok = check_masks_cache_size(request->masks_cache_size);
		if (!size_ok.ok())
			return fail(size_ok.error(), extack);
	}
	if (net->registry.find(request->name, global))
		return fail(make_error(-EEXIST, "a datapath with this name exists"), extack);

	LocalPort local;
	Status pids = set_upcall_pids(local, request->upcall_pid, request->upcall_pid_len);
	if (!pids.ok())
		return fail(pids.error(), extack);

	int err = 0;
	void *device = ovsdp_kp_internal_dev_create(net->netns, request->name, request->desired_ifindex, &err);
	if (!device)
		return fail(make_error(err == -EBUSY ? -EEXIST : err, "cannot create the datapath's internal device"),
			    extack);

	Result<Datapath *> created = net->registry.create(
		DatapathConfig{request->name, ovsdp_kp_device_ifindex(device), local.upcall_pids[0], features},
		global);
	if (!created.ok()) {
		ovsdp_kp_internal_dev_destroy(device);
		return fail(created.error(), extack);
	}
	Datapath *dp = created.take();
	dp->local_port = local;
	dp->local_port.device = device;
	Status settings = apply_settings(*dp, request, global);
	if (!OVSDP_CHECK(settings.ok())) {
		destroy_datapath(net, dp, global);
		return fail(settings.error(), extack);
	}
	describe_locked(*dp, global, reply);
	return 0;
}

extern "C" int ovsdp_core_dp_del(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				 struct ovsdp_dp_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = lookup_locked(net, request, global);
	if (!dp)
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	describe_locked(*dp, global, reply);
	destroy_datapath(net, dp, global);
	return 0;
}

extern "C" int ovsdp_core_dp_set(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				 struct ovsdp_dp_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = lookup_locked(net, request, global);
	if (!dp)
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	Status settings = apply_settings(*dp, request, global);
	if (!settings.ok())
		return fail(settings.error(), extack);
	describe_locked(*dp, global, reply);
	return 0;
}

extern "C" int ovsdp_core_dp_get(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				 struct ovsdp_dp_info *reply, const char **extack)
{
	Result<TableRef> table = make_error(-ENODEV, "no such datapath");
	{
		RcuReadGuard read;
		Datapath *dp = request->name ? net->registry.find(request->name, read)
					     : net->registry.find(request->dp_ifindex, read);
		if (!dp)
			return fail(table.error(), extack);
		describe_identity(*dp, reply);
		table = TableRef::acquire(dp->table.get(read), read);
	}
	if (!table.ok())
		return fail(table.error(), extack);
	describe_table(*table.value(), reply);
	return 0;
}

extern "C" int ovsdp_core_dp_dump_next(struct ovsdp_net *net, long *position, struct ovsdp_dp_info *reply)
{
	// Under RCU, the list may change between calls: a dump, as in-tree,
	// resumes by position and may skip or repeat across concurrent changes.
	while (true) {
		Result<TableRef> table = make_error(-ENODEV);
		{
			RcuReadGuard read;
			long index = 0;
			Datapath *dp = nullptr;
			net->registry.for_each(read, [&](Datapath &candidate) {
				if (index++ == *position)
					dp = &candidate;
			});
			if (!dp)
				return 0;
			++*position;
			describe_identity(*dp, reply);
			table = TableRef::acquire(dp->table.get(read), read);
		}
		if (table.ok()) {
			describe_table(*table.value(), reply);
			return 1;
		}
		// Deleted between the lookup and the reference: skip it.
	}
}

extern "C" int ovsdp_core_vport_get(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
				    struct ovsdp_vport_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = nullptr;
	if (request->name) {
		dp = net->registry.find(request->name, global);
		if (dp && request->dp_ifindex && request->dp_ifindex != dp->ifindex())
			dp = nullptr;
	} else if (request->has_port_no) {
		if (request->port_no > 0xffff)
			return fail(make_error(-EFBIG, "port number out of range"), extack);
		dp = net->registry.find(request->dp_ifindex, global);
		if (dp && request->port_no != OVSP_LOCAL)
			dp = nullptr;
	} else {
		return fail(make_error(-EINVAL, "a vport request needs OVS_VPORT_ATTR_NAME or OVS_VPORT_ATTR_PORT_NO"),
			    extack);
	}
	if (!dp)
		return fail(make_error(-ENODEV, "no such vport"), extack);
	describe_local_port(*dp, reply);
	return 0;
}

extern "C" int ovsdp_core_vport_dump_next(struct ovsdp_net *net, int dp_ifindex, long *position,
					  struct ovsdp_vport_info *reply)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = net->registry.find(dp_ifindex, global);
	if (!dp)
		return -ENODEV;
	if (*position > 0)
		return 0;
	describe_local_port(*dp, reply);
	++*position;
	return 1;
}
