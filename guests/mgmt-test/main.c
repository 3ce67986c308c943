// SPDX-License-Identifier: Apache-2.0
/*
 * mgmt-test: one native partition image that plays every role of
 * configs/manage.dts (tests/system/test_manage.py), picked from what mica
 * tells it: the agent is the one that finds "worker" (MICA_HC_PART_FIND
 * answers only a partition that holds a right over it); the victim and
 * the peer are the two sides of the one channel; the worker has neither.
 * The agent tries every refusal, stops, starts and restarts the worker,
 * stages part of its own memory into the victim's image slot, then wipes
 * the victim, printing each status; the peer rings the victim
 * and prints when the answer changes; the victim fills its memory and
 * waits; the worker prints a line each time it starts, and at each tick. The
 * calls are made here with mica_smccc_hvc(), as the ABI says, not through
 * a library: the test is of the ABI.
 */
#include <stdbool.h>
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/hc.h"
#include "libmica/smccc.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/hypercall.h"

#define FILL_WORDS 8192u /* 64 KiB of the victim's memory */
#define MAX_CALLS 100000u
#define RAM_IPA UINT64_C(0x40000000)	 /* each partition's, 2 MiB */
#define NOWHERE_IPA UINT64_C(0x60000000) /* no region of the agent's */
#define SLOT_SIZE UINT64_C(0x100000)	 /* victim's image-size */

static volatile uint64_t fill[FILL_WORDS];

static int64_t hc(uint32_t fn, uint64_t a1, uint64_t a2,
		  struct mica_smccc_res *res)
{
	mica_smccc_hvc(fn, a1, a2, 0, res);
	return (int64_t)res->a0;
}

/*
 * MICA_HC_PART_STAGE, whose length is in x4: past what
 * mica_smccc_hvc() passes. SMCCC 1.1 lets the call change x0 to x17.
 */
static int64_t stage(uint64_t id, uint64_t off, uint64_t ipa, uint64_t len)
{
	register uint64_t x0 __asm__("x0") = MICA_HC_PART_STAGE;
	register uint64_t x1 __asm__("x1") = id;
	register uint64_t x2 __asm__("x2") = off;
	register uint64_t x3 __asm__("x3") = ipa;
	register uint64_t x4 __asm__("x4") = len;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
			   "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

static int64_t call(uint32_t fn, uint64_t id)
{
	struct mica_smccc_res res;

	return hc(fn, id, 0, &res);
}

/* MICA_HC_PART_FIND of name: its id, or the negative status. */
static int64_t find(const char *name)
{
	struct mica_smccc_res res;
	uint64_t w[2] = { 0, 0 };
	int64_t st;

	for (unsigned i = 0; i < 16 && name[i] != '\0'; i++) {
		w[i / 8] |= (uint64_t)(uint8_t)name[i] << (8 * (i % 8));
	}
	st = hc(MICA_HC_PART_FIND, w[0], w[1], &res);
	return st == MICA_HC_SUCCESS ? (int64_t)res.a1 : st;
}

static uint64_t query_state(uint64_t id)
{
	struct mica_smccc_res res;

	return hc(MICA_HC_PART_QUERY, id, 0, &res) == MICA_HC_SUCCESS ?
		       res.a1 :
		       UINT64_MAX;
}

static uint64_t query_standby(uint64_t id)
{
	struct mica_smccc_res res;

	return hc(MICA_HC_PART_QUERY, id, 0, &res) == MICA_HC_SUCCESS ?
		       res.a3 :
		       UINT64_MAX;
}

static void sleep_ms(uint64_t ms)
{
	mica_timer_wait_until(mica_timer_now() + mica_timer_freq() / 1000 * ms);
}

static void idle(void)
{
	for (;;) {
		sleep_ms(1000);
	}
}

/* Waits (bounded) until partition id is in state want. */
static bool wait_state(uint64_t id, uint64_t want)
{
	for (unsigned i = 0; i < 500; i++) {
		if (query_state(id) == want) {
			return true;
		}
		sleep_ms(10);
	}
	return false;
}

static void agent(uint64_t worker)
{
	int64_t victim = find("victim");
	int64_t peer = find("peer");
	struct mica_smccc_res res;
	unsigned calls = 0;
	int64_t st;

	mica_printf("mgmt: agent: worker %ld, victim %ld, peer %ld, self %ld, "
		    "nobody %ld\n",
		    (long)worker, (long)victim, (long)peer, (long)find("agent"),
		    (long)find("nobody"));
	/* Refusals: own id, out of range, a right it lacks. */
	mica_printf("mgmt: agent: refusals %ld %ld %ld %ld %ld %ld\n",
		    (long)call(MICA_HC_PART_STOP, 0),
		    (long)call(MICA_HC_PART_STOP, 8),
		    (long)call(MICA_HC_PART_STOP, UINT64_C(1) << 32),
		    (long)call(MICA_HC_PART_START, (uint64_t)peer),
		    (long)call(MICA_HC_PART_WIPE, worker),
		    (long)call(MICA_HC_PART_RESTART, (uint64_t)peer));
	st = hc(MICA_HC_PART_QUERY, worker, 0, &res);
	mica_printf("mgmt: agent: query worker %ld: state %lu version %lu "
		    "standby %lu flags %lu\n",
		    (long)st, (unsigned long)res.a1, (unsigned long)res.a2,
		    (unsigned long)res.a3, (unsigned long)res.a5);
	sleep_ms(100); /* the worker ticks */
	mica_printf("mgmt: agent: stop worker %ld, again %ld, state %lu\n",
		    (long)call(MICA_HC_PART_STOP, worker),
		    (long)call(MICA_HC_PART_STOP, worker),
		    (unsigned long)query_state(worker));
	sleep_ms(100); /* the worker is silent */
	st = call(MICA_HC_PART_START, worker);
	mica_printf("mgmt: agent: start worker %ld, running %d\n", (long)st,
		    wait_state(worker, MICA_PART_RUNNING));
	sleep_ms(100);
	st = call(MICA_HC_PART_RESTART, worker);
	mica_printf("mgmt: agent: restart worker %ld, running %d\n", (long)st,
		    wait_state(worker, MICA_PART_RUNNING));
	/* 4 KiB of its own code; then from nowhere, past the slot, too much. */
	mica_printf("mgmt: agent: stage %ld %ld %ld %ld, standby %lu\n",
		    (long)stage((uint64_t)victim, 0, RAM_IPA, 0x1000),
		    (long)stage((uint64_t)victim, 0, NOWHERE_IPA, 0x1000),
		    (long)stage((uint64_t)victim, SLOT_SIZE, RAM_IPA, 1),
		    (long)stage((uint64_t)victim, 0, RAM_IPA,
				MICA_STAGE_CHUNK + 1),
		    (unsigned long)query_standby((uint64_t)victim));
	sleep_ms(100); /* the victim has filled its memory */
	do {
		st = call(MICA_HC_PART_WIPE, (uint64_t)victim);
		calls++;
	} while (st == MICA_HC_IN_PROGRESS && calls < MAX_CALLS);
	mica_printf("mgmt: agent: wipe victim %ld after %u calls, state %lu\n",
		    (long)st, calls, (unsigned long)query_state(victim));
	mica_printf("mgmt: agent: wiped victim: start %ld, wipe %ld\n",
		    (long)call(MICA_HC_PART_START, (uint64_t)victim),
		    (long)call(MICA_HC_PART_WIPE, (uint64_t)victim));
	mica_puts("mgmt: agent: done\n");
	idle();
}

static void victim(void)
{
	for (unsigned i = 0; i < FILL_WORDS; i++) {
		fill[i] = UINT64_C(0xa5a5a5a5a5a5a5a5) ^ i;
	}
	mica_puts("mgmt: victim: memory filled\n");
	idle();
}

static void peer(void)
{
	struct mica_chan_info info;
	int64_t last = 1;

	/* It manages nobody: any id is as good as none. */
	mica_printf("mgmt: peer: stop 0 %ld, find agent %ld, stage 2 %ld\n",
		    (long)call(MICA_HC_PART_STOP, 0), (long)find("agent"),
		    (long)stage(2, 0, RAM_IPA, 8));
	for (;;) {
		int64_t st = mica_hc_chan_ring(0);

		if (st != last) {
			(void)mica_hc_chan_info(0, &info);
			mica_printf("mgmt: peer: ring %ld, peer up %d\n",
				    (long)st, info.peer_up);
			last = st;
		}
		sleep_ms(5);
	}
}

static void worker(void)
{
	uint64_t next = mica_timer_now();

	mica_puts("mgmt: worker: up\n");
	/*
	 * A line at every tick: alone on its CPU, with WFI not trapped, a
	 * sleep that no exit follows was seen not to wake again (mica holds
	 * the timer's interrupt until an exit shows the guest ended it).
	 */
	for (unsigned n = 1;; n++) {
		next += mica_timer_freq() / 10; /* every 100 ms */
		mica_timer_wait_until(next);
		mica_printf("mgmt: worker: tick %u\n", n);
	}
}

int main(void)
{
	struct mica_chan_info info;
	int64_t w = find("worker");

	if (w >= 0) {
		agent((uint64_t)w);
	} else if (mica_hc_chan_info(0, &info) == MICA_HC_SUCCESS) {
		if (info.side == 0) {
			victim();
		} else {
			peer();
		}
	} else {
		worker();
	}
	return 0;
}
