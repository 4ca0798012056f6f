# SPDX-License-Identifier: GPL-2.0
# C++ objects in a kbuild module. Included from a Kbuild file; kbuild's own
# variables are in scope. A .cpp compiles with the target kernel's own
# per-object C flags (so retpolines, return thunks, SLS hardening, the kernel
# code model, no red zone, no SSE, the stack protector and the mcount records
# match the kernel's build), minus what g++ rejects as C-only, minus the
# kernel's non-UAPI include paths (the core sees UAPI headers and its own),
# plus the freestanding C++ dialect. objtool then runs on it exactly as kbuild
# runs it on a C object of the same module.

CXX := $(subst gcc,g++,$(CC))

# Ask g++ which of the kernel's options it refuses for C++, instead of keeping
# a list that goes stale with the next kernel.
ovsdp-cxx-probe-flags := $(filter -W% -f% -std=% -m%,$(KBUILD_CFLAGS) $(ccflags-y))
ovsdp-cxx-c-only := $(shell echo | LC_ALL=C $(CXX) -x c++ -fsyntax-only $(ovsdp-cxx-probe-flags) - 2>&1 | \
	sed -n -e "s/.*command-line option '\([^']*\)' is valid for C\/ObjC but not for C++.*/\1/p" \
	       -e "s/.*argument '\([^']*\)' is not valid for C++.*/\1/p")

# g++'s DWARF for templates breaks pahole's BTF encoding, which runs only
# when the kernel ships vmlinux (modfinal skips BTF otherwise).
ovsdp-cxx-debug := $(if $(and $(CONFIG_DEBUG_INFO_BTF_MODULES),$(wildcard $(objtree)/vmlinux)),-g0)

# Overridable only so tests/build-guards can show what removing it does.
OVSDP_CXX_EXCEPTIONS ?= -fno-exceptions

ovsdp-cxx-dialect := -std=gnu++20 $(OVSDP_CXX_EXCEPTIONS) -fno-rtti -fno-threadsafe-statics \
	-fno-use-cxa-atexit -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-nostdinc -nostdinc++ -faligned-new=8 -Werror \
	-I$(src)/include -I$(src)/src/core $(ovsdp-cxx-extra-includes) $(ovsdp-cxx-debug) \
	-D__EXPORTED_HEADERS__ -I$(src)/scripts/kbuild/uapi-shim

# The raw UAPI headers of the kernel tree need __EXPORTED_HEADERS__ and a
# stand-in for <linux/compiler_types.h> (scripts/kbuild/uapi-shim).
#
# Drops "-include <file>" pairs (kconfig.h, compiler-version.h: C macros over
# kernel headers), C-only options, __KERNEL__ (UAPI headers must read as they
# do on the host) and every kernel include path but the UAPI ones.
ovsdp-cxx-from-c = $(filter-out -include:% -D__KERNEL__ -I% $(ovsdp-cxx-c-only), \
	$(subst -include ,-include:,$(1))) $(filter -I%/uapi,$(1))

cxx_flags = $(call ovsdp-cxx-from-c,$(c_flags)) $(ovsdp-cxx-dialect)

# Inline functions and template instantiations land in COMDAT groups; when two
# objects carry the same one, the module link discards one copy, but the
# __mcount_loc entries that -mrecord-mcount wrote for it still point there
# and the link fails. Ungrouped, both copies stay (the symbols are weak, the
# first wins) and every mcount record stays valid.
quiet_cmd_cc_o_cpp = CXX $(quiet_modtag) $@
      cmd_cc_o_cpp = $(CXX) $(cxx_flags) -c -o $@ $<; \
		     $(OBJCOPY) --remove-section=.group $@ $(cmd_objtool)

define rule_cc_o_cpp
	$(call cmd_and_fixdep,cc_o_cpp)
	$(call cmd,gen_objtooldep)
endef

$(obj)/%.o: $(src)/%.cpp FORCE
	$(call if_changed_rule,cc_o_cpp)
