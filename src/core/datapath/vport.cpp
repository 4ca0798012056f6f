// SPDX-License-Identifier: GPL-2.0
#include "datapath/vport.h"

#include "core_lifecycle.h"

namespace ovsdp {

bool device_names_equal(const char *name, const char *other)
{
	size_t i = 0;
	for (; i < vport_name_size && name[i] && name[i] == other[i]; i++)
		;
	return i == vport_name_size || name[i] == other[i];
}

Vport::Vport(u32 port_no, u32 type, const char *name, void *device)
	: upcall_pids(datapath_lock()), next(datapath_lock()), port_no_(port_no), type_(type), name_{}, device_(device)
{
	for (size_t i = 0; i + 1 < vport_name_size && name[i]; i++)
		name_[i] = name[i];
}

void Vport::current_name(char (&name)[vport_name_size]) const
{
	if (device_) {
		ovsdp_kp_device_name(device_, name);
		return;
	}
	__builtin_memcpy(name, name_, vport_name_size);
}

Result<Vport *> Vport::create(u32 port_no, u32 type, const char *name, void *device)
{
	Vport *vport = new (may_sleep) Vport(port_no, type, name, device);
	if (!vport)
		return make_error(-ENOMEM, "out of memory");
	return vport;
}

}  // namespace ovsdp
