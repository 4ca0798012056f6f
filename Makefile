# SPDX-License-Identifier: GPL-2.0
# ovsdp: an out-of-tree Open vSwitch datapath that builds to openvswitch.ko.
#
#   make                 build build/$(KVER)/openvswitch.ko
#   make KVER=...        build for another installed kernel (or KDIR=<tree>)
#   make modules-all     build for Debian 12's 6.1 and 6.12 kernels
#   make install         install under /lib/modules/$(KVER)/updates and depmod
#   make check           every test (installs what it needs via scripts/deps)
#   make host-test       the C++ core's host tests, plain and with ASan+UBSan

debian-kver = $(shell ls -d /usr/src/linux-headers-$(1).*-amd64 2>/dev/null | \
	sed 's|.*/linux-headers-||' | grep -E '^$(subst .,\.,$(1))\.[0-9]' | sort -V | tail -1)
KVER_6.1 := $(call debian-kver,6.1)
KVER_6.12 := $(call debian-kver,6.12)

ifdef KDIR
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release)
else
ifeq ($(KVER),)
KVER := $(if $(wildcard /lib/modules/$(shell uname -r)/build),$(shell uname -r),$(KVER_6.1))
endif
KDIR := /lib/modules/$(KVER)/build
endif
BUILD := build/$(KVER)

.PHONY: all module modules-all install check deps host-test clean
all: module

module:
	@[ -n "$(KVER)" ] || { echo "no kernel headers found: run scripts/deps (as root) or pass KDIR=" >&2; exit 1; }
	scripts/kbuild/build-module $(KDIR) $(BUILD) Kbuild

modules-all:
	@[ -n "$(KVER_6.1)" ] && [ -n "$(KVER_6.12)" ] || { echo "Debian 6.1 and 6.12 headers needed: run scripts/deps" >&2; exit 1; }
	scripts/kbuild/build-module /lib/modules/$(KVER_6.1)/build build/$(KVER_6.1) Kbuild
	scripts/kbuild/build-module /lib/modules/$(KVER_6.12)/build build/$(KVER_6.12) Kbuild

install: module
	install -D -m 0644 $(BUILD)/openvswitch.ko $(DESTDIR)/lib/modules/$(KVER)/updates/openvswitch.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)

check:
	scripts/check

deps:
	scripts/deps

host-test:
	tests/host/run plain
	tests/host/run sanitize

clean:
	rm -rf build
