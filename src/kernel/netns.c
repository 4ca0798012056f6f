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
};

static unsigned int ovsdp_net_id __read_mostly;

static int __net_init ovsdp_net_init(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

	pernet->core = ovsdp_core_net_create(net);
	return pernet->core ? 0 : -ENOMEM;
}

static void __net_exit ovsdp_net_exit(struct net *net)
{
	struct ovsdp_pernet *pernet = net_generic(net, ovsdp_net_id);

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

int ovsdp_netns_register(void)
{
	return register_pernet_device(&ovsdp_net_ops);
}

void ovsdp_netns_unregister(void)
{
	unregister_pernet_device(&ovsdp_net_ops);
}
