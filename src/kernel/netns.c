// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: the core's datapath registry for each struct net.
 * Registered as a pernet device so that a dying namespace's datapaths (and
 * their internal devices) go before the namespace's remaining devices do.
 */
#include <net/netns/generic.h>

#include "glue.h"

struct ovsdp_pernet {
	struct ovsdp_net *core;
	/* Removes ports whose devices were unregistered: the notifier runs
	 * under RTNL, which must not be held when taking the global lock. */
	struct work_struct reap_work;
};

static unsigned int ovsdp_net_id __read_mostly;

static void reap_ports(struct work_struct *work)
{
	struct ovsdp_pernet *pernet = container_of(work, struct ovsdp_pernet, reap_work);

	/* The namespace's exit cancels this work before it tears the core
	 * down; a NULL core would mean a notifier queued it afterwards. */
	if (!WARN_ON_ONCE(!pernet->core))
		ovsdp_core_reap_unregistered_ports(pernet->core);
}

static int __net_init ovsdp_net_init(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

	INIT_WORK(&pernet->reap_work, reap_ports);
	pernet->core = ovsdp_core_net_create(net);
	return pernet->core ? 0 : -ENOMEM;
}

static void __net_exit ovsdp_net_exit(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

	/* Tearing down every port below covers whatever the work would have
	 * reaped. */
	cancel_work_sync(&pernet->reap_work);
	ovsdp_core_net_destroy(pernet->core);
	pernet->core = NULL;
}

static struct pernet_operations ovsdp_net_ops = {
	.init = ovsdp_net_init,
	.exit = ovsdp_net_exit,
	.id = &ovsdp_net_id,
	.size = sizeof(struct ovsdp_pernet),
};

struct ovsdp_net *ovsdp_netns_core(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

	return pernet->core;
}

void ovsdp_netns_schedule_reap(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

	queue_work(system_wq, &pernet->reap_work);
}

int ovsdp_netns_register(void)
{
	return register_pernet_device(&ovsdp_net_ops);
}

void ovsdp_netns_unregister(void)
{
	unregister_pernet_device(&ovsdp_net_ops);
}
