// SPDX-License-Identifier: Apache-2.0
/*
 * printf-style formatting into a bounded buffer. No floating point, no
 * allocation, no recursion; each conversion is bounded by its width (at most
 * FMT_MAX_WIDTH) or by the string it prints.
 */
#include <stdbool.h>
#include <stdint.h>

#include "mica/fmt.h"
#include "mica/string.h"

#define FMT_MAX_WIDTH 64

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void emit_padded(struct out *o, const char *s, size_t n, unsigned width,
			bool left, char pad)
{
	size_t fill = width > n ? width - n : 0;

	if (!left) {
		for (size_t i = 0; i < fill; i++) {
			emit(o, pad);
		}
	}
	for (size_t i = 0; i < n; i++) {
		emit(o, s[i]);
	}
	if (left) {
		for (size_t i = 0; i < fill; i++) {
			emit(o, ' ');
		}
	}
}

static void emit_number(struct out *o, uint64_t v, bool negative, unsigned base,
			bool upper, unsigned width, bool left, bool zero)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n] = digits[v % base];
		v /= base;
		n++;
	} while (v != 0);

	if (negative) {
		if (zero && !left) {
			/* The sign goes before the zero padding. */
			emit(o, '-');
			if (width > 0) {
				width--;
			}
		} else {
			tmp[sizeof(tmp) - 1 - n] = '-';
			n++;
		}
	}
	emit_padded(o, &tmp[sizeof(tmp) - n], n, width, left,
		    (zero && !left) ? '0' : ' ');
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	while (*fmt != '\0') {
		bool left = false;
		bool zero = false;
		unsigned width = 0;
		int longs = 0;
		bool size_t_arg = false;

		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt++;
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			left = left || *fmt == '-';
			zero = zero || *fmt == '0';
		}
		/*
		 * cppcheck 2.10 wrongly takes *fmt to be '0' here: the loop
		 * above ends on any character other than '-' and '0'.
		 */
		/* cppcheck-suppress knownConditionTrueFalse */
		for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
			width = width * 10 + (unsigned)(*fmt - '0');
			width = width < FMT_MAX_WIDTH ? width : FMT_MAX_WIDTH;
		}
		for (; *fmt == 'l' && longs < 2; fmt++) {
			longs++;
		}
		if (*fmt == 'z') {
			size_t_arg = true;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = longs == 1 ? va_arg(ap, long) :
				    size_t_arg ? (int64_t)va_arg(ap, size_t) :
				    longs == 2 ? va_arg(ap, long long) :
						 va_arg(ap, int);

			emit_number(&o,
				    v < 0 ? (uint64_t)0 - (uint64_t)v :
					    (uint64_t)v,
				    v < 0, 10, false, width, left, zero);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			/*
			 * The branches read the same type on LP64, not on every
			 * ABI: va_arg must name the type that was passed.
			 */
			/* NOLINTBEGIN(bugprone-branch-clone) */
			uint64_t v =
				size_t_arg ? va_arg(ap, size_t) :
				longs == 1 ? va_arg(ap, unsigned long) :
				longs == 2 ? va_arg(ap, unsigned long long) :
					     va_arg(ap, unsigned int);
			/* NOLINTEND(bugprone-branch-clone) */

			emit_number(&o, v, false, *fmt == 'u' ? 10 : 16,
				    *fmt == 'X', width, left, zero);
			break;
		}
		case 'p':
			emit(&o, '0');
			emit(&o, 'x');
			emit_number(&o, (uint64_t)(uintptr_t)va_arg(ap, void *),
				    false, 16, false, width, left, zero);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			emit_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (s == NULL) {
				s = "(null)";
			}
			emit_padded(&o, s, strlen(s), width, left, ' ');
			break;
		}
		case '%': emit(&o, '%'); break;
		case '\0':
			/* A lone '%' at the end: print it and stop. */
			emit(&o, '%');
			continue;
		default:
			emit(&o, '%');
			emit(&o, *fmt);
			break;
		}
		fmt++;
	}
	if (size > 0) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return o.len;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
