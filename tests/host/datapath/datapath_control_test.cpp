// SPDX-License-Identifier: GPL-2.0
// The ovs_datapath and ovs_vport commands behind include/ovsdp/core.h, as
// the glue calls them: the in-tree module's errno for each bad request, and
// what replies say.
#include <ovsdp/core.h>
#include <ovsdp/kernel_port.h>

#include <string>
#include <vector>

#include "port/core_test.h"
#include "runtime/types.h"

namespace ovsdp {
namespace {

// Replies as the glue keeps them: zeroed before use, PID lists released.
struct DpReply : ovsdp_dp_info {
	DpReply() : ovsdp_dp_info{} {}
	~DpReply() { ovsdp_core_pid_list_release(&per_cpu_pids); }
	DpReply(const DpReply &) = delete;
	DpReply &operator=(const DpReply &) = delete;
};

struct VportReply : ovsdp_vport_info {
	VportReply() : ovsdp_vport_info{} {}
	~VportReply() { ovsdp_core_pid_list_release(&upcall_pids); }
	VportReply(const VportReply &) = delete;
	VportReply &operator=(const VportReply &) = delete;
};

class DatapathControlTest : public testing::CoreTest {
protected:
	void SetUp() override
	{
		CoreTest::SetUp();
		ASSERT_EQ(ovsdp_core_init(), 0);
		net_ = ovsdp_core_net_create(this);
		ASSERT_NE(net_, nullptr);
	}

	void TearDown() override
	{
		ovsdp_core_net_destroy(net_);
		ovsdp_core_exit();
		CoreTest::TearDown();
	}

	ovsdp_dp_request request(const char *name) const
	{
		ovsdp_dp_request r{};
		r.name = name;
		r.upcall_pid = &pid_;
		r.upcall_pid_len = sizeof(pid_);
		return r;
	}

	int create(const char *name, ovsdp_dp_info *reply = nullptr)
	{
		DpReply scratch;
		ovsdp_dp_request r = request(name);
		return ovsdp_core_dp_new(net_, &r, reply ? reply : &scratch, &extack_);
	}

	ovsdp_net *net_ = nullptr;
	const char *extack_ = nullptr;
	u32 pid_ = 77;
};

TEST_F(DatapathControlTest, NewNeedsNameAndUpcallPid)
{
	DpReply reply;
	ovsdp_dp_request no_pid{};
	no_pid.name = "dp0";
	EXPECT_EQ(ovsdp_core_dp_new(net_, &no_pid, &reply, &extack_), -EINVAL);
	EXPECT_NE(extack_, nullptr);
	ovsdp_dp_request no_name = request(nullptr);
	EXPECT_EQ(ovsdp_core_dp_new(net_, &no_name, &reply, &extack_), -EINVAL);
}

TEST_F(DatapathControlTest, NewRefusesUnknownFeaturesAndBadCacheSizes)
{
	DpReply reply;
	ovsdp_dp_request r = request("dp0");
	r.has_user_features = 1;
	r.user_features = 1u << 31;
	EXPECT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), -EOPNOTSUPP);
	r.user_features = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS;
	r.has_masks_cache_size = 1;
	r.masks_cache_size = 100;
	EXPECT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), -EINVAL);
	r.masks_cache_size = 512;
	ASSERT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS);
	EXPECT_EQ(reply.masks_cache_size, 512u);
	EXPECT_STREQ(reply.name, "dp0");
}

TEST_F(DatapathControlTest, UpcallPidsMustBeWholeU32s)
{
	DpReply reply;
	u8 three_bytes[3] = {};
	ovsdp_dp_request r = request("dp0");
	r.upcall_pid = three_bytes;
	r.upcall_pid_len = sizeof(three_bytes);
	EXPECT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), -EINVAL);
}

TEST_F(DatapathControlTest, DuplicateNamesAreEexist)
{
	EXPECT_EQ(create("dp0"), 0);
	EXPECT_EQ(create("dp0"), -EEXIST);
}

TEST_F(DatapathControlTest, GetSetDelByNameOrIfindex)
{
	DpReply created;
	ASSERT_EQ(create("dp0", &created), 0);

	DpReply reply;
	ovsdp_dp_request by_index{};
	by_index.dp_ifindex = created.dp_ifindex;
	ASSERT_EQ(ovsdp_core_dp_get(net_, &by_index, &reply, &extack_), 0);
	EXPECT_STREQ(reply.name, "dp0");
	EXPECT_EQ(reply.masks_cache_size, 256u);

	// SET without USER_FEATURES clears them, as in-tree.
	ovsdp_dp_request set = request("dp0");
	set.has_user_features = 1;
	set.user_features = OVS_DP_F_VPORT_PIDS;
	ASSERT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, unsigned(OVS_DP_F_VPORT_PIDS));
	set.has_user_features = 0;
	ASSERT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, 0u);

	ovsdp_dp_request del = request("dp0");
	ASSERT_EQ(ovsdp_core_dp_del(net_, &del, &reply, &extack_), 0);
	EXPECT_EQ(ovsdp_core_dp_get(net_, &by_index, &reply, &extack_), -ENODEV);
	EXPECT_EQ(ovsdp_core_dp_del(net_, &del, &reply, &extack_), -ENODEV);
	EXPECT_EQ(ovsdp_core_dp_set(net_, &del, &reply, &extack_), -ENODEV);
}

TEST_F(DatapathControlTest, DumpResumesByPosition)
{
	for (const char *name : {"dp0", "dp1", "dp2"})
		ASSERT_EQ(create(name), 0);
	std::vector<std::string> names;
	long position = 0;
	DpReply reply;
	while (ovsdp_core_dp_dump_next(net_, &position, &reply) == 1)
		names.push_back(reply.name);
	EXPECT_EQ(names, (std::vector<std::string>{"dp0", "dp1", "dp2"}));
	EXPECT_EQ(position, 3);
}

TEST_F(DatapathControlTest, PerCpuPidsNeedTheFeatureAndChangeNothingWhenRefused)
{
	DpReply reply;
	ASSERT_EQ(create("dp0"), 0);
	u32 pids[2] = {7, 9};
	ovsdp_dp_request set = request("dp0");
	set.has_per_cpu_pids = 1;
	set.per_cpu_pids = pids;
	set.per_cpu_pids_len = sizeof(pids);
	// Without the feature the list is ignored and not reported.
	ASSERT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), 0);
	EXPECT_EQ(reply.per_cpu_pids.count, 0u);

	set.has_user_features = 1;
	set.user_features = OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	ASSERT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), 0);
	ASSERT_EQ(reply.per_cpu_pids.count, 2u);
	EXPECT_EQ(reply.per_cpu_pids.pids[1], 9u);

	// A bad list is refused before the features or cache size change.
	set.user_features = OVS_DP_F_DISPATCH_UPCALL_PER_CPU | OVS_DP_F_UNALIGNED;
	set.has_masks_cache_size = 1;
	set.masks_cache_size = 16;
	set.per_cpu_pids_len = 3;
	EXPECT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), -EINVAL);
	set.per_cpu_pids_len = 0;
	EXPECT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), -EINVAL);
	ovsdp_dp_request get{};
	get.name = "dp0";
	ASSERT_EQ(ovsdp_core_dp_get(net_, &get, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, unsigned(OVS_DP_F_DISPATCH_UPCALL_PER_CPU));
	EXPECT_EQ(reply.masks_cache_size, 256u);
	ASSERT_EQ(reply.per_cpu_pids.count, 2u);

	// A reply's list outlives its replacement.
	DpReply held;
	ASSERT_EQ(ovsdp_core_dp_get(net_, &get, &held, &extack_), 0);
	u32 more[3] = {1, 2, 3};
	set.masks_cache_size = 256;
	set.user_features = OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	set.per_cpu_pids = more;
	set.per_cpu_pids_len = sizeof(more);
	ASSERT_EQ(ovsdp_core_dp_set(net_, &set, &reply, &extack_), 0);
	EXPECT_EQ(reply.per_cpu_pids.count, 3u);
	ASSERT_EQ(held.per_cpu_pids.count, 2u);
	EXPECT_EQ(held.per_cpu_pids.pids[0], 7u);
}

TEST_F(DatapathControlTest, OldUserspaceRecreatingADatapathDropsItsFeatures)
{
	ovsdp_dp_request r = request("dp0");
	r.genl_version = OVS_DATAPATH_VERSION;
	r.has_user_features = 1;
	r.user_features = OVS_DP_F_VPORT_PIDS;
	DpReply reply;
	ASSERT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), 0);
	EXPECT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), -EEXIST);
	ovsdp_dp_request get{};
	get.name = "dp0";
	ASSERT_EQ(ovsdp_core_dp_get(net_, &get, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, unsigned(OVS_DP_F_VPORT_PIDS));

	r.genl_version = OVS_DP_VER_FEATURES - 1;
	EXPECT_EQ(ovsdp_core_dp_new(net_, &r, &reply, &extack_), -EEXIST);
	ASSERT_EQ(ovsdp_core_dp_get(net_, &get, &reply, &extack_), 0);
	EXPECT_EQ(reply.user_features, 0u);
}

TEST_F(DatapathControlTest, PortZeroIsTheDatapathsInternalDevice)
{
	DpReply dp;
	ASSERT_EQ(create("dp0", &dp), 0);
	VportReply port;
	ovsdp_vport_request by_name{};
	by_name.name = "dp0";
	ASSERT_EQ(ovsdp_core_vport_get(net_, &by_name, &port, &extack_), 0);
	EXPECT_EQ(port.port_no, unsigned(OVSP_LOCAL));
	EXPECT_EQ(port.type, unsigned(OVS_VPORT_TYPE_INTERNAL));
	EXPECT_EQ(port.ifindex, dp.dp_ifindex);
	ASSERT_EQ(port.upcall_pids.count, 1u);
	EXPECT_EQ(port.upcall_pids.pids[0], 77u);
	EXPECT_FALSE(port.upcall_pids_as_array);

	ovsdp_vport_request by_number{};
	by_number.dp_ifindex = dp.dp_ifindex;
	by_number.has_port_no = 1;
	by_number.port_no = 1;
	EXPECT_EQ(ovsdp_core_vport_get(net_, &by_number, &port, &extack_), -ENODEV);
	by_number.port_no = 70000;
	EXPECT_EQ(ovsdp_core_vport_get(net_, &by_number, &port, &extack_), -EFBIG);
	ovsdp_vport_request neither{};
	EXPECT_EQ(ovsdp_core_vport_get(net_, &neither, &port, &extack_), -EINVAL);

	long position = 0;
	EXPECT_EQ(ovsdp_core_vport_dump_next(net_, dp.dp_ifindex, &position, &port), 1);
	EXPECT_EQ(ovsdp_core_vport_dump_next(net_, dp.dp_ifindex, &position, &port), 0);
	EXPECT_EQ(ovsdp_core_vport_dump_next(net_, 12345, &position, &port), -ENODEV);
}

TEST_F(DatapathControlTest, NamespaceExitTakesItsDatapathsDown)
{
	ASSERT_EQ(create("dp0"), 0);
	ASSERT_EQ(create("dp1"), 0);
	ovsdp_core_net_destroy(net_);
	// A new namespace may reuse the names: the devices went with the old one.
	net_ = ovsdp_core_net_create(this);
	ASSERT_NE(net_, nullptr);
	EXPECT_EQ(create("dp0"), 0);
}

}  // namespace
}  // namespace ovsdp

namespace ovsdp {
namespace {

class VportControlTest : public DatapathControlTest {
protected:
	void SetUp() override
	{
		DatapathControlTest::SetUp();
		DpReply dp;
		ASSERT_EQ(create("dp0", &dp), 0);
		dp_ifindex_ = dp.dp_ifindex;
	}

	ovsdp_vport_request port(const char *name, u32 port_no = 0) const
	{
		ovsdp_vport_request r{};
		r.dp_ifindex = dp_ifindex_;
		r.name = name;
		r.has_type = 1;
		r.type = OVS_VPORT_TYPE_INTERNAL;
		r.upcall_pid = &pid_;
		r.upcall_pid_len = sizeof(pid_);
		r.has_port_no = port_no != 0;
		r.port_no = port_no;
		return r;
	}

	int add(const ovsdp_vport_request &r, ovsdp_vport_info *reply = nullptr)
	{
		VportReply scratch;
		return ovsdp_core_vport_new(net_, &r, reply ? reply : &scratch, &extack_);
	}

	std::vector<unsigned> dumped_port_numbers()
	{
		std::vector<unsigned> numbers;
		long position = 0;
		VportReply info;
		while (ovsdp_core_vport_dump_next(net_, dp_ifindex_, &position, &info) == 1)
			numbers.push_back(info.port_no);
		return numbers;
	}

	int dp_ifindex_ = 0;
};

TEST_F(VportControlTest, NumbersAreLowestFreeOrAsRequested)
{
	VportReply info;
	ASSERT_EQ(add(port("p1"), &info), 0);
	EXPECT_EQ(info.port_no, 1u);
	ASSERT_EQ(add(port("p5", 5)), 0);
	ASSERT_EQ(add(port("p2")), 0);
	EXPECT_EQ(add(port("again5", 5)), -EBUSY);
	EXPECT_EQ(add(port("big", 65536)), -EFBIG);
	EXPECT_EQ(dumped_port_numbers(), (std::vector<unsigned>{0, 1, 2, 5}));

	ovsdp_vport_request del{};
	del.name = "p1";
	ASSERT_EQ(ovsdp_core_vport_del(net_, &del, &info, &extack_), 0);
	ASSERT_EQ(add(port("p1again"), &info), 0);
	EXPECT_EQ(info.port_no, 1u);
}

TEST_F(VportControlTest, NewChecksItsAttributesInTreeOrder)
{
	ovsdp_vport_request r = port("p1");
	r.has_type = 0;
	EXPECT_EQ(add(r), -EINVAL);
	r = port("p1");
	r.has_ifindex = 1;
	r.type = OVS_VPORT_TYPE_NETDEV;
	EXPECT_EQ(add(r), -EOPNOTSUPP);
	r = port("p1");
	r.dp_ifindex = 999;
	EXPECT_EQ(add(r), -ENODEV);
	r = port("p1");
	r.type = 99;
	EXPECT_EQ(add(r), -EAFNOSUPPORT);
	r = port("p1");
	r.type = OVS_VPORT_TYPE_VXLAN;
	EXPECT_EQ(add(r), -EOPNOTSUPP);
	r = port("dp0");  // the datapath's own device name is taken
	EXPECT_EQ(add(r), -EEXIST);
	EXPECT_EQ(dumped_port_numbers(), (std::vector<unsigned>{0}));
}

TEST_F(VportControlTest, PortZeroCannotBeDeletedAlone)
{
	VportReply info;
	ovsdp_vport_request del{};
	del.name = "dp0";
	EXPECT_EQ(ovsdp_core_vport_del(net_, &del, &info, &extack_), -EINVAL);
}

TEST_F(VportControlTest, UpcallPidListsHoldOnePerPossibleCpu)
{
	const u32 cpus = ovsdp_kp_cpu_id_limit();
	std::vector<u32> pids(cpus + 1);
	for (size_t i = 0; i < pids.size(); i++)
		pids[i] = u32(i + 1);
	ovsdp_vport_request r = port("p1");
	r.upcall_pid = pids.data();
	r.upcall_pid_len = u32(pids.size() * sizeof(u32));
	VportReply info;
	EXPECT_EQ(add(r, &info), -EINVAL);
	r.upcall_pid_len -= sizeof(u32);
	ASSERT_EQ(add(r, &info), 0);
	ASSERT_EQ(info.upcall_pids.count, cpus);
	EXPECT_EQ(info.upcall_pids.pids[cpus - 1], cpus);
}

TEST_F(VportControlTest, SetChangesUpcallPidsButNotType)
{
	ASSERT_EQ(add(port("p1")), 0);
	VportReply info;
	u32 pids[3] = {7, 8, 9};
	ovsdp_vport_request set{};
	set.name = "p1";
	set.upcall_pid = pids;
	set.upcall_pid_len = sizeof(pids);
	ASSERT_EQ(ovsdp_core_vport_set(net_, &set, &info, &extack_), 0);
	ASSERT_EQ(info.upcall_pids.count, 3u);
	EXPECT_EQ(info.upcall_pids.pids[2], 9u);
	set.has_type = 1;
	set.type = OVS_VPORT_TYPE_NETDEV;
	EXPECT_EQ(ovsdp_core_vport_set(net_, &set, &info, &extack_), -EINVAL);
	set.has_type = 0;
	set.has_options = 1;
	EXPECT_EQ(ovsdp_core_vport_set(net_, &set, &info, &extack_), -EOPNOTSUPP);
}

TEST_F(VportControlTest, DeletingTheDatapathTakesItsPorts)
{
	ASSERT_EQ(add(port("p1")), 0);
	ASSERT_EQ(add(port("p2")), 0);
	DpReply reply;
	ovsdp_dp_request del = request("dp0");
	ASSERT_EQ(ovsdp_core_dp_del(net_, &del, &reply, &extack_), 0);
	// Their device names are free again.
	ASSERT_EQ(create("p1"), 0);
}

}  // namespace
}  // namespace ovsdp
