// SPDX-License-Identifier: Apache-2.0
/*
 * The EL1 virtual timer (libmica/timer.h): CNTVCT_EL0, CNTV_CVAL_EL0,
 * CNTV_CTL_EL0. EL1 may always use them; nothing here traps under mica.
 */
#include "libmica/irq.h"
#include "libmica/gic.h"
#include "libmica/timer.h"
#include "sysreg.h"

uint64_t mica_timer_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t mica_timer_freq(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffffu;
}

void mica_timer_set_deadline(uint64_t cval)
{
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
	isb();
}

void mica_timer_stop(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

void mica_timer_wait_until(uint64_t cval)
{
	mica_timer_set_deadline(cval);
	/* Bounded by the counter reaching cval; WFI may wake early. */
	while (mica_timer_now() < cval) {
		mica_wfi();
	}
	mica_timer_stop();
	/*
	 * Take the timer's interrupt off the GIC (IRQs stay masked): left
	 * pending, it would end every later WFI at once, and the partition
	 * would spin instead of sleeping.
	 */
	{
		uint32_t intid = mica_gic_ack();

		if (intid < MICA_GIC_SPECIAL) {
			mica_gic_eoi(intid);
		}
	}
}
