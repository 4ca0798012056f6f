// SPDX-License-Identifier: GPL-2.0
// A datapath's flow table: the state every flow operation works on. It has
// its own mutex (never the global datapath lock, never RTNL) and a reference
// count; its memory outlives the last reference by a grace period, because a
// flow operation may find it under RCU just as its datapath lets go of it.
#pragma once

#include "flow/megaflow_table.h"
#include "runtime/result.h"
#include "sync/mutex.h"
#include "sync/rcu.h"
#include "sync/rcu_deferred.h"
#include "sync/ref_count.h"

namespace ovsdp {

// A table's settings; reachable only with the table's mutex held.
struct FlowTableState {
	u32 masks_cache_size;
};

class FlowTable : public RefCounted<FlowTable> {
public:
	static constexpr u32 default_masks_cache_size = 256;

	static Result<RefPtr<FlowTable>> create(AllocContext context);

	MutexProtected<FlowTableState> &state() { return state_; }

	// The flows. Its writers prove they hold the table's mutex with the
	// guard of state().lock(); its readers need RCU only.
	MegaflowTable &flows() { return flows_; }

	// The last reference defers the free past a grace period (see above).
	static void destroy(FlowTable *table) { delete_after_grace_period(table); }

	RcuDeferred rcu_deferred;

private:
	friend class RefCounted<FlowTable>;
	template <class T, class... Args>
	friend Result<RefPtr<T>> make_ref_counted(AllocContext, Args &&...);
	FlowTable();

	MutexProtected<FlowTableState> state_;
	MegaflowTable flows_;  // after state_, whose mutex guards it
};

// A flow operation's hold on a table: move-only, obtained only by
// TableRef::acquire() inside an RCU read section, released by destruction.
class TableRef {
public:
	// Fails with -ENODEV when the pointer is already NULL or the table's
	// count already reached zero: its datapath is being deleted.
	static Result<TableRef> acquire(FlowTable *table, const RcuReadGuard &);

	TableRef(TableRef &&) = default;
	TableRef &operator=(TableRef &&) = default;
	TableRef(const TableRef &) = delete;
	TableRef &operator=(const TableRef &) = delete;

	FlowTable *operator->() const { return table_.get(); }
	FlowTable &operator*() const { return *table_; }

private:
	explicit TableRef(RefPtr<FlowTable> table) : table_(move(table)) {}
	RefPtr<FlowTable> table_;
};

}  // namespace ovsdp
