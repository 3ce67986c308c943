/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The world of the tests of partitions and their vCPUs (vm_test.c,
 * vcpu_test.c, hcall_test.c): a scenario of three partitions, set up by the
 * real vm_setup_all() on a board probed from QEMU's device tree, and the
 * helpers that run a CPU until it enters a guest or waits.
 *
 * The scenario has three partitions: "linux" (guest OS, policy log, vCPUs
 * on CPUs 0 and 1, a read-only region besides its RAM), "rt-bench" (native,
 * policy restart, vCPUs on CPUs 2 and 3) and "pin-entry" (native, policy
 * stop, one vCPU on CPU 4, a passed-through device), with a one-way channel
 * from rt-bench to pin-entry. Their memory is host pages (mica maps memory
 * 1:1, so a region's physical address is a host pointer); the tables are
 * built by the real mm.c with the real AArch64 encoder from a host pool.
 * A CPU's idle loop and a guest entry never return: the fake port halts
 * the CPU there (fake.cpu_wait_halt_at, arch_vcpu_enter()), and the tests
 * catch that with FAKE_EXPECT_HALT.
 */
#ifndef VM_FIXTURE_H
#define VM_FIXTURE_H

#include "arch/cpu.h"
#include "mica/board.h"
#include "mica/loader.h"
#include "mica/mm.h"
#include "mica/palloc.h"
#include "mica/scenario.h"
#include "mica/sched.h"
#include "mica/vm.h"
#include "unit.h"

#define PAGE MICA_PAGE_SIZE
#define POOL_PAGES 64
#define RAM_PAGES 48
#define DEV_IRQ 44
#define HYP_LEVELS 4
#define VTIMER 27u

enum { LINUX, RT, PIN };

/* Where each partition's memory is in `ram`, in pages. */
#define LINUX_RAM 0 /* 4 pages */
#define LINUX_ROM 4 /* 1 page, read-only */
#define RT_RAM 5    /* 2 pages */
#define PIN_RAM 7   /* 1 page */
#define CHAN 8	    /* 2 pages, the channel: rt-bench's part, pin-entry's */
#define BIG 16	    /* 32 pages: two loader chunks, when a test adds it */
#define BIG_PAGES (2 * LOADER_CHUNK_SIZE / PAGE)

#define RAM_IPA UINT64_C(0x40000000)
#define ROM_IPA UINT64_C(0x41000000)
#define CHAN_IPA UINT64_C(0x50000000)
#define DEV_BASE UINT64_C(0x0c000000)
#define LINUX_DTB_IPA (RAM_IPA + 3 * PAGE)
#define RT_ENTRY (RAM_IPA + 0x100)
#define PIN_ENTRY (RAM_IPA + 0x80)

#define UART(off) ipa_init(SCN_VUART_BASE + (off))
#define KEYBOARD_LINE "mica: keyboard -> linux (Ctrl-] then h: help)\r\n"

/* The scenario setup() builds; tests change it before set_up(). */
extern struct scenario scn;

/* The board probe_board() fills; board_get() returns it after. */
extern struct board board;

/* The page pool of the tables, on pool_mem. */
extern struct palloc pool;

/* The hypervisor's own table, which vm_setup_all() adds to. */
extern struct mm_table hyp;

/* POOL_PAGES pages, from setup() to teardown(). */
extern uint8_t *pool_mem;

/* The partitions' memory: RAM_PAGES pages, dirty after setup(). */
extern uint8_t *ram;

/* The host (= guest physical, 1:1) address of `ram`'s page. */
uint64_t ram_pa(unsigned page);

/*
 * Adds to p a region `node` at ipa: `pages` pages of `ram` from page
 * `page`, with SCN_MEM_* flags.
 */
void region(struct scn_partition *p, const char *node, uint64_t ipa,
	    unsigned page, unsigned pages, uint32_t flags);

/*
 * Names partition i of `scn` (its kind, fault policy, image kind and
 * entry); it becomes the last one.
 */
void partition(unsigned i, const char *name, uint32_t kind, uint32_t policy,
	       uint32_t image, uint64_t entry);

/* Gives partition i one more vCPU, on CPU cpu, at SCN_PRIO_MIN. */
void vcpu_on(unsigned i, uint32_t cpu);

/*
 * Builds into `scn` the three partitions and the channel this header
 * opens with.
 */
void build_scenario(void);

/* Probes the device tree in file into `board`, which board_get() returns. */
void probe_board(const char *file);

/* Forgets every partition and CPU binding; a pool of `pages` pages. */
void reset_world(size_t pages);

/*
 * cmocka setup: the fake reset, fresh `ram` (dirty) and pool, the
 * scenario built (not set up), the board probed from qemu-gicv3.dtb.
 */
int setup(void **state);

/* cmocka teardown of every setup here: frees `ram` and the pool. */
int teardown(void **state);

/* The scenario set up, the console and the fake's records cleared. */
void set_up(void);

/* cmocka setup: setup(), then set_up(). */
int setup_built(void **state);

/* Set up and booted: every partition running, its first vCPU requested. */
int setup_booted(void **state);

/*
 * The vCPU of queue q whose entries differ from `before` (taken before the
 * CPU ran), or NULL if it entered none; fails if it entered two.
 */
struct vcpu *entered_since(const struct sched_cpu *q,
			   const unsigned before[SCN_MAX_CPU_VCPUS]);

/* CPU pcpu goes idle: returns the vCPU it entered, or NULL if it waited. */
struct vcpu *idle_on(unsigned pcpu);

/* Makes v run on its CPU (now the calling one), starting it if asked. */
void run(struct vcpu *v, uint64_t entry);

/* arch_irq_kick() calls since the last reset, on every CPU. */
unsigned kicks_total(void);

/* Interrupts injected into every vCPU of every partition. */
unsigned injected_total(void);

/* Fails unless vm's stage 2 maps ipa to pa with attrs (MM_*). */
void assert_s2(const struct vm *vm, uint64_t ipa, uint64_t pa, unsigned attrs);

/* Whether vm's stage 2 maps ipa. */
bool s2_mapped(const struct vm *vm, uint64_t ipa);

/*
 * Runs stmt on the calling CPU, where it must end in the CPU's idle loop or
 * in a guest: sets `entered` to the vCPU of the CPU's queue it entered, or
 * NULL if it went to wait.
 */
#define RUN_TO_IDLE(entered, stmt)                                           \
	do {                                                                 \
		const struct sched_cpu *const q_ = &arch_cpu_local()->sched; \
		unsigned enters_[SCN_MAX_CPU_VCPUS];                         \
		bool halted_ = false;                                        \
		for (unsigned i_ = 0; i_ < q_->count; i_++) {                \
			enters_[i_] = q_->vcpus[i_]->arch.enters;            \
		}                                                            \
		fake.cpu_wait_halt_at = fake.cpu_wait_count + 1;             \
		FAKE_EXPECT_HALT(halted_, stmt);                             \
		assert_true(halted_);                                        \
		(entered) = entered_since(q_, enters_);                      \
	} while (0)

#endif
