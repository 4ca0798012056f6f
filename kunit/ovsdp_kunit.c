// SPDX-License-Identifier: GPL-2.0
/*
 * ovsdp_kunit.ko: KUnit suites for the C++ core, run in the debug
 * kernel (lockdep, PROVE_RCU, KASAN, kmemleak), where the real kernel port
 * backs them. The suites run when the module loads.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "cases.h"

static struct kunit_case allocation_cases[] = {
	KUNIT_CASE(ovsdp_test_alloc_may_sleep),
	KUNIT_CASE(ovsdp_test_alloc_atomic_in_rcu_read_section),
	KUNIT_CASE(ovsdp_test_alloc_over_aligned),
	KUNIT_CASE(ovsdp_test_alloc_refuses_oversized),
	KUNIT_CASE(ovsdp_test_alloc_make_owned),
	{}
};

static struct kunit_suite allocation_suite = {
	.name = "ovsdp_allocation",
	.test_cases = allocation_cases,
};

static struct kunit_case result_cases[] = {
	KUNIT_CASE(ovsdp_test_result_value_and_error),
	KUNIT_CASE(ovsdp_test_result_try_propagates),
	KUNIT_CASE(ovsdp_test_result_destroys_value_once),
	{}
};

static struct kunit_suite result_suite = {
	.name = "ovsdp_result",
	.test_cases = result_cases,
};

static struct kunit_case sync_cases[] = {
	KUNIT_CASE(ovsdp_test_rcu_read_guard_nests),
	KUNIT_CASE(ovsdp_test_rcu_ptr_publish_and_reclaim),
	KUNIT_CASE(ovsdp_test_mutex_guard_scope),
	KUNIT_CASE(ovsdp_test_mutex_protected),
	KUNIT_CASE(ovsdp_test_lock_classes_nest),
	{}
};

static struct kunit_suite sync_suite = {
	.name = "ovsdp_sync",
	.test_cases = sync_cases,
};

static struct kunit_case ref_count_cases[] = {
	KUNIT_CASE(ovsdp_test_ref_ptr_counts),
	KUNIT_CASE(ovsdp_test_ref_ptr_try_get_refuses_zero),
	KUNIT_CASE(ovsdp_test_ref_ptr_allocation),
	{}
};

static struct kunit_suite ref_count_suite = {
	.name = "ovsdp_ref_count",
	.test_cases = ref_count_cases,
};

/* Each case brings the core up and down, as module init and exit do. */
static struct kunit_case datapath_cases[] = {
	KUNIT_CASE(ovsdp_test_datapath_create_find_destroy),
	KUNIT_CASE(ovsdp_test_datapath_table_outlives_datapath),
	KUNIT_CASE(ovsdp_test_datapath_flow_ops_race_deletion),
	KUNIT_CASE(ovsdp_test_vport_sorted_numbers_and_lookup),
	KUNIT_CASE(ovsdp_test_vport_upcall_pids_replaced_under_readers),
	{}
};

static struct kunit_suite datapath_suite = {
	.name = "ovsdp_datapath",
	.init = ovsdp_test_datapath_init,
	.exit = ovsdp_test_datapath_exit,
	.test_cases = datapath_cases,
};

/* Flows need the core up (the global datapath lock) as the datapaths do. */
static struct kunit_case flow_cases[] = {
	KUNIT_CASE(ovsdp_test_flow_key_round_trip),
	KUNIT_CASE(ovsdp_test_flow_actions_round_trip),
	KUNIT_CASE(ovsdp_test_flow_table_insert_lookup_remove_rehash),
	KUNIT_CASE(ovsdp_test_flow_commands),
	KUNIT_CASE(ovsdp_test_flow_ops_race_datapath_deletion),
	KUNIT_CASE(ovsdp_test_flow_ops_complete_under_rtnl),
	{}
};

static struct kunit_suite flow_suite = {
	.name = "ovsdp_flow",
	.init = ovsdp_test_datapath_init,
	.exit = ovsdp_test_datapath_exit,
	.test_cases = flow_cases,
};

kunit_test_suites(&allocation_suite, &result_suite, &sync_suite, &ref_count_suite,
		  &datapath_suite, &flow_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for ovsdp's C++ core");
