// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: the whole key codec on arbitrary bytes, as ovs_flow
// requests carry them. The first two bytes choose how the rest splits into
// a key and a mask (and whether there is a mask). Beyond the sanitizers'
// checks: written ranges lie inside the key, an accepted match serializes
// (key, masked key and mask) within the bound replies reserve, and a key
// accepted with a mask is accepted alone too (GET and DEL parse just that).
#include "flow/key_codec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {

using namespace ovsdp;

constexpr u32 key_message_bound = 1024;  // as flow_control.cpp reserves

void check_range(KeyRange range)
{
	if (range.start > range.end || range.end > flow_key_size || range.start % 8 || range.end % 8)
		abort();
}

void check_dump(const FlowKey &shape, const FlowKey &values, bool is_mask)
{
	static u8 buffer[key_message_bound];
	AttributeWriter writer(buffer, sizeof(buffer));
	put_key(shape, values, is_mask, writer);
	if (writer.overflow())
		abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t split = (data[0] | data[1] << 8) % (size - 1);
	bool has_mask = data[1] & 0x80;
	const uint8_t *key = data + 2;
	size_t key_length = split;
	const uint8_t *mask = key + key_length;
	size_t mask_length = size - 2 - key_length;

	auto match = std::make_unique<FlowMatch>();
	CodecContext quiet{false};
	if (parse_match(key, key_length, has_mask ? mask : nullptr, mask_length, quiet, match.get()).ok()) {
		check_range(match->key_range);
		check_range(match->mask_range);
		auto masked = std::make_unique<FlowKey>();
		apply_mask(match->key, match->mask, match->mask_range, masked.get());
		check_dump(match->key, match->key, false);
		check_dump(*masked, *masked, false);
		check_dump(*masked, match->mask, true);
		auto alone = std::make_unique<FlowMatch>();
		if (!parse_key(key, key_length, quiet, alone.get()).ok())
			abort();
	}
	auto alone = std::make_unique<FlowMatch>();
	if (parse_key(key, key_length, quiet, alone.get()).ok())
		check_range(alone->key_range);
	return 0;
}
