// SPDX-License-Identifier: GPL-2.0
// The ovs_datapath and ovs_vport commands behind include/ovsdp/core.h, as
// the glue calls them: the in-tree module's errno for each bad request, and
// what replies say.
#include <ovsdp/core.h>

#include <string>
#include <vector>

#include "port/core_test.h"
#include "runtime/types.h"

namespace ovsdp {
namespace {

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
		ovsdp_dp_info scratch;
		ovsdp_dp_request r = request(name);
		return ovsdp_core_dp_new(net_, &r, reply ? reply : &scratch, &extack_);
	}

	ovsdp_net *net_ = nullptr;
	const char *extack_ = nullptr;
	u32 pid_ = 77;
};

TEST_F(DatapathControlTest, NewNeedsNameAndUpcallPid)
{
	ovsdp_dp_info reply;
	ovsdp_dp_request no_pid{};
	no_pid.name = "dp0";
	EXPECT_EQ(ovsdp_core_dp_new(net_, &no_pid, &reply, &extack_), -EINVAL);
	EXPECT_NE(extack_, nullptr);
	ovsdp_dp_request no_name = request(nullptr);
	EXPECT_EQ(ovsdp_core_dp_new(net_, &no_name, &reply, &extack_), -EINVAL);
}

TEST_F(DatapathControlTest, NewRefusesUnknownFeaturesAndBadCacheSizes)
{
	ovsdp_dp_info reply;
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
	ovsdp_dp_info reply;
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
	ovsdp_dp_info created;
	ASSERT_EQ(create("dp0", &created), 0);

	ovsdp_dp_info reply;
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
	ovsdp_dp_info reply;
	while (ovsdp_core_dp_dump_next(net_, &position, &reply) == 1)
		names.push_back(reply.name);
	EXPECT_EQ(names, (std::vector<std::string>{"dp0", "dp1", "dp2"}));
	EXPECT_EQ(position, 3);
}

TEST_F(DatapathControlTest, PortZeroIsTheDatapathsInternalDevice)
{
	ovsdp_dp_info dp;
	ASSERT_EQ(create("dp0", &dp), 0);
	ovsdp_vport_info port;
	ovsdp_vport_request by_name{};
	by_name.name = "dp0";
	ASSERT_EQ(ovsdp_core_vport_get(net_, &by_name, &port, &extack_), 0);
	EXPECT_EQ(port.port_no, unsigned(OVSP_LOCAL));
	EXPECT_EQ(port.type, unsigned(OVS_VPORT_TYPE_INTERNAL));
	EXPECT_EQ(port.ifindex, dp.dp_ifindex);
	EXPECT_EQ(port.n_upcall_pids, 1u);
	EXPECT_EQ(port.upcall_pids[0], 77u);
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
		ovsdp_dp_info dp;
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
		ovsdp_vport_info scratch;
		return ovsdp_core_vport_new(net_, &r, reply ? reply : &scratch, &extack_);
	}

	std::vector<unsigned> dumped_port_numbers()
	{
		std::vector<unsigned> numbers;
		long position = 0;
		ovsdp_vport_info info;
		while (ovsdp_core_vport_dump_next(net_, dp_ifindex_, &position, &info) == 1)
			numbers.push_back(info.port_no);
		return numbers;
	}

	int dp_ifindex_ = 0;
};

TEST_F(VportControlTest, NumbersAreLowestFreeOrAsRequested)
{
	ovsdp_vport_info info;
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
	ovsdp_vport_info info;
	ovsdp_vport_request del{};
	del.name = "dp0";
	EXPECT_EQ(ovsdp_core_vport_del(net_, &del, &info, &extack_), -EINVAL);
}

TEST_F(VportControlTest, SetChangesUpcallPidsButNotType)
{
	ASSERT_EQ(add(port("p1")), 0);
	ovsdp_vport_info info;
	u32 pids[3] = {7, 8, 9};
	ovsdp_vport_request set{};
	set.name = "p1";
	set.upcall_pid = pids;
	set.upcall_pid_len = sizeof(pids);
	ASSERT_EQ(ovsdp_core_vport_set(net_, &set, &info, &extack_), 0);
	EXPECT_EQ(info.n_upcall_pids, 3u);
	EXPECT_EQ(info.upcall_pids[2], 9u);
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
	ovsdp_dp_info reply;
	ovsdp_dp_request del = request("dp0");
	ASSERT_EQ(ovsdp_core_dp_del(net_, &del, &reply, &extack_), 0);
	// Their device names are free again.
	ASSERT_EQ(create("p1"), 0);
}

}  // namespace
}  // namespace ovsdp
