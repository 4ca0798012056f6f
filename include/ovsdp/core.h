/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's entry points for the C glue: what module init and exit call.
 */
#ifndef OVSDP_CORE_H
#define OVSDP_CORE_H

#include <linux/openvswitch.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Context: module init, may sleep. Returns 0 or a negative errno. */
int ovsdp_core_init(void);
/* Context: module exit, may sleep; after every user of the core is gone. */
void ovsdp_core_exit(void);

/* The core's state for one network namespace. */
struct ovsdp_net;

/* Context: pernet init, may sleep. NULL on allocation failure. */
struct ovsdp_net *ovsdp_core_net_create(void *netns);
/* Deletes the namespace's datapaths. Context: pernet exit, may sleep; takes
 * the global datapath lock, then RTNL. */
void ovsdp_core_net_destroy(struct ovsdp_net *net);

/* Removes the ports whose devices are gone (see ovsdp_core_port_device_gone)
 * and notifies userspace of each. Context: process (a work item), may sleep;
 * takes the global datapath lock, so never called with RTNL held. */
void ovsdp_core_reap_unregistered_ports(struct ovsdp_net *net);

/* The device of @port (as given to ovsdp_kp_netdev_attach) is being
 * unregistered or leaving its namespace, and the glue has detached it; the
 * next reap removes the port. Context: the netdevice notifier, RTNL held;
 * takes no lock. */
void ovsdp_core_port_device_gone(void *port);

/* Upcall PIDs in a reply. @pids stays valid until the list is released with
 * ovsdp_core_pid_list_release(); an empty list has @count 0. */
struct ovsdp_pid_list {
	unsigned int count;
	const unsigned int *pids;
	void *hold;			/* the core's reference to the list */
};

/* Drops the reference a reply's list holds and empties it. Context: any. */
void ovsdp_core_pid_list_release(struct ovsdp_pid_list *list);

/*
 * ovs_datapath requests, as the glue parsed them under the family's policy.
 * Absent attributes are NULL pointers or zero has_ flags.
 */
struct ovsdp_dp_request {
	int dp_ifindex;			/* from struct ovs_header */
	const char *name;		/* OVS_DP_ATTR_NAME */
	const void *upcall_pid;		/* OVS_DP_ATTR_UPCALL_PID */
	unsigned int upcall_pid_len;
	int has_user_features;
	unsigned int user_features;
	int has_masks_cache_size;
	unsigned int masks_cache_size;
	int desired_ifindex;		/* OVS_DP_ATTR_IFINDEX, 0 if absent */
	int has_per_cpu_pids;
	const void *per_cpu_pids;	/* OVS_DP_ATTR_PER_CPU_PIDS */
	unsigned int per_cpu_pids_len;
	unsigned int genl_version;	/* the request's genlmsghdr version */
};

/* What a reply or notification says of a datapath. */
struct ovsdp_dp_info {
	int dp_ifindex;
	char name[16];
	struct ovs_dp_stats stats;
	struct ovs_dp_megaflow_stats megaflow_stats;
	unsigned int user_features;
	unsigned int masks_cache_size;
	/* Set only with OVS_DP_F_DISPATCH_UPCALL_PER_CPU. */
	struct ovsdp_pid_list per_cpu_pids;
};

/* Each returns 0 or a negative errno, with *extack set to a message for
 * userspace where the core has one. Context: may sleep; no lock held. The
 * caller zeroes @reply before its first use and releases its PID list after
 * each success (the core releases what a reused @reply still holds). */
int ovsdp_core_dp_new(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
		      struct ovsdp_dp_info *reply, const char **extack);
int ovsdp_core_dp_del(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
		      struct ovsdp_dp_info *reply, const char **extack);
int ovsdp_core_dp_set(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
		      struct ovsdp_dp_info *reply, const char **extack);
/* Takes RCU only: reading a datapath never waits for the global lock. */
int ovsdp_core_dp_get(struct ovsdp_net *net, const struct ovsdp_dp_request *request,
		      struct ovsdp_dp_info *reply, const char **extack);
/* Fills @reply with the datapath at *@position and advances it; returns 1,
 * or 0 past the last one. */
int ovsdp_core_dp_dump_next(struct ovsdp_net *net, long *position, struct ovsdp_dp_info *reply);

/* ovs_vport requests. */
struct ovsdp_vport_request {
	int dp_ifindex;
	const char *name;		/* OVS_VPORT_ATTR_NAME */
	int has_port_no;
	unsigned int port_no;
	int has_type;
	unsigned int type;		/* enum ovs_vport_type */
	const void *upcall_pid;		/* OVS_VPORT_ATTR_UPCALL_PID */
	unsigned int upcall_pid_len;
	int has_options;		/* OVS_VPORT_ATTR_OPTIONS present */
	int has_ifindex;
	int ifindex;			/* OVS_VPORT_ATTR_IFINDEX */
};

struct ovsdp_vport_info {
	int dp_ifindex;
	unsigned int port_no;
	unsigned int type;		/* enum ovs_vport_type */
	char name[16];
	int ifindex;
	int has_netnsid;		/* the device left the datapath's namespace */
	int netnsid;
	struct ovs_vport_stats stats;
	/* With OVS_DP_F_VPORT_PIDS the reply carries every pid as an array,
	 * otherwise the first as a u32. */
	int upcall_pids_as_array;
	struct ovsdp_pid_list upcall_pids;
};

int ovsdp_core_vport_new(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
			 struct ovsdp_vport_info *reply, const char **extack);
int ovsdp_core_vport_del(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
			 struct ovsdp_vport_info *reply, const char **extack);
int ovsdp_core_vport_set(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
			 struct ovsdp_vport_info *reply, const char **extack);
int ovsdp_core_vport_get(struct ovsdp_net *net, const struct ovsdp_vport_request *request,
			 struct ovsdp_vport_info *reply, const char **extack);
/* As ovsdp_core_dp_dump_next, over the ports of datapath @dp_ifindex. */
int ovsdp_core_vport_dump_next(struct ovsdp_net *net, int dp_ifindex, long *position,
			       struct ovsdp_vport_info *reply);

/*
 * ovs_flow requests. No flow command takes the global datapath lock or
 * RTNL: each finds its datapath under RCU, takes a reference to the
 * datapath's flow table and works under that table's own mutex.
 */
struct ovsdp_flow_request {
	int dp_ifindex;
	const void *key;		/* OVS_FLOW_ATTR_KEY payload, or NULL */
	unsigned int key_len;
	const void *mask;		/* OVS_FLOW_ATTR_MASK payload, or NULL */
	unsigned int mask_len;
	const void *actions;		/* OVS_FLOW_ATTR_ACTIONS payload, or NULL */
	unsigned int actions_len;
	const void *ufid;		/* OVS_FLOW_ATTR_UFID payload, or NULL */
	unsigned int ufid_len;
	unsigned int ufid_flags;	/* OVS_FLOW_ATTR_UFID_FLAGS, 0 if absent */
	int clear;			/* OVS_FLOW_ATTR_CLEAR */
	int probe;			/* OVS_FLOW_ATTR_PROBE: log nothing */
	int create;			/* NLM_F_CREATE or NLM_F_EXCL */
	/* NEW, SET, DEL: whether anyone will read the message (NLM_F_ECHO or
	 * multicast listeners); GET always builds one. */
	int want_reply;
};

/* One flow message's attributes (what follows the ovs_header), built by the
 * core. Empty (data NULL) when no message was wanted or none could be built. */
struct ovsdp_flow_message {
	void *data;
	unsigned int length;
};

/* Frees a message's attributes and empties it. Context: any. */
void ovsdp_core_flow_message_release(struct ovsdp_flow_message *message);

/* Each returns 0 or a negative errno (with *extack where the core has a
 * message). On success @reply holds the message to send (NEW, SET, DEL:
 * to the multicast group, GET: to the sender), unless it stayed empty.
 * Context: may sleep; no lock held; takes RCU and one table's mutex. */
int ovsdp_core_flow_new(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
			struct ovsdp_flow_message *reply, const char **extack);
int ovsdp_core_flow_set(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
			struct ovsdp_flow_message *reply, const char **extack);
int ovsdp_core_flow_get(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
			struct ovsdp_flow_message *reply, const char **extack);
int ovsdp_core_flow_del(struct ovsdp_net *net, const struct ovsdp_flow_request *request,
			struct ovsdp_flow_message *reply, const char **extack);

/* Writes the attributes of the flow at @position (bucket, index) of datapath
 * @dp_ifindex into @buffer and advances @position. With @allow_no_actions
 * (the message would be the first of its buffer), a flow whose actions do
 * not fit is written without them. Returns 1 with *@length set, 0 past the
 * last flow, -EMSGSIZE if the flow does not fit (@position unchanged),
 * -ENODEV without such a datapath. Context: may sleep; takes RCU only. */
int ovsdp_core_flow_dump_next(struct ovsdp_net *net, int dp_ifindex, unsigned int ufid_flags,
			      long position[2], void *buffer, unsigned int capacity,
			      int allow_no_actions, unsigned int *length);

#ifdef __cplusplus
}
#endif

#endif /* OVSDP_CORE_H */
