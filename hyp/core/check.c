// SPDX-License-Identifier: Apache-2.0
/*
 * Failed invariants (see mica/check.h): report, then stop this CPU only.
 */
#include "mica/check.h"
#include "mica/console.h"
#include "mica/cpu.h"

_Noreturn void check_fail(const char *file, int line, const char *what)
{
	console_force_unlock();
	console_printf("\nmica: CHECK failed at %s:%d: %s\n", file, line, what);
	cpu_stop_faulted();
}
