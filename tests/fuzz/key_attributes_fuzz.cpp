// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: the first pass over flow keys and masks, with what a
// later ENCAP pass would do, on arbitrary bytes. Beyond the sanitizers'
// checks: every recorded attribute lies inside the input and has the length
// its type demands.
#include "flow/key_attributes.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>

namespace {

void check(const ovsdp::KeyAttributes &table, const uint8_t *data, size_t size)
{
	for (ovsdp::u32 type = 0; type <= ovsdp::KeyAttributes::max_type; type++) {
		if (!table.has(type))
			continue;
		const ovsdp::Attribute &attribute = table.get(type);
		if (attribute.data < data || attribute.data + attribute.length > data + size)
			abort();
		int expected = ovsdp::key_attribute_length(type);
		if (expected == ovsdp::key_length_unsupported || (expected >= 0 && attribute.length != expected))
			abort();
	}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (ovsdp::KeyPass pass : {ovsdp::KeyPass::key, ovsdp::KeyPass::mask}) {
		ovsdp::KeyAttributes table;
		if (!table.collect(data, ovsdp::u32(size), pass).ok())
			continue;
		check(table, data, size);
		if (!table.has(OVS_KEY_ATTR_ENCAP))
			continue;
		ovsdp::Attribute encap = table.get(OVS_KEY_ATTR_ENCAP);
		table.consume(OVS_KEY_ATTR_ENCAP);
		table.consume(OVS_KEY_ATTR_ETHERTYPE);
		table.consume(OVS_KEY_ATTR_VLAN);
		if (table.collect(encap.data, encap.length, pass).ok())
			check(table, data, size);
	}
	return 0;
}
