// SPDX-License-Identifier: GPL-2.0
// A minimal formatter for the action codec's log lines.
#include "flow/action_log.h"

namespace ovsdp {
namespace {

constexpr u32 line_size = 128;

class LineBuffer {
public:
	LineBuffer(char *text, u32 size) : text_(text), size_(size) {}

	void put(char c)
	{
		if (used_ + 1 < size_)
			text_[used_++] = c;
	}
	void put(const char *s)
	{
		while (s && *s)
			put(*s++);
	}
	void put_unsigned(unsigned long value, unsigned base)
	{
		char digits[24];
		int n = 0;
		do {
			digits[n++] = "0123456789abcdef"[value % base];
			value /= base;
		} while (value && n < int(sizeof(digits)));
		while (n)
			put(digits[--n]);
	}
	void finish()
	{
		if (size_)
			text_[used_] = 0;
	}

private:
	char *text_;
	u32 size_;
	u32 used_ = 0;
};

void format(char *text, u32 size, const char *format, __builtin_va_list arguments)
{
	LineBuffer line(text, size);
	for (const char *at = format; *at; at++) {
		if (*at != '%' || !at[1]) {
			line.put(*at);
			continue;
		}
		switch (*++at) {
		case 'd': {
			int value = __builtin_va_arg(arguments, int);
			if (value < 0)
				line.put('-');
			// Through long: -INT_MIN does not fit an int.
			line.put_unsigned(value < 0 ? -long(value) : long(value), 10);
			break;
		}
		case 'u':
			line.put_unsigned(__builtin_va_arg(arguments, unsigned), 10);
			break;
		case 'x':
			line.put_unsigned(__builtin_va_arg(arguments, unsigned), 16);
			break;
		case 's':
			line.put(__builtin_va_arg(arguments, const char *));
			break;
		default:
			line.put(*at);
			break;
		}
	}
	line.finish();
}

bool has_conversion(const char *text)
{
	for (; *text; text++)
		if (*text == '%')
			return true;
	return false;
}

}  // namespace

void format_log_line(char *line, u32 size, const char *text, ...)
{
	__builtin_va_list arguments;
	__builtin_va_start(arguments, text);
	format(line, size, text, arguments);
	__builtin_va_end(arguments);
}

void action_log(const CodecContext &context, const char *text, ...)
{
	if (!context.log)
		return;
	if (!has_conversion(text)) {
		codec_log(context, text);
		return;
	}
	char line[line_size];
	__builtin_va_list arguments;
	__builtin_va_start(arguments, text);
	format(line, sizeof(line), text, arguments);
	__builtin_va_end(arguments);
	codec_log(context, line);
}

}  // namespace ovsdp
