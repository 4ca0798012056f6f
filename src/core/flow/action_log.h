// SPDX-License-Identifier: GPL-2.0
// The action codec's kernel-log lines: the in-tree module's printf-style
// OVS_NLERR texts, formatted here (the core has no printf) and only when the
// request logs at all.
#pragma once

#include "flow/key_codec.h"

namespace ovsdp {

// Formats @format into @line (@size bytes, NUL-terminated, cut short if
// need be). Knows %d, %u, %x, %s and %%: enough for the in-tree texts.
[[gnu::format(printf, 3, 4)]] void format_log_line(char *line, u32 size, const char *format, ...);

// Formats and hands the line to codec_log(). A text without conversions is
// passed as it is, so it keeps its static storage.
[[gnu::format(printf, 2, 3)]] void action_log(const CodecContext &context, const char *format, ...);

// A few in-tree messages ignore PROBE (OVS_NLERR(1, ...)).
inline constexpr CodecContext always_log{true};

}  // namespace ovsdp
