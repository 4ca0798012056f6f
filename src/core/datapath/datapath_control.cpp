// SPDX-License-Identifier: GPL-2.0
// The ovs_datapath and ovs_vport commands behind include/ovsdp/core.h, with
// the in-tree module's checks in its order (so the same request gets the same
// errno). Lifecycle and settings take the global datapath lock, then RTNL
// inside the port for device work; reads of a datapath take RCU and a table
// reference, never the global lock.
#include <ovsdp/core.h>

#include "core_lifecycle.h"
#include "datapath/datapath_registry.h"
#include "datapath/ovsdp_net.h"

namespace ovsdp {
namespace {

constexpr u32 known_user_features = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS |
				    OVS_DP_F_TC_RECIRC_SHARING | OVS_DP_F_DISPATCH_UPCALL_PER_CPU;

// PCPU_MIN_UNIT_SIZE over the size of a mask cache entry, as the in-tree
// policy bounds it.
constexpr u32 max_masks_cache_size = (32u << 10) / 8;

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
	auto state = table.state().lock();
	reply->stats.n_flows = table.flows().flow_count(state.guard());
	reply->megaflow_stats.n_masks = table.flows().mask_count(state.guard());
	reply->masks_cache_size = state->masks_cache_size;
}

// Hands a held list to a reply, which keeps it until released.
void give_pids(RefPtr<UpcallPids> list, ovsdp_pid_list *to)
{
	if (!list)
		return;
	to->count = list->count();
	to->pids = list->pids();
	to->hold = list.release();
}

template <class Guard>
void describe_identity(const Datapath &dp, const Guard &guard, ovsdp_dp_info *reply)
{
	ovsdp_core_pid_list_release(&reply->per_cpu_pids);
	*reply = ovsdp_dp_info{};
	reply->dp_ifindex = dp.ifindex();
	copy_name(reply->name, dp.name());
	reply->user_features = dp.user_features();
	if (reply->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)
		give_pids(dp.per_cpu_upcall_pids.hold(guard), &reply->per_cpu_pids);
}

// For paths that hold the global lock (which orders before table mutexes).
void describe_locked(Datapath &dp, const MutexGuard &global, ovsdp_dp_info *reply)
{
	describe_identity(dp, global, reply);
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

// What ovs_dp_change would do to a datapath, checked in its order before
// anything changes: a refused request changes nothing (in-tree, a bad
// per-CPU PID list is refused after the features and cache size changed).
struct DatapathSettings {
	u32 user_features = 0;
	bool has_masks_cache_size = false;
	u32 masks_cache_size = 0;
	RefPtr<UpcallPids> per_cpu_pids;
};

Result<DatapathSettings> check_settings(const ovsdp_dp_request *request)
{
	DatapathSettings settings;
	if (request->has_user_features) {
		settings.user_features = request->user_features;
		if (settings.user_features & ~known_user_features)
			return make_error(-EOPNOTSUPP, "unknown user feature bits");
	}
	if (request->has_masks_cache_size) {
		OVSDP_TRY(check_masks_cache_size(request->masks_cache_size));
		settings.has_masks_cache_size = true;
		settings.masks_cache_size = request->masks_cache_size;
	}
	// Without the feature the attribute is ignored, as in-tree.
	if ((settings.user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) && request->has_per_cpu_pids) {
		Result<RefPtr<UpcallPids>> pids =
			UpcallPids::create(request->per_cpu_pids, request->per_cpu_pids_len, ~0u, may_sleep);
		if (!pids.ok())
			return make_error(pids.error().code, "per-CPU upcall PIDs must be a non-empty array of u32");
		settings.per_cpu_pids = pids.take();
	}
	return settings;
}

void apply_settings(Datapath &dp, DatapathSettings settings, const MutexGuard &global)
{
	if (settings.has_masks_cache_size)
		if (FlowTable *table = dp.table.get(global))
			table->state().with_locked([&](FlowTableState &state) {
				state.masks_cache_size = settings.masks_cache_size;
			});
	dp.set_user_features(settings.user_features, global);
	if (settings.per_cpu_pids)
		dp.per_cpu_upcall_pids.replace(move(settings.per_cpu_pids), global);
}

void describe_port(void *netns, const Datapath &dp, const Vport &vport, const MutexGuard &global,
		   ovsdp_vport_info *reply)
{
	ovsdp_core_pid_list_release(&reply->upcall_pids);
	*reply = ovsdp_vport_info{};
	reply->dp_ifindex = dp.ifindex();
	reply->port_no = vport.port_no();
	reply->type = vport.type();
	vport.current_name(reply->name);
	reply->ifindex = ovsdp_kp_device_ifindex(vport.device());
	reply->has_netnsid = ovsdp_kp_device_peer_netnsid(vport.device(), netns, &reply->netnsid);
	ovsdp_kp_device_stats(vport.device(), &reply->stats);
	reply->upcall_pids_as_array = (dp.user_features() & OVS_DP_F_VPORT_PIDS) != 0;
	give_pids(vport.upcall_pids.hold(global), &reply->upcall_pids);
}

void release_device(u32 type, void *device, Vport *port)
{
	if (type == OVS_VPORT_TYPE_NETDEV)
		ovsdp_kp_netdev_detach(device, port);
	else
		ovsdp_kp_internal_dev_destroy(device);
}

void destroy_port(Datapath &dp, Vport *vport, const MutexGuard &global)
{
	dp.remove_port(vport, global);
	release_device(vport->type(), vport->device(), vport);
	delete_after_grace_period(vport);
}

// Ports first, port 0 last (its device is the datapath's), then the datapath.
void destroy_datapath(ovsdp_net *net, Datapath *dp, const MutexGuard &global)
{
	while (true) {
		Vport *last = nullptr;
		dp->for_each_port(global, [&](Vport &vport) { last = &vport; });
		if (!last)
			break;
		destroy_port(*dp, last, global);
	}
	net->registry.destroy(dp, global);
}

// A port by name anywhere in the namespace, with its datapath.
Vport *find_port(ovsdp_net *net, const char *name, Datapath **owner, const MutexGuard &global)
{
	Vport *found = nullptr;
	net->registry.for_each(global, [&](Datapath &dp) {
		if (!found && (found = dp.port(name, global)))
			*owner = &dp;
	});
	return found;
}

// ovs_vport's lookup_vport(), with its errno for each way of missing.
Result<Vport *> lookup_port(ovsdp_net *net, const ovsdp_vport_request *request, Datapath **owner,
			    const MutexGuard &global)
{
	if (request->has_ifindex)
		return make_error(-EOPNOTSUPP, "vports are not looked up by ifindex");
	if (request->name) {
		Vport *vport = find_port(net, request->name, owner, global);
		if (!vport || (request->dp_ifindex && request->dp_ifindex != (*owner)->ifindex()))
			return make_error(-ENODEV, "no such vport");
		return vport;
	}
	if (request->has_port_no) {
		if (request->port_no >= max_ports)
			return make_error(-EFBIG, "port number out of range");
		*owner = net->registry.find(request->dp_ifindex, global);
		Vport *vport = *owner ? (*owner)->port(request->port_no, global) : nullptr;
		if (!vport)
			return make_error(-ENODEV, "no such vport");
		return vport;
	}
	return make_error(-EINVAL, "a vport request needs OVS_VPORT_ATTR_NAME or OVS_VPORT_ATTR_PORT_NO");
}

// Creates a port's device and the port, and links it into @dp. In-tree
// order: the type, then the PID list, then the device.
Result<Vport *> add_port(ovsdp_net *net, Datapath &dp, u32 port_no, u32 type, const char *name,
			 const void *upcall_pid, u32 upcall_pid_len, int desired_ifindex,
			 const MutexGuard &global)
{
	if (type != OVS_VPORT_TYPE_INTERNAL && type != OVS_VPORT_TYPE_NETDEV) {
		if (type == OVS_VPORT_TYPE_UNSPEC || type > OVS_VPORT_TYPE_MAX)
			return make_error(-EAFNOSUPPORT, "unknown vport type");
		return make_error(-EOPNOTSUPP, "ovsdp does not support this vport type yet");
	}
	Result<RefPtr<UpcallPids>> pids = UpcallPids::create_for_port(upcall_pid, upcall_pid_len);
	if (!pids.ok())
		return pids.error();
	const char *err_message = nullptr;

	// The port exists before its device: a netdev port is the cookie its
	// device's notifier hands back.
	Result<Vport *> created = Vport::create(port_no, type, name, nullptr);
	if (!created.ok())
		return created.error();
	Vport *vport = created.take();
	int err = 0;
	void *device = nullptr;
	if (type == OVS_VPORT_TYPE_INTERNAL) {
		device = ovsdp_kp_internal_dev_create(net->netns, name, desired_ifindex, &err);
		if (!device)
			err_message = "cannot create the internal device";
	} else {
		Vport *local = dp.port(OVSP_LOCAL, global);
		if (!OVSDP_CHECK(local))
			err = -ENODEV;
		else
			device = ovsdp_kp_netdev_attach(net->netns, name, local->device(), vport, &err);
		if (!device)
			err_message = err == -EBUSY ? "device is a port of another master"
				      : err == -EINVAL ? "device is loopback, not Ethernet, or a datapath's own"
							: "no such device";
	}
	if (!device) {
		delete_after_grace_period(vport);
		return make_error(err, err_message);
	}
	vport->set_device(device);
	vport->upcall_pids.replace(pids.take(), global);
	dp.insert_port(vport, global);
	return vport;
}

}  // namespace
}  // namespace ovsdp

using namespace ovsdp;

extern "C" void ovsdp_core_pid_list_release(struct ovsdp_pid_list *list)
{
	RefPtr<UpcallPids>::adopt(static_cast<UpcallPids *>(list->hold));
	*list = ovsdp_pid_list{};
}

extern "C" void ovsdp_core_port_device_gone(void *port)
{
	static_cast<Vport *>(port)->mark_device_gone();
}

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

extern "C" void ovsdp_core_reap_unregistered_ports(struct ovsdp_net *net)
{
	MutexGuard global(datapath_lock());
	ovsdp_vport_info *gone = new (may_sleep) ovsdp_vport_info{};
	net->registry.for_each(global, [&](Datapath &dp) {
		while (true) {
			Vport *dying = nullptr;
			dp.for_each_port(global, [&](Vport &vport) {
				if (!dying && vport.device_gone())
					dying = &vport;
			});
			if (!dying)
				break;
			if (gone) {
				describe_port(net->netns, dp, *dying, global, gone);
				ovsdp_kp_notify_vport_deleted(net->netns, gone);
				ovsdp_core_pid_list_release(&gone->upcall_pids);
			}
			destroy_port(dp, dying, global);
		}
	});
	delete gone;
}

namespace {

// An outdated userspace that does not know user features may reuse the
// datapath it failed to create: what it announced before no longer holds.
void forget_user_features(ovsdp_net *net, const char *name, const MutexGuard &global)
{
	Datapath *dp = net->registry.find(name, global);
	if (!dp)
		return;
	char message[datapath_name_size + 48];
	size_t length = 0;
	for (const char *c = dp->name(); *c; c++)
		message[length++] = *c;
	for (const char *c = ": Dropping previously announced user features"; *c; c++)
		message[length++] = *c;
	message[length] = 0;
	ovsdp_kp_log(OVSDP_LOG_WARNING, message);
	dp->set_user_features(0, global);
}

int refuse_existing(ovsdp_net *net, const ovsdp_dp_request *request, const MutexGuard &global,
		    const char **extack)
{
	if (request->genl_version < OVS_DP_VER_FEATURES)
		forget_user_features(net, request->name, global);
	return fail(make_error(-EEXIST, "a datapath or device with this name exists"), extack);
}

}  // namespace

extern "C" int ovsdp_core_dp_new(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
				 struct ovsdp_dp_info *reply, const char **extack)
{
	if (!request->name || !request->upcall_pid)
		return fail(make_error(-EINVAL, "a new datapath needs OVS_DP_ATTR_NAME and OVS_DP_ATTR_UPCALL_PID"),
			    extack);

	MutexGuard global(datapath_lock());
	// ovs_dp_change's checks come before port 0 exists, its PID check after.
	Result<DatapathSettings> settings = check_settings(request);
	if (!settings.ok())
		return fail(settings.error(), extack);
	Result<RefPtr<UpcallPids>> pids = UpcallPids::create_for_port(request->upcall_pid, request->upcall_pid_len);
	if (!pids.ok())
		return fail(pids.error(), extack);
	if (net->registry.find(request->name, global))
		return refuse_existing(net, request, global, extack);

	// The registry needs port 0's ifindex; the device comes first.
	int err = 0;
	void *device = ovsdp_kp_internal_dev_create(net->netns, request->name, request->desired_ifindex, &err);
	if (!device) {
		if (err == -EBUSY || err == -EEXIST)
			return refuse_existing(net, request, global, extack);
		return fail(make_error(err, "cannot create the datapath's internal device"), extack);
	}
	Result<Datapath *> created = net->registry.create(
		DatapathConfig{request->name, ovsdp_kp_device_ifindex(device), 0}, global);
	if (!created.ok()) {
		ovsdp_kp_internal_dev_destroy(device);
		return fail(created.error(), extack);
	}
	Datapath *dp = created.take();
	Result<Vport *> local = Vport::create(OVSP_LOCAL, OVS_VPORT_TYPE_INTERNAL, request->name, device);
	if (!local.ok()) {
		ovsdp_kp_internal_dev_destroy(device);
		net->registry.destroy(dp, global);
		return fail(local.error(), extack);
	}
	local.value()->upcall_pids.replace(pids.take(), global);
	dp->insert_port(local.value(), global);
	apply_settings(*dp, settings.take(), global);
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
	Result<DatapathSettings> settings = check_settings(request);
	if (!settings.ok())
		return fail(settings.error(), extack);
	apply_settings(*dp, settings.take(), global);
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
		describe_identity(*dp, read, reply);
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
			describe_identity(*dp, read, reply);
			table = TableRef::acquire(dp->table.get(read), read);
		}
		if (table.ok()) {
			describe_table(*table.value(), reply);
			return 1;
		}
		// Deleted between the lookup and the reference: skip it.
	}
}

extern "C" int ovsdp_core_vport_new(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
				    struct ovsdp_vport_info *reply, const char **extack)
{
	if (!request->name || !request->has_type || !request->upcall_pid)
		return fail(make_error(-EINVAL, "a new vport needs a name, a type and upcall PIDs"), extack);
	if (request->has_ifindex && request->type != OVS_VPORT_TYPE_INTERNAL)
		return fail(make_error(-EOPNOTSUPP, "only internal vports take an ifindex"), extack);
	u32 port_no = request->has_port_no ? request->port_no : 0;
	if (port_no >= max_ports)
		return fail(make_error(-EFBIG, "port number out of range"), extack);

	MutexGuard global(datapath_lock());
	Datapath *dp = net->registry.find(request->dp_ifindex, global);
	if (!dp)
		return fail(make_error(-ENODEV, "no such datapath"), extack);
	if (port_no) {
		if (dp->port(port_no, global))
			return fail(make_error(-EBUSY, "port number in use"), extack);
	} else if (!(port_no = dp->free_port_number(global))) {
		return fail(make_error(-EFBIG, "no free port number"), extack);
	}
	Result<Vport *> added = add_port(net, *dp, port_no, request->type, request->name, request->upcall_pid,
					 request->upcall_pid_len, request->has_ifindex ? request->ifindex : 0, global);
	if (!added.ok())
		return fail(added.error(), extack);
	describe_port(net->netns, *dp, *added.value(), global, reply);
	return 0;
}

extern "C" int ovsdp_core_vport_del(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
				    struct ovsdp_vport_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = nullptr;
	Result<Vport *> found = lookup_port(net, request, &dp, global);
	if (!found.ok())
		return fail(found.error(), extack);
	Vport *vport = found.take();
	if (vport->port_no() == OVSP_LOCAL)
		return fail(make_error(-EINVAL, "port 0 goes only with its datapath"), extack);
	describe_port(net->netns, *dp, *vport, global, reply);
	destroy_port(*dp, vport, global);
	return 0;
}

extern "C" int ovsdp_core_vport_set(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
				    struct ovsdp_vport_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = nullptr;
	Result<Vport *> found = lookup_port(net, request, &dp, global);
	if (!found.ok())
		return fail(found.error(), extack);
	Vport *vport = found.take();
	if (request->has_type && request->type != vport->type())
		return fail(make_error(-EINVAL, "a vport's type cannot change"), extack);
	if (request->has_options)
		return fail(make_error(-EOPNOTSUPP, "this vport type has no options"), extack);
	if (request->upcall_pid) {
		Result<RefPtr<UpcallPids>> pids =
			UpcallPids::create_for_port(request->upcall_pid, request->upcall_pid_len);
		if (!pids.ok())
			return fail(pids.error(), extack);
		vport->upcall_pids.replace(pids.take(), global);
	}
	describe_port(net->netns, *dp, *vport, global, reply);
	return 0;
}

extern "C" int ovsdp_core_vport_get(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
				    struct ovsdp_vport_info *reply, const char **extack)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = nullptr;
	Result<Vport *> found = lookup_port(net, request, &dp, global);
	if (!found.ok())
		return fail(found.error(), extack);
	describe_port(net->netns, *dp, *found.value(), global, reply);
	return 0;
}

extern "C" int ovsdp_core_vport_dump_next(struct ovsdp_net *net, int dp_ifindex, long *position,
					  struct ovsdp_vport_info *reply)
{
	MutexGuard global(datapath_lock());
	Datapath *dp = net->registry.find(dp_ifindex, global);
	if (!dp)
		return -ENODEV;
	long index = 0;
	Vport *at = nullptr;
	dp->for_each_port(global, [&](Vport &vport) {
		if (index++ == *position)
			at = &vport;
	});
	if (!at)
		return 0;
	describe_port(net->netns, *dp, *at, global, reply);
	++*position;
	return 1;
}
