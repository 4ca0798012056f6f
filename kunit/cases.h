/* SPDX-License-Identifier: GPL-2.0 */
/* The KUnit cases written in C++, listed into suites by ovsdp_kunit.c. */
#ifndef OVSDP_KUNIT_CASES_H
#define OVSDP_KUNIT_CASES_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

/* allocation_test.cpp */
void ovsdp_test_alloc_may_sleep(struct kunit *test);
void ovsdp_test_alloc_atomic_in_rcu_read_section(struct kunit *test);
void ovsdp_test_alloc_over_aligned(struct kunit *test);
void ovsdp_test_alloc_refuses_oversized(struct kunit *test);
void ovsdp_test_alloc_make_owned(struct kunit *test);

/* result_test.cpp */
void ovsdp_test_result_value_and_error(struct kunit *test);
void ovsdp_test_result_try_propagates(struct kunit *test);
void ovsdp_test_result_destroys_value_once(struct kunit *test);

/* sync_test.cpp */
void ovsdp_test_rcu_read_guard_nests(struct kunit *test);
void ovsdp_test_rcu_ptr_publish_and_reclaim(struct kunit *test);
void ovsdp_test_mutex_guard_scope(struct kunit *test);
void ovsdp_test_mutex_protected(struct kunit *test);
void ovsdp_test_lock_classes_nest(struct kunit *test);

/* ref_count_test.cpp */
void ovsdp_test_ref_ptr_counts(struct kunit *test);
void ovsdp_test_ref_ptr_try_get_refuses_zero(struct kunit *test);
void ovsdp_test_ref_ptr_allocation(struct kunit *test);

/* datapath_test.cpp */
int ovsdp_test_datapath_init(struct kunit *test);
void ovsdp_test_datapath_exit(struct kunit *test);
void ovsdp_test_datapath_create_find_destroy(struct kunit *test);
void ovsdp_test_datapath_table_outlives_datapath(struct kunit *test);
void ovsdp_test_datapath_flow_ops_race_deletion(struct kunit *test);

/* vport_test.cpp: run within the datapath suite's init and exit. */
void ovsdp_test_vport_sorted_numbers_and_lookup(struct kunit *test);
void ovsdp_test_vport_upcall_pids_replaced_under_readers(struct kunit *test);

/* flow_test.cpp: run within the datapath suite's init and exit. */
void ovsdp_test_flow_key_round_trip(struct kunit *test);
void ovsdp_test_flow_commands(struct kunit *test);
void ovsdp_test_flow_ops_race_datapath_deletion(struct kunit *test);
void ovsdp_test_flow_ops_complete_under_rtnl(struct kunit *test);
void ovsdp_test_flow_table_insert_lookup_remove_rehash(struct kunit *test);
void ovsdp_test_flow_actions_round_trip(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif /* OVSDP_KUNIT_CASES_H */
