// SPDX-License-Identifier: Apache-2.0
/*
 * mica-load: a load generator in the Linux guest's initramfs, for the
 * real-time benchmark (cyclictest's latency with Linux busy).
 *
 * Usage: mica-load hog|memcpy|timer [HZ]
 *
 *   hog     a pure CPU loop
 *   memcpy  copies one buffer into another and back, over and over; each
 *           buffer is 32 MiB, less if the memory free at start would not
 *           hold two per CPU with half of it to spare
 *   timer   a timerfd at HZ expiries a second (default 20000), read by a
 *           blocking read(): one timer interrupt and one wake-up each
 *
 * One worker process per online CPU (those in our affinity mask), pinned
 * to it with sched_setaffinity, at the normal policy (SCHED_OTHER). Once
 * every worker runs (its CPU pinned, its buffers touched, its timer
 * armed), mica-load reads the generic timer's virtual count and prints
 *
 *   mica-load: KIND running on N CPUs, cntvct T
 *
 * and returns, status 0; the workers go on in the background until they
 * are killed (they are in a process group of their own, whose id is the
 * first worker's: `kill -- -PGID`). On an error it says what failed on
 * stderr, kills the workers it started and returns 1 (2 on bad usage).
 */

#define _GNU_SOURCE

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define MEMCPY_MAX (32 * MIB)
#define MEMCPY_MIN (1 * MIB)
#define TIMER_HZ_DEFAULT 20000L

enum kind { HOG, MEMCPY, TIMER };

static uint64_t cntvct(void)
{
	uint64_t t;

	/* The ISB keeps the counter read from being taken early. */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
	return t;
}

static void __attribute__((noreturn)) fail(const char *what)
{
	(void)fprintf(stderr, "mica-load: %s: %s\n", what, strerror(errno));
	_exit(1);
}

/* Tells the parent this worker runs; closes the pipe. */
static void ready(int fd)
{
	char c = 'r';

	if (write(fd, &c, 1) != 1) {
		fail("write to parent");
	}
	close(fd);
}

static void __attribute__((noreturn)) hog(int fd)
{
	uint64_t x = 1;

	ready(fd);
	for (;;) {
		/* Something to compute, kept by the asm from being folded. */
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		__asm__ volatile("" : "+r"(x));
	}
}

static void __attribute__((noreturn)) copy(int fd, size_t size)
{
	char *a = malloc(size);
	char *b = malloc(size);

	if (a == NULL || b == NULL) {
		fail("malloc");
	}
	/* Every page touched now, so no page fault is left for later. */
	memset(a, 0x5a, size);
	memset(b, 0xa5, size);
	ready(fd);
	for (;;) {
		memcpy(b, a, size);
		__asm__ volatile("" : : "r"(b) : "memory");
		memcpy(a, b, size);
		__asm__ volatile("" : : "r"(a) : "memory");
	}
}

static void __attribute__((noreturn)) timer(int fd, long hz)
{
	struct itimerspec its;
	uint64_t n;
	int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

	if (t < 0) {
		fail("timerfd_create");
	}
	memset(&its, 0, sizeof(its));
	its.it_interval.tv_nsec = 1000000000L / hz;
	its.it_value = its.it_interval;
	if (timerfd_settime(t, 0, &its, NULL) != 0) {
		fail("timerfd_settime");
	}
	ready(fd);
	for (;;) {
		if (read(t, &n, sizeof(n)) != (ssize_t)sizeof(n)) {
			fail("read timerfd");
		}
	}
}

static void usage(void)
{
	(void)fprintf(stderr, "usage: mica-load hog|memcpy|timer [HZ]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "hog", "memcpy", "timer" };
	enum kind kind;
	long hz = TIMER_HZ_DEFAULT;
	size_t size = MEMCPY_MAX;
	cpu_set_t allowed;
	pid_t pids[CPU_SETSIZE];
	pid_t pgid = 0;
	int ncpu;
	int started = 0;
	int fds[2];
	int cpu;
	char c;

	if (argc < 2 || argc > 3) {
		usage();
	}
	if (strcmp(argv[1], "hog") == 0) {
		kind = HOG;
	} else if (strcmp(argv[1], "memcpy") == 0) {
		kind = MEMCPY;
	} else if (strcmp(argv[1], "timer") == 0) {
		kind = TIMER;
	} else {
		usage();
	}
	if (argc == 3) {
		char *end;

		if (kind != TIMER) {
			usage();
		}
		hz = strtol(argv[2], &end, 10);
		if (*end != '\0' || hz < 1 || hz > 1000000) {
			usage();
		}
	}

	/* The kernel leaves only online (active) CPUs in the mask. */
	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
		fail("sched_getaffinity");
	}
	ncpu = CPU_COUNT(&allowed);
	if (kind == MEMCPY) {
		struct sysinfo si;

		/* Two buffers a CPU in at most half the free memory. */
		if (sysinfo(&si) != 0) {
			fail("sysinfo");
		}
		uint64_t room = (uint64_t)si.freeram * si.mem_unit / 2 /
				(2 * (uint64_t)ncpu);
		if (room < size) {
			size = (size_t)(room & ~(MIB - 1));
		}
		if (size < MEMCPY_MIN) {
			(void)fprintf(stderr,
				      "mica-load: too little memory free\n");
			return 1;
		}
	}
	if (pipe(fds) != 0) {
		fail("pipe");
	}
	(void)fflush(NULL);
	for (cpu = 0; cpu < CPU_SETSIZE && started < ncpu; cpu++) {
		cpu_set_t one;
		pid_t pid;

		if (!CPU_ISSET(cpu, &allowed)) {
			continue;
		}
		pid = fork();
		if (pid < 0) {
			perror("mica-load: fork");
			break;
		}
		if (pid == 0) {
			close(fds[0]);
			/* A process group of their own, away from ours. */
			setpgid(0, pgid);
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			if (sched_setaffinity(0, sizeof(one), &one) != 0) {
				fail("sched_setaffinity");
			}
			switch (kind) {
			case HOG: hog(fds[1]);
			case MEMCPY: copy(fds[1], size);
			case TIMER: timer(fds[1], hz);
			}
			_exit(1);
		}
		/* Both sides set it, so neither waits for the other. */
		setpgid(pid, pgid);
		if (pgid == 0) {
			pgid = pid;
		}
		pids[started++] = pid;
	}
	close(fds[1]);

	/* One byte from each worker; end of file if one died first. */
	int got = 0;
	while (got < started) {
		ssize_t r = read(fds[0], &c, 1);

		if (r == 1) {
			got++;
		} else if (r == 0 || errno != EINTR) {
			break;
		}
	}
	if (started < ncpu || got < started) {
		(void)fprintf(stderr, "mica-load: %d of %d workers running\n",
			      got, ncpu);
		for (int k = 0; k < started; k++) {
			kill(pids[k], SIGKILL);
			waitpid(pids[k], NULL, 0);
		}
		return 1;
	}
	uint64_t t = cntvct();

	if (printf("mica-load: %s running on %d CPUs, cntvct %llu\n",
		   names[kind], started, (unsigned long long)t) < 0 ||
	    fflush(stdout) != 0) {
		return 1;
	}
	return 0;
}
