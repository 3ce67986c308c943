// SPDX-License-Identifier: Apache-2.0
/*
 * The calling CPU on AArch64: per-CPU data in TPIDR_EL2, identity from
 * MPIDR_EL1 and MIDR_EL1, waiting for an interrupt and halting. Masking
 * interrupts (DAIF) is irq.c's, as arch/irq.h declares it.
 */
#include "arch/cpu.h"
#include "mica/fmt.h"
#include "sysreg.h"

void arch_cpu_set_local(struct cpu *c)
{
	write_sysreg(tpidr_el2, (uintptr_t)c);
}

struct cpu *arch_cpu_local(void)
{
	return cpu_local();
}

uint64_t arch_cpu_hwid(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

static const char *arm_part(unsigned part)
{
	switch (part) {
	case 0xd03: return "Cortex-A53";
	case 0xd04: return "Cortex-A35";
	case 0xd05: return "Cortex-A55";
	case 0xd07: return "Cortex-A57";
	case 0xd08: return "Cortex-A72";
	case 0xd09: return "Cortex-A73";
	case 0xd0b: return "Cortex-A76";
	case 0xd0c: return "Neoverse-N1";
	case 0xd40: return "Neoverse-V1";
	case 0xd49: return "Neoverse-N2";
	default: return NULL;
	}
}

void arch_cpu_describe(char *buf, size_t size)
{
	uint64_t midr = read_sysreg(midr_el1);
	unsigned impl = (unsigned)(midr >> 24) & 0xff;
	unsigned variant = (unsigned)(midr >> 20) & 0xf;
	unsigned part = (unsigned)(midr >> 4) & 0xfff;
	unsigned rev = (unsigned)midr & 0xf;
	const char *name = impl == 0x41 ? arm_part(part) : NULL;

	if (name != NULL) {
		fmt_snprintf(buf, size, "Arm %s r%up%u", name, variant, rev);
	} else {
		fmt_snprintf(buf, size, "implementer 0x%02x part 0x%03x r%up%u",
			     impl, part, variant, rev);
	}
}

void arch_cpu_wait(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

_Noreturn void arch_cpu_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;) {
		__asm__ volatile("wfi");
	}
}
