// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port: the arch interface and the platform console on the host,
 * for unit tests (see arch/fake.h). It drives no hardware: each function
 * records what the core asked and answers from `fake`, which tests set.
 * Translation-table entries are not faked; tests link the real AArch64
 * encoder (arch/aarch64/pgtable.c), which is pure C. The only behaviour
 * that differs in kind from a real port is halting: arch_cpu_halt() returns
 * control to the test that expected it, by longjmp, or fails the test; and
 * so do the two ways a CPU stays put forever, waiting (arch_cpu_wait(), at
 * the call fake.cpu_wait_halt_at) and entering a guest (arch_vcpu_enter()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/board.h"
#include "arch/cpu.h"
#include "arch/fake.h"
#include "arch/irq.h"
#include "arch/mmu.h"
#include "arch/power.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "mica/vm.h"
#include "mica/board.h"
#include "mica/cpu.h"
#include "mica/fmt.h"
#include "plat/console.h"

struct fake_state fake;
unsigned fake_kicks[MICA_MAX_CPUS];

/* Per thread: a thread of a test plays one CPU. */
static _Thread_local struct cpu *cpu_local;
static _Thread_local uint64_t cpu_hwid;

static jmp_buf *halt_env;

static char console_buf[FAKE_CONSOLE_MAX];
static size_t console_count;
static unsigned console_hook_left;
static void (*console_hook_fn)(void *);
static void *console_hook_arg;

/* Physical SPIs enabled at the fake controller, and where they go. */
bool fake_spi_enabled[1020];
unsigned fake_spi_cpu[1020];

void fake_reset(void)
{
	memset(fake_spi_enabled, 0, sizeof(fake_spi_enabled));
	memset(fake_spi_cpu, 0, sizeof(fake_spi_cpu));
	fake = (struct fake_state){
		.board_probe_ok = true,
		.irq_init_ok = true,
		.irq_cpu_init_ok = true,
		.cpu_on_ok = true,
		.timer_freq = FAKE_TIMER_FREQ,
		.cpu_wait_halt_at = 1,
	};
	memset(fake_kicks, 0, sizeof(fake_kicks));
	cpu_local = NULL;
	cpu_hwid = 0;
	halt_env = NULL;
	console_hook_fn = NULL;
	fake_console_reset();
}

/* Runs fake.hook once if it is set for `at`. */
static void hook(enum fake_hook_at at)
{
	void (*fn)(void *) = fake.hook;

	if (fn != NULL && fake.hook_at == at) {
		fake.hook = NULL;
		fake.hook_at = FAKE_AT_NONE;
		fn(fake.hook_arg);
	}
}

void fake_cpu_set_hwid(uint64_t hwid)
{
	cpu_hwid = hwid;
}

void fake_irq_queue(const uint32_t *irqs, unsigned count)
{
	if (count > FAKE_IRQ_QUEUE) {
		fail_msg("fake_irq_queue: %u interrupts, room for %d", count,
			 FAKE_IRQ_QUEUE);
	}
	for (unsigned i = 0; i < count; i++) {
		fake.irq_queue[i] = irqs[i];
	}
	fake.irq_queue_count = count;
	fake.irq_queue_next = 0;
}

const char *fake_console_text(void)
{
	return console_buf;
}

size_t fake_console_count(void)
{
	return console_count;
}

void fake_console_reset(void)
{
	console_buf[0] = '\0';
	console_count = 0;
}

void fake_console_hook(unsigned count, void (*fn)(void *), void *arg)
{
	console_hook_left = count;
	console_hook_fn = fn;
	console_hook_arg = arg;
}

void fake_halt_expect(jmp_buf *env)
{
	halt_env = env;
}

/* --- arch/cpu.h ---------------------------------------------------------- */

void arch_cpu_set_local(struct cpu *c)
{
	cpu_local = c;
}

struct cpu *arch_cpu_local(void)
{
	return cpu_local;
}

uint64_t arch_cpu_hwid(void)
{
	return cpu_hwid;
}

void arch_cpu_describe(char *buf, size_t size)
{
	fmt_snprintf(buf, size, "fake CPU hwid 0x%lx", (unsigned long)cpu_hwid);
}

void arch_irq_unmask(void)
{
	fake.irq_masked = false;
	fake.irq_unmask_count++;
	hook(FAKE_AT_IRQ_UNMASK);
}

void arch_irq_mask(void)
{
	fake.irq_masked = true;
}

void arch_cpu_wait(void)
{
	fake.cpu_wait_count++;
	if (fake.cpu_wait_count == fake.cpu_wait_halt_at) {
		arch_cpu_halt();
	}
}

_Noreturn void arch_cpu_halt(void)
{
	jmp_buf *env = halt_env;

	fake.irq_masked = true;
	fake.halt_count++;
	if (env != NULL) {
		halt_env = NULL;
		longjmp(*env, 1);
	}
	fail_msg("arch_cpu_halt() with no test expecting it; console:\n%s",
		 console_buf);
	abort(); /* not reached: fail_msg() leaves the test */
}

/* --- arch/irq.h ---------------------------------------------------------- */

bool arch_irq_init(const struct board *b)
{
	(void)b;
	fake.irq_init_count++;
	return fake.irq_init_ok;
}

bool arch_irq_cpu_init(const struct board *b, unsigned cpu)
{
	(void)b;
	fake.irq_cpu_init_count++;
	fake.irq_cpu_init_last = cpu;
	return fake.irq_cpu_init_ok;
}

void arch_irq_enable_local(uint32_t irq)
{
	fake.irq_enabled_local = irq;
}

void arch_irq_disable_local(uint32_t irq)
{
	fake.irq_disabled_local = irq;
}

uint32_t arch_irq_ack(void)
{
	fake.irq_ack_count++;
	if (fake.irq_queue_next >= fake.irq_queue_count) {
		return ARCH_IRQ_NONE;
	}
	return fake.irq_queue[fake.irq_queue_next++];
}

void arch_irq_eoi(uint32_t irq)
{
	if (fake.irq_eoi_count < FAKE_IRQ_QUEUE) {
		fake.irq_eoi_log[fake.irq_eoi_count] = irq;
	}
	fake.irq_eoi_count++;
}

const char *arch_irq_name(void)
{
	return "fake irq";
}

/* --- arch/timer.h -------------------------------------------------------- */

uint64_t arch_timer_freq(void)
{
	return fake.timer_freq;
}

uint64_t arch_timer_now(void)
{
	uint64_t now = fake.timer_now;

	fake.timer_now += fake.timer_step;
	return now;
}

uint32_t arch_timer_irq(const struct board *b)
{
	return b->arch.timer_irq;
}

void arch_timer_arm(uint64_t ticks)
{
	fake.timer_armed = true;
	fake.timer_ticks = ticks;
	fake.timer_arm_count++;
}

void arch_timer_arm_at(uint64_t when)
{
	fake.timer_armed = true;
	fake.timer_at = when;
	/* As a relative arming would say it, at the current fake count. */
	fake.timer_ticks = when > fake.timer_now ? when - fake.timer_now : 1;
	fake.timer_arm_count++;
}

void arch_timer_disarm(void)
{
	fake.timer_armed = false;
	fake.timer_disarm_count++;
}

/* --- arch/power.h -------------------------------------------------------- */

bool arch_power_cpu_on(const struct board *b, uint64_t hwid, unsigned index)
{
	(void)b;
	fake.cpu_on_count++;
	fake.cpu_on_hwid = hwid;
	fake.cpu_on_index = index;
	return fake.cpu_on_ok;
}

void arch_power_system_off(const struct board *b)
{
	(void)b;
	fake.system_off_count++;
}

/* --- arch/board.h -------------------------------------------------------- */

bool arch_board_probe(const struct dtb *dt, struct board *b)
{
	(void)dt;
	fake.board_probe_count++;
	b->arch.gic_version = FAKE_GIC_VERSION;
	b->arch.timer_irq = FAKE_TIMER_IRQ;
	b->arch.mmio_count = 0;
	return fake.board_probe_ok;
}

unsigned arch_board_mmio(const struct board *b, paddr_t base[],
			 uint64_t size[], unsigned max)
{
	unsigned n = 0;

	for (; n < b->arch.mmio_count && n < FAKE_BOARD_MMIO_MAX && n < max;
	     n++) {
		base[n] = b->arch.mmio_base[n];
		size[n] = b->arch.mmio_size[n];
	}
	return n;
}

bool arch_board_matches(const struct board *b, uint32_t gic_version,
			char *err, size_t err_size)
{
	if (b->arch.gic_version != gic_version) {
		fmt_snprintf(err, err_size,
			     "the board has GICv%u, the scenario wants GICv%u",
			     b->arch.gic_version, gic_version);
		return false;
	}
	return true;
}

/* --- arch/mmu.h (the entry encoders come from aarch64/pgtable.c) --------- */

void arch_mm_enable(paddr_t root, unsigned levels)
{
	fake.mm_root = root;
	fake.mm_levels = levels;
}

/* --- plat/console.h ------------------------------------------------------ */

void plat_console_init(paddr_t base, uint32_t irq)
{
	fake.console_base = base;
	fake.console_irq = irq;
}

void plat_console_putc(char c)
{
	if (console_hook_fn != NULL) {
		if (console_hook_left == 0) {
			void (*fn)(void *) = console_hook_fn;

			console_hook_fn = NULL;
			fn(console_hook_arg);
		} else {
			console_hook_left--;
		}
	}
	if (console_count + 1 < sizeof(console_buf)) {
		console_buf[console_count] = c;
		console_buf[console_count + 1] = '\0';
	}
	console_count++;
}

bool plat_console_getc(uint8_t *c)
{
	if (fake.console_rx_next >= fake.console_rx_count) {
		return false;
	}
	*c = fake.console_rx[fake.console_rx_next++];
	return true;
}

void plat_console_enable_rx_irq(void)
{
	fake.console_rx_irq_enabled = true;
}

uint32_t plat_console_irq(void)
{
	return fake.console_irq;
}

/* --- vCPUs and the virtual GIC (arch/vcpu.h, arch/vgic.h) --- */

void arch_irq_kick(unsigned pcpu)
{
	if (pcpu < MICA_MAX_CPUS) {
		fake_kicks[pcpu]++;
	}
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t context)
{
	v->arch.entry = entry;
	v->arch.context = context;
	v->arch.resets++;
	v->arch.vtimer_deadline = SCHED_NEVER;
	v->arch.vtimer_pending = false;
	v->arch.vtimer_held = false;
}

_Noreturn void arch_vcpu_enter(struct vcpu *v)
{
	struct cpu *c = arch_cpu_local();

	v->arch.enters++;
	v->arch.entered_on = c != NULL ? c->index : UINT32_MAX;
	arch_cpu_halt(); /* the host cannot run a guest: tests catch this */
}

void arch_vcpu_save(struct vcpu *v)
{
	v->arch.saves++;
}

void arch_vcpu_preempt(struct vcpu *v)
{
	v->arch.preempts++;
	v->arch.saves++;
	hook(FAKE_AT_VCPU_PREEMPT);
}

uint64_t arch_vcpu_vtimer_deadline(const struct vcpu *v)
{
	return v->arch.vtimer_deadline;
}

bool arch_vcpu_vtimer_pending(struct vcpu *v)
{
	return v->arch.vtimer_pending;
}

bool arch_vcpu_vtimer_hold(struct vcpu *v)
{
	bool was = v->arch.vtimer_held;

	v->arch.vtimer_held = true;
	return !was;
}

uint32_t arch_vcpu_vtimer_irq(void)
{
	return 27;
}

bool arch_vm_map_devices(struct vm *vm, struct palloc *pool)
{
	(void)pool;
	vm->arch.vmid = (uint16_t)(vm->id + 1);
	return true;
}

void arch_vcpu_cpu_init(void)
{
}

void arch_vgic_vm_init(struct vm *vm)
{
	(void)vm;
}

void arch_vgic_vcpu_init(struct vcpu *v)
{
	v->arch.injected_count = 0;
}

enum vgic_mmio arch_vgic_mmio(struct vcpu *v, uint64_t ipa, bool write,
			      unsigned size, uint64_t *val)
{
	(void)v;
	fake.vgic_mmio_count++;
	fake.vgic_mmio_ipa = ipa;
	fake.vgic_mmio_write = write;
	fake.vgic_mmio_size = size;
	if (fake.vgic_mmio_answer == VGIC_MMIO_DONE && !write) {
		*val = fake.vgic_mmio_value;
	}
	return fake.vgic_mmio_answer;
}

void arch_vgic_inject(struct vcpu *v, uint32_t intid)
{
	if (v->arch.injected_count < 8) {
		v->arch.injected[v->arch.injected_count++] = intid;
	}
	vcpu_kick(v); /* as the real one does for an interrupt it can take */
}

bool arch_vgic_pending(struct vcpu *v)
{
	bool pending = v->arch.injected_count > 0;

	hook(FAKE_AT_VGIC_PENDING);
	return pending;
}

void arch_vgic_flush(struct vcpu *v)
{
	(void)v;
}

void arch_vgic_sync(struct vcpu *v)
{
	(void)v;
}

void arch_mm_stage2_init(unsigned levels)
{
	(void)levels;
}

void arch_mm_clean_range(uint64_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
}

/*
 * The partition images' place in the hypervisor's image (mica/layout.h):
 * FAKE_PAYLOAD_SIZE bytes, page-aligned as the linker script places them,
 * so that vm_setup_all() can map them and tests can put images in them.
 * Two C arrays could not say that one ends where the other starts, hence
 * the assembler (GNU syntax, any ELF host).
 */
__asm__(".pushsection .data\n"
	".balign 4096\n"
	".globl __payload_start\n"
	"__payload_start:\n"
	".zero 4096\n"
	".globl __payload_end\n"
	"__payload_end:\n"
	".popsection\n");
_Static_assert(FAKE_PAYLOAD_SIZE == 4096 && MICA_PAGE_SIZE == 4096,
	       "the payload's size and alignment above are written out");

void arch_mm_scrub(uint64_t pa, uint64_t size)
{
	memset((void *)(uintptr_t)pa, 0, size);
}

/* --- passed-through interrupts (arch/irq.h, arch/vgic.h) --- */


void arch_irq_enable_shared(uint32_t irq, unsigned cpu)
{
	if (irq < 1020) {
		fake_spi_enabled[irq] = true;
		fake_spi_cpu[irq] = cpu;
	}
}

void arch_irq_disable_shared(uint32_t irq)
{
	if (irq < 1020) {
		fake_spi_enabled[irq] = false;
	}
}

void arch_vgic_forward(struct vm *vm, uint32_t intid)
{
	(void)vm;
	(void)intid;
}

bool arch_vgic_idle(struct vm *vm, uint32_t intid)
{
	(void)vm;
	(void)intid;
	return true;
}
