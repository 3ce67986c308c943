// SPDX-License-Identifier: Apache-2.0
/*
 * The generic timer: the system counter, and the EL2 physical timer
 * (CNTHP_*) as the hypervisor's own per-CPU timer. The EL1 timers stay free
 * for guests.
 */
#include "arch/timer.h"
#include "mica/board.h"
#include "sysreg.h"

uint64_t arch_timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

uint64_t arch_timer_now(void)
{
	isb(); /* do not let the read move before earlier instructions */
	return read_sysreg(cntpct_el0);
}

uint32_t arch_timer_irq(const struct board *b)
{
	return b->arch.timer_hyp_irq;
}

void arch_timer_arm(uint64_t ticks)
{
	write_sysreg(cnthp_tval_el2, ticks > INT32_MAX ? INT32_MAX : ticks);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void arch_timer_arm_at(uint64_t when)
{
	write_sysreg(cnthp_cval_el2, when);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void arch_timer_disarm(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
}
