/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Controls of the fake port (hyp/arch/fake/, one file per arch interface
 * header), which implements the arch interface and the platform console
 * (output captured, input queued by tests) on the host, so that the core's
 * modules link into host unit tests. Tests set the fake's answers in `fake`
 * before calling the core and read back what the core asked of the
 * hardware. A halted CPU longjmps back to the test that expected it
 * (FAKE_EXPECT_HALT); a halt nobody expected fails the running cmocka test.
 * Everything here is per process except the CPU identity (hardware id and
 * per-CPU data), which is per thread so that a thread can play another
 * CPU. Nothing here models a GIC: tests of the vGIC's model run the real
 * AArch64 code (vgic_test.c).
 */
#ifndef ARCH_FAKE_H
#define ARCH_FAKE_H

#include <setjmp.h>

#include "arch/board_defs.h"
#include "arch/types.h"
#include "arch/vgic.h"
#include "mica/types.h"

/* What the fake arch_board_probe() puts in the board. */
#define FAKE_TIMER_IRQ 26u
#define FAKE_GIC_VERSION 3u
/* System counter frequency after fake_reset(): QEMU virt's 62.5 MHz. */
#define FAKE_TIMER_FREQ UINT64_C(62500000)
/* Interrupts a test may queue for arch_irq_ack() at once. */
#define FAKE_IRQ_QUEUE 64
/* Bytes of console output kept; more is counted but dropped. */
#define FAKE_CONSOLE_MAX 65536
/* Characters a test may queue for plat_console_getc(). */
#define FAKE_CONSOLE_RX_MAX 64
/*
 * Bytes of the partition images (__payload_start to __payload_end of
 * mica/layout.h): one page-aligned page, zero until a test writes into it.
 */
#define FAKE_PAYLOAD_SIZE 4096u

/* Where fake.hook runs. */
enum fake_hook_at {
	FAKE_AT_NONE = 0,
	FAKE_AT_VGIC_PENDING, /* arch_vgic_pending(), its answer taken */
	FAKE_AT_VCPU_PREEMPT, /* arch_vcpu_preempt(), the vCPU saved */
	FAKE_AT_IRQ_UNMASK,   /* arch_irq_unmask(): an interrupt taken there */
};

struct fake_state {
	/* Answers of the fake hardware, set by tests. */
	bool board_probe_ok;  /* arch_board_probe() */
	bool irq_init_ok;     /* arch_irq_init() */
	bool irq_cpu_init_ok; /* arch_irq_cpu_init() */
	bool cpu_on_ok;	      /* arch_power_cpu_on() */
	uint64_t timer_freq;  /* arch_timer_freq() */
	uint64_t timer_now;   /* arch_timer_now() */
	uint64_t timer_step; /* added to timer_now after each arch_timer_now() */
	/*
	 * The arch_cpu_wait() call (1 = the first since fake_reset(), as
	 * cpu_wait_count counts them) that halts the CPU as arch_cpu_halt()
	 * does, so that a test gets out of an idle loop such as vcpu_idle()
	 * with FAKE_EXPECT_HALT; 0: never. fake_reset() sets 1, so that an
	 * idle loop nobody expected fails its test rather than hanging it.
	 */
	unsigned cpu_wait_halt_at;
	/*
	 * hook(hook_arg) is called once (then cleared) at the next call of the
	 * fake function hook_at names, after that has taken its answer: what
	 * another CPU does just then, such as making an interrupt pending.
	 */
	enum fake_hook_at hook_at;
	void (*hook)(void *arg);
	void *hook_arg;
	/* What arch_vgic_mmio() answers, and a read's value when DONE. */
	enum vgic_mmio vgic_mmio_answer;
	uint64_t vgic_mmio_value;
	/*
	 * What arch_vgic_idle() answers: whether the partition has ended the
	 * forwarded interrupt (fake_reset(): true).
	 */
	bool vgic_idle;
	uint32_t irq_queue[FAKE_IRQ_QUEUE]; /* what arch_irq_ack() returns */
	unsigned irq_queue_count;
	unsigned irq_queue_next;
	/* What plat_console_getc() returns, in order. */
	uint8_t console_rx[FAKE_CONSOLE_RX_MAX];
	unsigned console_rx_count;
	unsigned console_rx_next;

	/* What the core asked of the hardware. */
	unsigned board_probe_count;
	int board_found[ARCH_BOARD_COMPAT_COUNT]; /* arch_board_probe()'s */
	int board_found_parent[ARCH_BOARD_COMPAT_COUNT];
	unsigned irq_init_count;
	unsigned irq_cpu_init_count;
	unsigned irq_cpu_init_last; /* cpu index of the last call */
	uint32_t irq_enabled_local; /* last arch_irq_enable_local() */
	unsigned irq_ack_count;
	uint32_t irq_eoi_log[FAKE_IRQ_QUEUE];
	unsigned irq_eoi_count; /* may exceed the log's length */
	bool irq_masked;
	unsigned irq_unmask_count;
	bool timer_armed;
	uint64_t timer_ticks; /* last arch_timer_arm() argument (or its _at's, from timer_now) */
	uint64_t timer_at; /* last arch_timer_arm_at() argument */
	unsigned timer_arm_count;
	unsigned timer_disarm_count;
	unsigned cpu_wait_count;
	unsigned cpu_on_count;
	uint64_t cpu_on_hwid;
	unsigned cpu_on_index;
	unsigned system_off_count;
	paddr_t mm_root;
	unsigned mm_levels;
	paddr_t console_base; /* last plat_console_init() */
	uint32_t console_irq; /* its irq; plat_console_irq() returns it */
	bool console_rx_irq_enabled; /* plat_console_enable_rx_irq() called */
	unsigned halt_count;
	unsigned vgic_mmio_count; /* arch_vgic_mmio() calls */
	ipa_t vgic_mmio_ipa;	  /* and the last one's arguments */
	bool vgic_mmio_write;
	unsigned vgic_mmio_size;
	unsigned vgic_idle_count; /* arch_vgic_idle() calls */
	uint32_t vgic_idle_intid; /* and the last one's interrupt */
};

extern struct fake_state fake;

/* arch_irq_kick() calls, by target CPU; fake_reset() clears them. */
extern unsigned fake_kicks[MICA_MAX_CPUS];

/*
 * Shared interrupts enabled at the fake controller (arch_irq_enable_shared()
 * and _disable_shared()), and the CPU each is routed to.
 */
extern bool fake_spi_enabled[ARCH_IRQ_IDS];
extern unsigned fake_spi_cpu[ARCH_IRQ_IDS];

/*
 * Puts every answer back to "the hardware works" (FAKE_TIMER_FREQ, nothing
 * pending), clears every record and the console capture, and makes the
 * calling thread CPU hwid 0 with no per-CPU data. Call it in each test's
 * setup: the core's own static state (console lock, tick period, irq
 * counters) is not reset by it.
 */
void fake_reset(void);

/* Makes the calling thread the CPU with hardware id hwid (not UINT64_MAX). */
void fake_cpu_set_hwid(uint64_t hwid);

/*
 * Queues interrupts for arch_irq_ack() to return in order, replacing what
 * was queued; at most FAKE_IRQ_QUEUE.
 */
void fake_irq_queue(const uint32_t *irqs, unsigned count);

/* Console output since the last reset, NUL-terminated. */
const char *fake_console_text(void);

/* Characters written since the last reset, including any dropped. */
size_t fake_console_count(void);

/* Forgets the console output so far. */
void fake_console_reset(void);

/*
 * Calls fn(arg) once, from inside the plat_console_putc() that follows
 * `count` more characters, before that one is stored. fn may longjmp out,
 * leaving the console as a CPU faulting in the middle of a line would.
 * NULL fn cancels.
 */
void fake_console_hook(unsigned count, void (*fn)(void *), void *arg);

/*
 * Arms (env non-NULL) or disarms the next arch_cpu_halt() of this process:
 * armed, it longjmps to *env with value 1 and disarms itself; unarmed, it
 * fails the running cmocka test. Prefer FAKE_EXPECT_HALT.
 */
void fake_halt_expect(jmp_buf *env);

/*
 * Runs the statement stmt, which is expected to stop the CPU, and sets the
 * bool lvalue `halted` to whether it did. The halt longjmps back here, so
 * the functions stmt was in never return, as on a halted CPU: whatever they
 * held (a lock) stays held. Not nestable; stmt must not leave by return or
 * break.
 */
#define FAKE_EXPECT_HALT(halted, stmt)                     \
	do {                                               \
		jmp_buf fake_halt_env_;                    \
		if (setjmp(fake_halt_env_) == 0) {         \
			fake_halt_expect(&fake_halt_env_); \
			stmt;                              \
			fake_halt_expect(NULL);            \
			(halted) = false;                  \
		} else {                                   \
			(halted) = true;                   \
		}                                          \
	} while (0)

#endif
