// SPDX-License-Identifier: GPL-2.0
#include "datapath/upcall_pids.h"

namespace ovsdp {

Result<RefPtr<UpcallPids>> UpcallPids::create(const void *pids, u32 length, u32 max_count,
					       AllocContext context)
{
	if (length == 0 || length % sizeof(u32))
		return make_error(-EINVAL, "upcall PIDs must be a non-empty array of u32");
	if (length / sizeof(u32) > max_count)
		return make_error(-EINVAL, "more upcall PIDs than possible CPUs");
	// @length came from a netlink attribute (at most 64 KiB): no overflow.
	void *memory = ovsdp_kp_alloc(sizeof(UpcallPids) + length, alignof(UpcallPids),
				      static_cast<ovsdp_alloc_context>(context));
	if (!memory)
		return make_error(-ENOMEM, "out of memory");
	UpcallPids *list = new (memory) UpcallPids(length / sizeof(u32));
	__builtin_memcpy(list->pids_, pids, length);
	return RefPtr<UpcallPids>::adopt(list);
}

UpcallPidsSlot::~UpcallPidsSlot()
{
	RefPtr<UpcallPids>::adopt(list_.get_unreachable());
}

void UpcallPidsSlot::replace(RefPtr<UpcallPids> list, const MutexGuard &writer)
{
	// The slot's reference moves with the pointer; the old list's goes once
	// it is unpublished, and its memory a grace period after the last.
	RefPtr<UpcallPids> old = RefPtr<UpcallPids>::adopt(list_.exchange(list.release(), writer));
}

}  // namespace ovsdp
