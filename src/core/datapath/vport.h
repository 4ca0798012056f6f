// SPDX-License-Identifier: GPL-2.0
// A datapath port: its number, type, name, the device behind it, and the
// netlink PIDs its upcalls go to. A datapath keeps its ports in an RCU list
// sorted by number; the list and each port's settings change under the
// global datapath lock.
#pragma once

#include <ovsdp/core.h>

#include "datapath/upcall_pids.h"
#include "runtime/result.h"
#include "sync/mutex.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"

namespace ovsdp {

inline constexpr size_t vport_name_size = 16;  // IFNAMSIZ
inline constexpr u32 max_ports = 65536;	       // port numbers are below this

class Vport {
public:
	// Takes ownership of @device (released by the caller's device teardown
	// through device(), before the port is freed).
	static Result<Vport *> create(u32 port_no, u32 type, const char *name, void *device);

	u32 port_no() const { return port_no_; }
	u32 type() const { return type_; }
	// The name the port was created with.
	const char *name() const { return name_; }
	// The device's name now (in-tree shows a renamed device's new name).
	void current_name(char (&name)[vport_name_size]) const;
	void *device() const { return device_; }
	// For a port whose device is attached after the port exists (its
	// notifier cookie is the port). Before the port is published.
	void set_device(void *device) { device_ = device; }

	// Set by the device notifier (under RTNL, no other lock) when the
	// device goes away; read by the reap under the global lock.
	void mark_device_gone() { __atomic_store_n(&device_gone_, true, __ATOMIC_RELEASE); }
	bool device_gone() const { return __atomic_load_n(&device_gone_, __ATOMIC_ACQUIRE); }

	// Where this port's upcalls go; set under the global datapath lock,
	// read under RCU (see UpcallPids::create for what a list may be).
	UpcallPidsSlot upcall_pids;

	// The next port of the datapath, in port number order.
	RcuPtr<Vport> next;

	RcuDeferred rcu_deferred;

private:
	Vport(u32 port_no, u32 type, const char *name, void *device);
	template <class T>
	friend void delete_after_grace_period(T *);
	~Vport() = default;

	u32 port_no_;
	u32 type_;
	char name_[vport_name_size];
	void *device_;
	bool device_gone_ = false;
};

// Whether a NUL-terminated name within IFNAMSIZ equals @other.
bool device_names_equal(const char *name, const char *other);

}  // namespace ovsdp
