// SPDX-License-Identifier: Apache-2.0
/*
 * Boot of the hypervisor, from the port's entry (MMU off, on the boot CPU's
 * stack, .bss clear) to every CPU online: read the board from the device
 * tree, map the hypervisor for itself (W^X), start the interrupt controller
 * and timers, start the other CPUs through the firmware and print the
 * banner; then the self-test if the command line asks for one, and the
 * built-in scenario, vetted again, whose partitions every CPU then runs
 * (vcpu_idle()). Anything wrong with the board stops boot with a reason;
 * nothing is guessed.
 */
#include "arch/board.h"
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/mmu.h"
#include "arch/power.h"
#include "arch/stack.h"
#include "arch/timer.h"
#include "mica/banner.h"
#include "mica/board.h"
#include "mica/console.h"
#include "mica/cpu.h"
#include "mica/dtb.h"
#include "mica/fmt.h"
#include "mica/irq.h"
#include "mica/layout.h"
#include "mica/mm.h"
#include "mica/vm.h"
#include "arch/vcpu.h"
#include "mica/scenario_boot.h"
#include "mica/selftest.h"
#include "mica/version.h"
#include "plat/console.h"

/* Largest device tree mica reads (QEMU's are a few KiB to 1 MiB). */
#define DTB_MAX_SIZE MiB(2)
/* The hypervisor's own translation: 4 levels, 48-bit addresses. */
#define HYP_LEVELS 4
/* Tick while checking that every CPU takes interrupts, then the heartbeat. */
#define BOOT_TICK_HZ 1000
#define HEARTBEAT_HZ 10
#define ALIVE_TICKS 2
/* How long the boot CPU waits for the others, in seconds of counter time. */
#define CPU_WAIT_S 5

void mica_main(uint64_t dtb_pa, uint64_t entry_count);

static struct board board;
/* Set once partitions are built: the other CPUs then wait for their vCPUs. */
static bool vms_ready;
static struct palloc pool;
static struct mm_table hyp_table;
static char banner_buf[2048];
/*
 * A fixed size, so that the image's size (make size, the README's figures)
 * does not depend on how long git describe's answer is, "-dirty" or not.
 */
static const char mica_version[40] = MICA_VERSION;

static _Noreturn void boot_fail(const char *why)
{
	console_printf("mica: boot failed: %s\n", why);
	arch_cpu_halt();
}

/* Maps [start, end) of the hypervisor identically (virtual = physical). */
static bool map(uint64_t start, uint64_t end, unsigned attrs)
{
	if (end <= start) {
		return true;
	}
	return mm_map_hyp(&hyp_table, va_init(start), pa_init(start),
			  end - start, attrs, &pool);
}

/* Maps the hypervisor's own memory and devices, nothing else. */
static bool map_hypervisor(void)
{
	paddr_t mmio[4];
	uint64_t mmio_size[4];
	unsigned n = arch_board_mmio(&board, mmio, mmio_size, 4);
	uint64_t stacks = (uintptr_t)__stacks_start;
	bool ok;

	ok = mm_table_init(&hyp_table, HYP_LEVELS, &pool) &&
	     map((uintptr_t)__text_start, (uintptr_t)__text_end,
		 MM_READ | MM_EXEC) &&
	     map((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, MM_READ) &&
	     map((uintptr_t)__data_start, (uintptr_t)__bss_end,
		 MM_READ | MM_WRITE) &&
	     map((uintptr_t)__pool_start, (uintptr_t)__image_end,
		 MM_READ | MM_WRITE);
	/* Each CPU's stack, leaving its guard page below it unmapped. */
	for (unsigned i = 0; ok && i < MICA_MAX_CPUS; i++) {
		uint64_t slot = stacks + (uint64_t)i * ARCH_STACK_SLOT_SIZE;

		ok = map(slot + ARCH_STACK_GUARD, slot + ARCH_STACK_SLOT_SIZE,
			 MM_READ | MM_WRITE);
	}
	for (unsigned i = 0; ok && i < n; i++) {
		ok = map(pa_addr(mmio[i]), pa_addr(mmio[i]) + mmio_size[i],
			 MM_READ | MM_WRITE | MM_DEVICE);
	}
	return ok && map(ALIGN_DOWN(pa_addr(board.uart.base), MICA_PAGE_SIZE),
			 ALIGN_UP(pa_addr(board.uart.base) + board.uart.size,
				  MICA_PAGE_SIZE),
			 MM_READ | MM_WRITE | MM_DEVICE);
}

/*
 * Waits until every started CPU is online, then until each took
 * ALIVE_TICKS timer interrupts; returns the counter value when the last
 * one came online. Bounded by the deadline, which the counter reaches.
 */
static uint64_t wait_for_cpus(void)
{
	uint64_t deadline = arch_timer_now() + CPU_WAIT_S * arch_timer_freq();
	uint64_t online;

	for (unsigned i = 0; i < board.cpu_count; i++) {
		/*
		 * Poll, not wait for an interrupt: nothing interrupts when
		 * another CPU comes online, so a wait would last until the
		 * next timer tick and the figure would measure the tick.
		 */
		while (cpu_state_read(&cpus[i]) == CPU_BOOTING &&
		       arch_timer_now() < deadline) {
			arch_cpu_relax();
		}
	}
	online = arch_timer_now();
	for (unsigned i = 0; i < board.cpu_count; i++) {
		while (cpu_ticks(&cpus[i]) < ALIVE_TICKS &&
		       cpu_state_read(&cpus[i]) == CPU_ONLINE &&
		       arch_timer_now() < deadline) {
			arch_cpu_wait();
		}
	}
	return online;
}

static void print_banner(uint64_t entry_count, uint64_t ready_count)
{
	struct banner_cpu bc[MICA_MAX_CPUS];
	char model[48];
	char pool_note[48];
	struct banner_region regions[] = {
		{ "text", (uintptr_t)__text_start, (uintptr_t)__text_end, "r-x",
		  NULL },
		{ "rodata", (uintptr_t)__rodata_start, (uintptr_t)__rodata_end,
		  "r--", NULL },
		{ "data", (uintptr_t)__data_start, (uintptr_t)__data_end, "rw-",
		  NULL },
		{ "bss", (uintptr_t)__bss_start, (uintptr_t)__bss_end, "rw-",
		  NULL },
		{ "stacks", (uintptr_t)__stacks_start, (uintptr_t)__stacks_end,
		  "rw-", "16 KiB per CPU, guard page below each" },
		{ "free", (uintptr_t)__pool_start, (uintptr_t)__image_end,
		  "rw-", pool_note },
	};
	struct banner_info bi = {
		.version = mica_version,
		.cpu_model = model,
		.irqchip = arch_irq_name(),
		.timer_hz = arch_timer_freq(),
		.regions = regions,
		.region_count = ARRAY_SIZE(regions),
		.hyp_base = (uintptr_t)__image_start,
		.hyp_size = (uintptr_t)__image_end - (uintptr_t)__image_start,
		.board = &board,
		.cpus = bc,
		.entry_count = entry_count,
		.ready_count = ready_count,
	};

	fmt_snprintf(pool_note, sizeof(pool_note),
		     "page pool, %zu of %zu pages free",
		     palloc_free_count(&pool), pool.total_count);
	arch_cpu_describe(model, sizeof(model));
	for (unsigned i = 0; i < board.cpu_count; i++) {
		/* cppcheck misses banner_format() reading bc via bi.cpus. */
		/* cppcheck-suppress unreadVariable */
		bc[i] = (struct banner_cpu){
			.hwid = board.cpu_hwid[i],
			.online = cpu_state_read(&cpus[i]) == CPU_ONLINE &&
				  cpu_ticks(&cpus[i]) >= ALIVE_TICKS,
			.ticks = cpu_ticks(&cpus[i]),
		};
	}
	banner_format(banner_buf, sizeof(banner_buf), &bi);
	console_puts(banner_buf);
}

/*
 * Takes keyboard input on the CPU of the first partition's first vCPU
 * (on the default scenario, Linux's): never on a real-time partition's CPU
 * unless the scenario has only such.
 */
static void start_keyboard(void)
{
	uint32_t irq = plat_console_irq();

	if (irq == 0 || vm_count == 0) {
		return;
	}
	irq_set_console(irq);
	arch_irq_enable_shared(irq, vms[0].vcpus[0].pcpu);
	plat_console_enable_rx_irq();
}

void mica_main(uint64_t dtb_pa, uint64_t entry_count)
{
	struct dtb dt;
	char err[96];
	uint64_t ready;
	uint64_t alive;
	unsigned online = 0;

	cpus[0].index = 0;
	cpus[0].hwid = arch_cpu_hwid();
	cpu_state_write(&cpus[0], CPU_BOOTING);
	arch_cpu_set_local(&cpus[0]);
	console_printf("\nmica %s starting on CPU hwid 0x%lx, device tree at "
		       "0x%lx\n",
		       mica_version, cpus[0].hwid, dtb_pa);

	if (!dtb_init(&dt, (const void *)(uintptr_t)dtb_pa, DTB_MAX_SIZE)) {
		boot_fail("no valid device tree at the address in x0");
	}
	if (!board_probe(&dt, &board, err, sizeof(err))) {
		boot_fail(err);
	}
	if (board.cpu_hwid[0] != cpus[0].hwid) {
		/* mica numbers CPUs in device-tree order and boots on the first. */
		boot_fail("boot CPU is not the first CPU in /cpus");
	}
	plat_console_init(board.uart.base, board.uart_irq);
	palloc_init(&pool, __pool_start,
		    (size_t)((uintptr_t)__image_end - (uintptr_t)__pool_start));
	if (!map_hypervisor()) {
		boot_fail("cannot build the hypervisor's page tables");
	}
	arch_mm_enable(pa_init((uintptr_t)hyp_table.root), HYP_LEVELS);

	if (!arch_irq_init(&board)) {
		boot_fail("interrupt controller did not start");
	}
	irq_set_timer(arch_timer_irq(&board));
	cpu_set_tick_period(arch_timer_freq() / BOOT_TICK_HZ);
	if (!cpu_online(&board, &cpus[0])) {
		boot_fail("boot CPU's interrupt interface did not start");
	}
	for (unsigned i = 1; i < board.cpu_count; i++) {
		cpus[i].index = i;
		cpus[i].hwid = board.cpu_hwid[i];
		cpu_state_write(&cpus[i], CPU_BOOTING);
		if (!arch_power_cpu_on(&board, board.cpu_hwid[i], i)) {
			cpu_state_write(&cpus[i], CPU_OFF);
		}
	}
	ready = wait_for_cpus();
	alive = arch_timer_now();
	print_banner(entry_count, ready);
	/* Online: it took its timer's interrupts (a CPU not started has none). */
	for (unsigned i = 0; i < board.cpu_count; i++) {
		online += cpu_ticks(&cpus[i]) >= ALIVE_TICKS;
	}
	console_printf("mica: %u of %u CPUs online%s (timer interrupts on "
		       "each within %lu us)\n",
		       online, board.cpu_count,
		       online == board.cpu_count ? ", all alive" : "",
		       banner_ticks_to_us(alive - ready, arch_timer_freq()));
	cpu_set_tick_period(arch_timer_freq() / HEARTBEAT_HZ);

	selftest_run(&board);
	if (!scenario_boot(&mica_scenario, &board, pa_init(dtb_pa))) {
		console_puts("mica: not starting the scenario\n");
	} else if (mica_scenario.magic != 0) {
		irq_set_vtimer(arch_vcpu_vtimer_irq());
		if (vm_setup_all(&mica_scenario, &hyp_table, &pool)) {
			/* From now on each CPU's timer is its scheduler's. */
			cpu_set_tick_period(0);
			__atomic_store_n(&vms_ready, true, __ATOMIC_RELEASE);
			/*
			 * The keyboard's interrupt may come to this CPU: not
			 * while it holds the console's locks to print, which
			 * the handler takes too. vcpu_idle() unmasks.
			 */
			arch_irq_mask();
			start_keyboard();
			vm_boot_all();
			vcpu_idle();
		}
		console_puts("mica: not starting the scenario\n");
	}
	if (board_cmdline_has(&board, "mica.poweroff")) {
		console_puts("mica: powering off\n");
		arch_power_system_off(&board);
	}
	for (;;) {
		arch_cpu_wait();
	}
}

_Noreturn void cpu_secondary_main(unsigned index)
{
	struct cpu *c;

	if (index >= MICA_MAX_CPUS) {
		arch_cpu_halt();
	}
	c = &cpus[index];
	arch_cpu_set_local(c);
	if (!cpu_online(&board, c)) {
		cpu_state_write(c, CPU_OFF);
		arch_cpu_halt();
	}
	selftest_secondary(c);
	for (;;) {
		arch_cpu_wait();
		selftest_secondary(c);
		if (__atomic_load_n(&vms_ready, __ATOMIC_ACQUIRE)) {
			vcpu_idle();
		}
	}
}
