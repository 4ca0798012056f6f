// SPDX-License-Identifier: GPL-2.0
/*
 * Conntrack for the core: whether a ct action's helper exists. As in-tree,
 * asking may load the helper's module (nfct-helper-NAME) and, for NAT, its
 * NAT helper.
 */
#include <net/netfilter/nf_conntrack_helper.h>

#include <ovsdp/kernel_port.h>

int ovsdp_kp_ct_helper_available(const char *name, unsigned short family, unsigned char ip_protocol,
				 int nat)
{
	struct nf_conntrack_helper *helper;

	helper = nf_conntrack_helper_try_module_get(name, family, ip_protocol);
	if (!helper)
		return -EINVAL;
#if IS_ENABLED(CONFIG_NF_NAT)
	if (nat) {
		int err = nf_nat_helper_try_module_get(name, family, ip_protocol);

		if (err) {
			nf_conntrack_helper_put(helper);
			return err;
		}
		nf_nat_helper_put(helper);
	}
#endif
	nf_conntrack_helper_put(helper);
	return 0;
}
