/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's entry points for the C glue: what module init and exit call.
 */
#ifndef OVSDP_CORE_H
#define OVSDP_CORE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Context: module init, may sleep. Returns 0 or a negative errno. */
int ovsdp_core_init(void);
/* Context: module exit, may sleep; after every user of the core is gone. */
void ovsdp_core_exit(void);

#ifdef __cplusplus
}
#endif

#endif /* OVSDP_CORE_H */
