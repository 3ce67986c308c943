// SPDX-License-Identifier: Apache-2.0
/*
 * xen-pingpong: the round trip of an event channel between two Xen domains,
 * the Xen 4.17 counterpart of mica's doorbell ping-pong for make bench
 * (tools/bench/xen.py boots it, bench/README.md says how it compares). Two
 * dom0less domains run this same image, told apart by their command line
 * (/chosen/bootargs): "role=ping port=P" or "role=pong port=P", P being the
 * local port of the static event channel Xen 4.17 wired between them
 * before they started (a "xen,evtchn-v1" node each side).
 *
 * Sending is one hypercall (EVTCHNOP_send on the local port). Receiving:
 * Xen sets the port's bit in the shared_info page and raises the event
 * upcall PPI that the /hypervisor node of the domain's device tree names;
 * the domain waits for it in WFI with IRQs masked, acknowledges it at the
 * GIC and clears the upcall flag, the selector bit and the port's pending
 * bit, in that order, or Xen would not raise it again.
 *
 * ping first times PINGPONG_SAMPLES null hypercalls (XENVER_version, the
 * floor under any event), then PINGPONG_WARMUP round trips it does not
 * record and PINGPONG_SAMPLES it does: virtual count before sending minus
 * virtual count once pong's answer is taken. pong answers every event with
 * one. The results, in counter ticks (16 instructions each at 62.5 MHz
 * under -icount shift=0), as tools/bench/bench.py reads them:
 *
 *   xen-pingpong: counter F Hz
 *   xen-pingpong: NAME raw v v ...        in the order taken, several lines
 *   xen-pingpong: NAME samples N min A mean B p99 C max D (ticks)
 *   xen-pingpong: done
 *
 * NAME is "null-hypercall" or "evtchn". Nothing is printed while measuring.
 * A peer that stops answering is caught by a watchdog on the virtual timer
 * (PINGPONG_WATCHDOG_S of counter time for the whole run): "FAIL".
 *
 * Not done: the MMU stays off (libmica), so the shared_info page is read
 * and written as Device memory, where Xen's ABI asks for Normal cacheable
 * memory; QEMU does not model caches, silicon would need the MMU on.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../bench-report/report.h"
#include "libmica/board.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/dtb.h" /* hyp/include, for this file only (guests.mk) */
#include "xen.h"

#define PINGPONG_SAMPLES 1000
#define PINGPONG_WARMUP 10
#define PINGPONG_WATCHDOG_S 5
#define QUIET_PER_S 1000 /* quiet(): 1 ms, ample for pong to start */
#define PPI_FIRST 16
#define PPI_LAST 31
#define DT_GIC_PPI 1 /* the first cell of a GIC "interrupts" triple */
/*
 * A raw line's values, in characters: with its head ("xen-pingpong: NAME
 * raw", at most 32) and Xen's "(XEN) DOM1: ", a line stays under the 128
 * characters at which Xen's console (and mica's) would cut it.
 */
#define BOOTARGS_MAX 128 /* longest command line read */

static uint32_t samples[PINGPONG_SAMPLES];

/* Xen maps its shared_info page here, over this page of the image's RAM. */
static uint8_t shared_page[XEN_PAGE_SIZE]
	__attribute__((aligned(XEN_PAGE_SIZE)));

static uint32_t port;	   /* the static event channel's local port */
static uint32_t event_ppi; /* the upcall interrupt */
static uint64_t watchdog;  /* virtual count at which waiting fails */

static int64_t xen_hypercall(uint64_t op, uint64_t a0, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x16 __asm__("x16") = op;

	__asm__ volatile("hvc %[tag]"
			 : "+r"(x0), "+r"(x1), "+r"(x16)
			 : [tag] "i"(XEN_HYPERCALL_TAG)
			 : "x2", "x3", "x4", "memory");
	return (int64_t)x0;
}

static int64_t evtchn_send(void)
{
	struct evtchn_send op = { .port = port };

	return xen_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
			     (uintptr_t)&op);
}

static int64_t xen_version(void)
{
	return xen_hypercall(__HYPERVISOR_xen_version, XENVER_version, 0);
}

static int64_t map_shared_info(void)
{
	struct xen_add_to_physmap map = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_page / XEN_PAGE_SIZE,
	};

	return xen_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			     (uintptr_t)&map);
}

/*
 * Takes the port's event if Xen has marked it: the upcall flag first, then
 * the selector, then the port's bit, so that an event Xen marks meanwhile
 * raises the upcall again instead of being lost.
 */
static bool take_event(void)
{
	uint8_t *upcall = shared_page + XEN_VCPU_INFO_UPCALL_PENDING;
	uint64_t *sel = (uint64_t *)(shared_page + XEN_VCPU_INFO_PENDING_SEL);
	uint64_t *word =
		(uint64_t *)(shared_page + XEN_SHARED_INFO_EVTCHN_PENDING) +
		port / 64;
	uint64_t bit = 1ull << (port % 64);

	__atomic_store_n(upcall, 0, __ATOMIC_SEQ_CST);
	(void)__atomic_exchange_n(sel, 0, __ATOMIC_SEQ_CST);
	return (__atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

/* Acknowledges what woke WFI at the GIC: the upcall or the timer. */
static void ack_interrupt(void)
{
	uint32_t intid = mica_gic_ack();

	if (intid < MICA_GIC_SPECIAL) {
		if (intid == MICA_TIMER_PPI) {
			mica_timer_stop(); /* level-triggered: quieten it */
		}
		mica_gic_eoi(intid);
	}
}

/*
 * Waits, IRQs masked, for the peer's event (taking it) or for the virtual
 * count to reach until, whichever comes first; the timer must be armed for
 * until or earlier, since WFI ends only when the upcall or the timer is
 * pending at the GIC. Returns whether the event came. Bounded by until.
 */
static bool wait_event_until(uint64_t until)
{
	while (!take_event()) {
		if (mica_timer_now() >= until) {
			return false;
		}
		mica_wfi();
		ack_interrupt();
	}
	return true;
}

/* The peer's event, or false once the run's watchdog has expired. */
static bool wait_event(void)
{
	return wait_event_until(watchdog);
}

/*
 * Lets 1/QUIET_PER_S s of counter time pass, the CPU left to the peer, taking
 * every event that comes meanwhile; returns whether any came. The timer is
 * armed for the watchdog again after.
 */
static bool quiet(void)
{
	uint64_t until = mica_timer_now() + mica_timer_freq() / QUIET_PER_S;
	bool came = false;

	mica_timer_set_deadline(until);
	while (wait_event_until(until)) {
		came = true;
	}
	mica_timer_set_deadline(watchdog);
	return came;
}

/* Whether the n bytes at w start with s (NUL-terminated); its length then. */
static size_t starts(const char *w, size_t n, const char *s)
{
	size_t i = 0;

	while (s[i] != '\0') {
		if (i >= n || w[i] != s[i]) {
			return 0;
		}
		i++;
	}
	return i;
}

/* The port written in decimal in the n bytes at w; 0 if it is not one. */
static uint32_t parse_port(const char *w, size_t n)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9' || v >= XEN_EVTCHN_2L_PORTS) {
			return 0;
		}
		v = v * 10 + (uint32_t)(w[i] - '0');
	}
	return v < XEN_EVTCHN_2L_PORTS ? v : 0;
}

/*
 * role=ping|pong and port=N (1 to the 2-level ABI's last port) from the
 * NUL-terminated command line; false, having said what is wrong, if either
 * is missing or malformed.
 */
static bool parse_bootargs(const char *args, size_t size, bool *ping)
{
	bool have_role = false;
	size_t len = 0;
	size_t i = 0;

	while (len < size && args[len] != '\0') {
		len++;
	}
	port = 0;
	while (i < len) {
		size_t end = i;
		size_t k;

		while (end < len && args[end] != ' ') {
			end++;
		}
		if (end - i == 9 && (starts(args + i, 9, "role=ping") ||
				     starts(args + i, 9, "role=pong"))) {
			have_role = true;
			*ping = args[i + 6] == 'i';
		} else if ((k = starts(args + i, end - i, "port=")) != 0) {
			port = parse_port(args + i + k, end - i - k);
		}
		i = end + 1;
	}
	if (!have_role || port == 0) {
		mica_printf("xen-pingpong: FAIL: command line '%s' lacks "
			    "role=ping|pong or port=1..%u\n",
			    args, XEN_EVTCHN_2L_PORTS - 1);
		return false;
	}
	return true;
}

/*
 * The command line from the device tree, into args (size bytes). False,
 * having said why, if there is no tree or no NUL-terminated
 * /chosen/bootargs that fits.
 */
static bool read_bootargs(struct dtb *dt, char *args, size_t size)
{
	const struct mica_board *b = mica_board();
	const char *val;
	uint32_t len = 0;
	int node;

	if (b->dtb == 0 ||
	    !dtb_init(dt, (const void *)b->dtb, MICA_BOARD_DTB_MAX)) {
		mica_puts("xen-pingpong: FAIL: no device tree\n");
		return false;
	}
	node = dtb_path(dt, "/chosen");
	val = node < 0 ? NULL : dtb_prop(dt, node, "bootargs", &len);
	if (val == NULL || len == 0 || len > size || val[len - 1] != '\0') {
		mica_puts("xen-pingpong: FAIL: no /chosen/bootargs\n");
		return false;
	}
	for (uint32_t i = 0; i < len; i++) {
		args[i] = val[i];
	}
	return true;
}

/*
 * The event upcall's PPI, which the /hypervisor node ("xen,xen") names,
 * into event_ppi. False, having said so, if there is no such node or it
 * names no PPI.
 */
static bool find_upcall(const struct dtb *dt)
{
	int node = dtb_find_compatible(dt, -1, "xen,xen");
	const void *val;
	uint32_t len = 0;
	uint64_t type;
	uint64_t num;

	val = node < 0 ? NULL : dtb_prop(dt, node, "interrupts", &len);
	if (val == NULL || !dtb_cells(val, len, 0, 1, &type) ||
	    !dtb_cells(val, len, 1, 1, &num) || type != DT_GIC_PPI ||
	    num > PPI_LAST - PPI_FIRST) {
		mica_puts("xen-pingpong: FAIL: not under Xen (no /hypervisor "
			  "node naming a PPI)\n");
		return false;
	}
	event_ppi = PPI_FIRST + (uint32_t)num;
	return true;
}

static uint32_t ticks(uint64_t from, uint64_t to)
{
	return to - from > UINT32_MAX ? UINT32_MAX : (uint32_t)(to - from);
}

/* The floor: XENVER_version, a hypercall that does nothing. */
static bool measure_null_hypercall(void)
{
	for (uint32_t i = 0; i < PINGPONG_SAMPLES; i++) {
		uint64_t t0 = mica_timer_now();
		int64_t v = xen_version();

		samples[i] = ticks(t0, mica_timer_now());
		if (v < 0) {
			mica_printf("xen-pingpong: FAIL: xen_version: %ld\n",
				    (long)v);
			return false;
		}
	}
	stats_report("xen-pingpong", "null-hypercall", samples,
		     PINGPONG_SAMPLES);
	return true;
}

/* One round trip: send, wait for pong's answer; its ticks, or false. */
static bool round_trip(uint32_t *out)
{
	uint64_t t0 = mica_timer_now();
	int64_t rc = evtchn_send();

	if (rc != 0) {
		mica_printf("xen-pingpong: FAIL: EVTCHNOP_send: %ld\n",
			    (long)rc);
		return false;
	}
	if (!wait_event()) {
		mica_puts("xen-pingpong: FAIL: pong did not answer\n");
		return false;
	}
	*out = ticks(t0, mica_timer_now());
	return true;
}

/*
 * Before measuring: Xen leaves an event pending on one side of a static
 * channel when it binds it, and pong says it is ready with one. ping waits
 * for either, lets pong finish starting and drops what came (quiet()), so
 * that each answer it then takes is the one to its last event. After
 * measuring, an answer still to come would mean they were out of step.
 */
static bool ping(void)
{
	uint32_t warm;

	if (!wait_event()) {
		mica_puts("xen-pingpong: FAIL: pong never said it is ready\n");
		return false;
	}
	(void)quiet();
	if (!measure_null_hypercall()) {
		return false;
	}
	for (uint32_t i = 0; i < PINGPONG_WARMUP; i++) {
		if (!round_trip(&warm)) {
			return false;
		}
	}
	for (uint32_t i = 0; i < PINGPONG_SAMPLES; i++) {
		if (!round_trip(&samples[i])) {
			return false;
		}
	}
	if (quiet()) {
		mica_puts("xen-pingpong: FAIL: an answer too many: ping and "
			  "pong were out of step\n");
		return false;
	}
	stats_report("xen-pingpong", "evtchn", samples, PINGPONG_SAMPLES);
	return true;
}

/*
 * Drops what Xen left pending, says it is ready, then answers each of
 * ping's events with one until the watchdog expires (make bench stops the
 * board once ping is done).
 */
static bool pong(void)
{
	uint32_t served = 0;

	(void)take_event();
	/* Bounded by the watchdog. */
	for (int64_t rc = evtchn_send(); rc == 0; rc = evtchn_send()) {
		if (!wait_event()) {
			mica_printf("xen-pingpong: pong: %u events answered\n",
				    (unsigned)served);
			return true;
		}
		served++;
	}
	mica_puts("xen-pingpong: FAIL: EVTCHNOP_send failed\n");
	return false;
}

int main(void)
{
	char args[BOOTARGS_MAX];
	bool is_ping = false;
	uint64_t freq = mica_timer_freq();
	struct dtb dt;
	int64_t rc;

	if (!read_bootargs(&dt, args, sizeof(args)) ||
	    !parse_bootargs(args, sizeof(args), &is_ping)) {
		return 1;
	}
	mica_printf("xen-pingpong: %s, port %u\n", is_ping ? "ping" : "pong",
		    (unsigned)port);
	if (!find_upcall(&dt)) {
		return 1;
	}
	rc = map_shared_info();
	if (rc != 0) {
		mica_printf("xen-pingpong: FAIL: mapping shared_info: %ld\n",
			    (long)rc);
		return 1;
	}
	if (!mica_gic_init() || !mica_gic_enable_ppi(event_ppi) ||
	    !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("xen-pingpong: FAIL: cannot take the upcall\n");
		return 1;
	}
	rc = xen_version();
	mica_printf("xen-pingpong: Xen %u.%u, upcall PPI %u, GICv%u\n",
		    (unsigned)(rc >> 16), (unsigned)(rc & 0xffff),
		    (unsigned)event_ppi, mica_gic_version());
	mica_printf("xen-pingpong: counter %lu Hz\n", (unsigned long)freq);
	watchdog = mica_timer_now() + freq * PINGPONG_WATCHDOG_S;
	mica_timer_set_deadline(watchdog);
	if (!(is_ping ? ping() : pong())) {
		return 1;
	}
	mica_puts("xen-pingpong: done\n");
	return 0;
}
