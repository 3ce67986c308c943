// SPDX-License-Identifier: Apache-2.0
/*
 * The console multiplexer (see mica/console_mux.h): which partition has
 * the keyboard, the Ctrl-] commands that move it, and the state of the
 * operator's screen, so that whole lines of some partitions and the
 * character-by-character output of the one with the keyboard never share
 * a line. Two locks: the input lock (partitions, focus, escape state),
 * taken by the UART's receive interrupt, and the output lock (the screen),
 * taken to print every vuart's output; the keyboard never waits for output
 * it is not itself printing.
 *
 * The secure-input partition (the scenario's) takes the keyboard and gives
 * it back by hypercall (console_mux_keyboard), and the secure attention
 * key Ctrl-] s gives it the keyboard whatever its number: both are input
 * side, so no partition's output can reach them.
 *
 * The lines mica prints because of a partition (its faults, resets and
 * stops) come here too, through a budget of that partition's
 * (console_mux_vm_say), so that none can flood the console or hold up
 * another partition's output.
 *
 * Not covered: mica's other output (boot, a CPU's fatal exception) goes
 * straight to the console, so a hypervisor message printed while a
 * partition's line is unfinished lands at the end of that line.
 */
#include "mica/console.h"
#include "mica/console_mux.h"
#include "mica/fmt.h"
#include "mica/hypercall.h"
#include "mica/scenario.h"
#include "mica/spinlock.h"
#include "mica/string.h"
#include "mica/vuart.h"
#include "arch/timer.h"

/* Partitions are chosen by one digit. */
_Static_assert(SCN_MAX_PARTITIONS <= 9, "partitions beyond 9 need a key");
/* "[tag] line\n" of a vuart fits console_mux_line()'s buffer whole. */
_Static_assert(VUART_TAG_MAX + VUART_LINE_MAX + 4 <= CONSOLE_LINE_MAX,
	       "a vuart's line does not fit a console line");

/*
 * What of an unfinished line is kept to be shown again after another
 * partition's line: the tag and a line of a wide terminal. A longer line
 * is not shown again; the next character starts a tagged line.
 */
#define SHOWN_MAX 256

struct mux_entry {
	unsigned vm_id;
	struct vuart *u;
	bool alive;
};

/* Input: guarded by in_lock. */
static struct spinlock in_lock = SPINLOCK_INIT;
static struct mux_entry entries[SCN_MAX_PARTITIONS];
static unsigned entry_count;
static unsigned focus; /* index in entries; valid if entry_count > 0 */
static unsigned secure =
	SCN_MAX_PARTITIONS; /* secure-input's; none: >= count */
static unsigned taken_from; /* who had the keyboard before its last take */
static bool escape_seen;    /* the last character was Ctrl-] */
static bool told_stopped;   /* said that the focus's input is dropped */

/* Output: guarded by out_lock. */
static struct spinlock out_lock = SPINLOCK_INIT;
static struct {
	const char *tag; /* whose unfinished line the screen shows */
	bool in_line;	 /* the cursor's line holds output of tag */
	bool tagged;	 /* tag printed since the line's start or '\r' */
	bool pending_cr; /* a '\r' not yet known to start "\r\n" */
	bool lost;	 /* shown overflowed: cannot show the line again */
	unsigned col;	 /* its text left of the cursor, after the tag */
	unsigned shown_len;
	char shown[SHOWN_MAX]; /* what the line holds, as it was printed */
} screen;

/* --- output (out_lock held) ------------------------------------------- */

static void screen_reset(void)
{
	screen.in_line = false;
	screen.tagged = false;
	screen.lost = false;
	screen.col = 0;
	screen.shown_len = 0;
	screen.shown[0] = '\0';
}

/* Prints s as part of the unfinished line, keeping it to show again. */
static void screen_put(const char *s)
{
	size_t n = strlen(s);

	console_puts(s);
	screen.in_line = true;
	if (screen.lost || screen.shown_len + n >= sizeof(screen.shown)) {
		screen.lost = true;
		return;
	}
	memcpy(screen.shown + screen.shown_len, s, n + 1);
	screen.shown_len += (unsigned)n;
}

/* Ends the unfinished line, if any, so that the next output starts one. */
static void screen_break(void)
{
	if (screen.in_line) {
		console_puts("\n");
	}
	screen_reset();
}

/*
 * c of the partition tagged tag that has the keyboard. Nothing it prints
 * can reach its tag or what is left of it: a '\r' goes back to the line's
 * start and the tag is printed again before what follows, a '\b' is
 * dropped where it would step onto the tag, and a tab becomes the spaces
 * to the next stop of 8, so the cursor's column is always known. (The
 * vuart has swallowed every escape sequence and other control character.)
 */
static void screen_raw(const char *tag, char c)
{
	char buf[VUART_TAG_MAX + 16];
	size_t n = 0;
	unsigned width = c == '\t' ? 8 : 1;

	if (screen.in_line && screen.tag != tag) {
		screen_break();
	}
	screen.tag = tag;
	if (c == '\r') {
		/* Held back: "\r\n" is one newline (the console adds the \r). */
		screen.pending_cr = true;
		return;
	}
	if (screen.pending_cr) {
		screen.pending_cr = false;
		if (c != '\n' && screen.in_line) {
			/* Back to the line's start: a redraw; the tag again. */
			screen_put("\r");
			screen.tagged = false;
			screen.col = 0;
		}
	}
	if (c == '\n') {
		console_puts("\n");
		screen_reset();
		return;
	}
	if (c == '\b') {
		if (screen.col > 0) {
			screen.col--;
			screen_put("\b");
		}
		return;
	}
	if (!screen.tagged) {
		n = fmt_snprintf(buf, sizeof(buf) - 9, "[%s] ", tag);
		n = n < sizeof(buf) - 10 ? n : sizeof(buf) - 10;
		screen.tagged = true;
	}
	if (c == '\t') {
		width = 8 - (unsigned)(strlen(tag) + 3 + screen.col) % 8;
		c = ' ';
	}
	for (unsigned i = 0; i < width; i++) {
		buf[n++] = c;
	}
	buf[n] = '\0';
	screen.col += width;
	screen_put(buf);
}

void console_mux_raw(const char *tag, char c)
{
	spinlock_lock(&out_lock);
	screen_raw(tag, c);
	spinlock_unlock(&out_lock);
}

/*
 * Whole lines (each ended by '\n'), all in one piece and on lines of their
 * own: an unfinished line is ended before them and shown again below them.
 */
static void say_text(const char *text)
{
	bool again;

	spinlock_lock(&out_lock);
	again = screen.in_line;
	if (again) {
		console_puts("\n");
	}
	console_puts(text);
	if (again && screen.lost) {
		screen_reset();
	} else if (again) {
		console_puts(screen.shown);
	}
	spinlock_unlock(&out_lock);
}

void console_mux_line(const char *tag, const char *text)
{
	char line[CONSOLE_LINE_MAX];

	fmt_snprintf(line, sizeof(line), "[%s] %s\n", tag, text);
	say_text(line);
}

/* One line of mica's own; the '\n' is added. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char text[CONSOLE_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(text, sizeof(text) - 1, fmt, ap);
	va_end(ap);
	n = n < sizeof(text) - 2 ? n : sizeof(text) - 2;
	text[n] = '\n';
	text[n + 1] = '\0';
	say_text(text);
}

/*
 * Whether b allows one more line now (always: yes, spending nothing);
 * *suppressed gets, and b forgets, the count of lines it refused since
 * the last it allowed. Refills one line each CONSOLE_MUX_REFILL_MS.
 */
static bool budget_take(struct console_mux_budget *b, bool always,
			uint32_t *suppressed)
{
	uint64_t period = arch_timer_freq() / 1000 * CONSOLE_MUX_REFILL_MS;
	uint64_t now = arch_timer_now();
	uint64_t refill;
	bool ok;

	period = period > 0 ? period : 1;
	spinlock_lock(&b->lock);
	refill = now > b->refilled ? (now - b->refilled) / period : 0;
	if (refill >= b->spent) {
		b->spent = 0;
		b->refilled = now;
	} else {
		b->spent -= (unsigned)refill;
		b->refilled += refill * period;
	}
	ok = always || b->spent < CONSOLE_MUX_BURST;
	if (ok) {
		b->spent += always ? 0 : 1;
		*suppressed = b->suppressed;
		b->suppressed = 0;
	} else if (b->suppressed < UINT32_MAX) {
		b->suppressed++;
	}
	spinlock_unlock(&b->lock);
	return ok;
}

bool console_mux_vm_say(struct console_mux_budget *b, const char *name,
			bool always, const char *fmt, ...)
{
	char text[2 * CONSOLE_LINE_MAX];
	uint32_t suppressed = 0;
	size_t n = 0;
	size_t m;
	va_list ap;

	if (!budget_take(b, always, &suppressed)) {
		return false;
	}
	if (suppressed > 0) {
		n = fmt_snprintf(text, CONSOLE_LINE_MAX,
				 "mica: partition %s: %u lines about it "
				 "suppressed\n",
				 name, suppressed);
		n = n < CONSOLE_LINE_MAX - 1 ? n : CONSOLE_LINE_MAX - 1;
	}
	va_start(ap, fmt);
	m = fmt_vsnprintf(text + n, CONSOLE_LINE_MAX - 1, fmt, ap);
	va_end(ap);
	n += m < CONSOLE_LINE_MAX - 2 ? m : CONSOLE_LINE_MAX - 2;
	text[n] = '\n';
	text[n + 1] = '\0';
	say_text(text);
	return true;
}

/* --- input (in_lock held) --------------------------------------------- */

/*
 * Gives u the keyboard and prints, after note, what it had of an
 * unfinished line, so that a prompt shows at once. out_lock held.
 */
static void focus_on(struct vuart *u, const char *note)
{
	char pending[VUART_LINE_MAX + 1];

	vuart_set_focus(u, true, pending, sizeof(pending));
	if (note != NULL) {
		screen_break();
		console_printf("mica: keyboard -> %s%s\n", u->tag, note);
	}
	if (pending[0] != '\0') {
		screen_break();
		/* Bounded: VUART_LINE_MAX characters, none a control but tab. */
		for (size_t i = 0; pending[i] != '\0'; i++) {
			screen_raw(u->tag, pending[i]);
		}
	}
}

/* why: what the line says after the name, for a partition that runs. */
static void give_focus(unsigned idx, const char *why)
{
	struct mux_entry *to = &entries[idx];
	const char *note = to->alive ? why : " (stopped: input is dropped)";

	if (idx == focus) {
		/* Nothing moves; the unfinished line is shown again. */
		say("mica: keyboard -> %s%s", to->u->tag, note);
	} else {
		spinlock_lock(&out_lock);
		vuart_set_focus(entries[focus].u, false, NULL, 0);
		focus = idx;
		focus_on(to->u, note);
		spinlock_unlock(&out_lock);
	}
	told_stopped = !to->alive;
}

static void list(void)
{
	/* A header and a line a partition, each well under 64 bytes. */
	char text[64 * (SCN_MAX_PARTITIONS + 1)];
	size_t n = fmt_snprintf(text, sizeof(text),
				"mica: partitions (Ctrl-] then a number gives "
				"it the keyboard):\n");

	for (unsigned i = 0; i < entry_count && n < sizeof(text); i++) {
		const char *state = entries[i].alive ? "" : " (stopped)";

		if (i == focus) {
			state = entries[i].alive ? " (keyboard)" :
						   " (keyboard, stopped)";
		}
		n += fmt_snprintf(text + n, sizeof(text) - n, "mica: %u %s%s\n",
				  i + 1, entries[i].u->tag, state);
	}
	say_text(text);
}

static void command(uint8_t c)
{
	if (c >= '1' && c <= '9') {
		unsigned n = (unsigned)(c - '1');

		if (n < entry_count) {
			give_focus(n, "");
		} else {
			say("mica: no partition %u (Ctrl-] then l lists them)",
			    n + 1);
		}
	} else if (c == 'l') {
		list();
	} else if (c == 's' && secure < entry_count) {
		give_focus(secure, " (secure attention key)");
	} else {
		say("mica: Ctrl-] then: 1-%u gives that partition the keyboard, "
		    "%s%s%sl lists partitions, Ctrl-] sends Ctrl-]",
		    entry_count, secure < entry_count ? "s gives it to " : "",
		    secure < entry_count ? entries[secure].u->tag : "",
		    secure < entry_count ? " (secure attention key), " : "");
	}
}

void console_mux_init(void)
{
	spinlock_lock(&in_lock);
	entry_count = 0;
	focus = 0;
	secure = SCN_MAX_PARTITIONS;
	taken_from = 0;
	escape_seen = false;
	told_stopped = false;
	spinlock_lock(&out_lock);
	screen.tag = NULL;
	screen_reset();
	spinlock_unlock(&out_lock);
	spinlock_unlock(&in_lock);
}

bool console_mux_add(unsigned vm_id, struct vuart *u, bool secure_input)
{
	bool ok;

	spinlock_lock(&in_lock);
	ok = entry_count < SCN_MAX_PARTITIONS;
	for (unsigned i = 0; ok && i < entry_count; i++) {
		ok = entries[i].vm_id != vm_id;
	}
	if (ok) {
		entries[entry_count] = (struct mux_entry){ .vm_id = vm_id,
							   .u = u,
							   .alive = true };
		if (secure_input) {
			secure = entry_count;
		}
		if (entry_count++ == 0) {
			focus = 0;
			spinlock_lock(&out_lock);
			focus_on(u, " (Ctrl-] then h: help)");
			spinlock_unlock(&out_lock);
		}
	}
	spinlock_unlock(&in_lock);
	return ok;
}

bool console_mux_set_alive(unsigned vm_id, bool alive)
{
	bool found = false;

	spinlock_lock(&in_lock);
	for (unsigned i = 0; i < entry_count && !found; i++) {
		struct mux_entry *e = &entries[i];

		if (e->vm_id != vm_id) {
			continue;
		}
		found = true;
		if (e->alive != alive && i == focus) {
			told_stopped = false;
		}
		e->alive = alive;
		spinlock_lock(&out_lock);
		if (!alive && screen.tag == e->u->tag) {
			screen_break(); /* mica's report starts a line */
		}
		/*
		 * A vuart reset by vuart_init() lost the keyboard. Only in_lock
		 * holders change u->focus otherwise, and vuart_init() is not
		 * concurrent with anything on u, so reading it here is safe.
		 */
		if (alive && i == focus && !e->u->focus) {
			focus_on(e->u, NULL);
		}
		spinlock_unlock(&out_lock);
	}
	spinlock_unlock(&in_lock);
	return found;
}

bool console_mux_input(uint8_t c, unsigned *vm_id)
{
	struct mux_entry *e;
	bool high = false;

	spinlock_lock(&in_lock);
	if (entry_count == 0) {
		spinlock_unlock(&in_lock);
		return false;
	}
	if (escape_seen) {
		escape_seen = false;
		if (c != CONSOLE_MUX_ESCAPE) {
			command(c);
			spinlock_unlock(&in_lock);
			return false;
		}
		/* Ctrl-] Ctrl-]: one Ctrl-] for the partition. */
	} else if (c == CONSOLE_MUX_ESCAPE) {
		escape_seen = true;
		spinlock_unlock(&in_lock);
		return false;
	}
	e = &entries[focus];
	if (!e->alive) {
		if (!told_stopped) {
			told_stopped = true;
			say("mica: %s is stopped; input is dropped", e->u->tag);
		}
	} else {
		high = vuart_rx(e->u, c);
		if (high) {
			*vm_id = e->vm_id;
		}
	}
	spinlock_unlock(&in_lock);
	return high;
}

int64_t console_mux_keyboard(unsigned vm_id, uint64_t op)
{
	int64_t r = MICA_HC_DENIED;

	spinlock_lock(&in_lock);
	if (secure < entry_count && entries[secure].vm_id == vm_id) {
		const char *tag = entries[secure].u->tag;
		char why[24 + VUART_TAG_MAX];

		r = MICA_HC_SUCCESS;
		if (op == MICA_HC_KEYBOARD_TAKE) {
			taken_from = focus != secure ? focus : taken_from;
			fmt_snprintf(why, sizeof(why), " (requested by %s)",
				     tag);
			give_focus(secure, why);
		} else if (op != MICA_HC_KEYBOARD_GIVE_BACK) {
			r = MICA_HC_INVALID_PARAMETER;
		} else if (focus != secure) {
			r = MICA_HC_NOT_REQUIRED;
		} else {
			fmt_snprintf(why, sizeof(why), " (given back by %s)",
				     tag);
			give_focus(taken_from, why);
		}
	}
	spinlock_unlock(&in_lock);
	return r;
}
