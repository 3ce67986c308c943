// SPDX-License-Identifier: Apache-2.0
/*
 * The raw-and-summary report of report.h, on libmica's console: kept out
 * of stats.c so that the statistics stay free of any console and host
 * tests can link them alone.
 */
#include "report.h"

#include "libmica/console.h"
#include "../rt-bench/stats.h"

#define RAW_VALUES_MAX 64 /* a raw line stays under 128 chars */

void stats_report(const char *who, const char *name, uint32_t *v, uint32_t n)
{
	char line[RAW_VALUES_MAX + 2]; /* and "\n\0" */
	struct stats s;
	uint32_t i = 0;

	while (i < n) {
		uint32_t taken;
		char *p = stats_format_raw(line, RAW_VALUES_MAX, v + i, n - i,
					   &taken);

		i += taken;
		*p++ = '\n';
		*p = '\0';
		mica_printf("%s: %s raw%s", who, name, line);
	}
	stats_sort(v, n);
	s = stats_summarise(v, n);
	mica_printf("%s: %s samples %u min %u mean %u p99 %u max %u (ticks)\n",
		    who, name, (unsigned)s.count, (unsigned)s.min,
		    (unsigned)s.mean, (unsigned)s.p99, (unsigned)s.max);
}
