// SPDX-License-Identifier: GPL-2.0
// Breaks no rule: proves the guard module builds when the probe is clean.
#include "runtime/new.h"
#include "sync/mutex.h"

namespace {
constinit ovsdp::LockClass probe_class{"ovsdp_guard_probe"};
}

extern "C" int ovsdp_guard_probe(void);
extern "C" int ovsdp_guard_probe(void)
{
	ovsdp::Mutex *mutex = new (ovsdp::may_sleep) ovsdp::Mutex(probe_class);
	if (!mutex)
		return 0;
	{
		ovsdp::MutexGuard guard(*mutex);
	}
	delete mutex;
	return 1;
}
