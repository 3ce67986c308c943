// SPDX-License-Identifier: Apache-2.0
/*
 * cntvct: a tiny arm64 Linux program, in the guest's initramfs, that prints
 * the generic timer's virtual count and frequency as "cntvct TICKS HZ".
 * tools/linux-boot-time.py runs it at the shell prompt: on QEMU the count
 * starts at 0 at machine reset (CNTVOFF is 0 unless a hypervisor sets it),
 * so TICKS / HZ is the time from reset, which /proc/uptime is not (it starts
 * when the kernel's timekeeping does, and would not see a hypervisor's boot).
 * Linux lets EL0 read CNTVCT_EL0 for its vDSO; where it does not, this
 * program dies of SIGILL and the tool says so.
 *
 * Freestanding: no C library, two system calls (write, exit).
 */

#define SYS_WRITE 64
#define SYS_EXIT 93

static long sys_call3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}

/* Appends n in decimal at p; returns the end. */
static char *put_dec(char *p, unsigned long n)
{
	char digits[20];
	int k = 0;

	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0);
	while (k > 0) {
		*p++ = digits[--k];
	}
	return p;
}

void _start(void) __attribute__((noreturn));

void _start(void)
{
	static const char head[] = "cntvct ";
	char line[64];
	char *p = line;
	unsigned long ticks;
	unsigned long hz;
	unsigned int k;

	/* The ISB keeps the counter read from being taken early. */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(ticks));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	for (k = 0; k < sizeof(head) - 1; k++) {
		*p++ = head[k];
	}
	p = put_dec(p, ticks);
	*p++ = ' ';
	p = put_dec(p, hz);
	*p++ = '\n';
	sys_call3(SYS_WRITE, 1, (long)line, p - line);
	sys_call3(SYS_EXIT, 0, 0, 0);
	for (;;) {
	}
}
