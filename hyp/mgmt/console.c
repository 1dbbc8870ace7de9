/* Line input for the management console. */
#include <mgmt/console.h>
#include <mgmt/attach.h>
#include <vm/vm.h>
#include <handover/kexec.h>
#include <lifecycle/hotplug.h>
#include <cpu/cpu.h>
#include <drivers/gic.h>
#include <drivers/pl011.h>
#include <lib/log.h>
#include <stdio.h>
#include <string.h>

_Static_assert(CONSOLE_LINE_MAX <= KEXEC_CMDLINE_MAX, "a kdump command line must fit");

volatile unsigned console_owner;	/* the CPU that reads the console */

static vaddr_t uart;
static unsigned uart_intid;
static char line[CONSOLE_LINE_MAX];
static size_t line_len;
static bool line_overflow;
static char last_eol;
static volatile int prompt_after_off = -1;

/* `vm console`: the VM input goes to, or NULL (only the owner CPU
 * changes it; vm_stopped() reads it from others). */
static struct vm *volatile attached;
static char attached_name[VM_NAME_MAX];
static unsigned long attached_dropped;	/* input lost while attached */
static volatile bool input_waiting;	/* for the guest's FIFO to have room */

static bool console_idle(void);
static void uart_irq(unsigned intid);
static void console_cpu_leaves(unsigned cpu, bool powering_off);
static void vm_stopped(struct vm *vm);

void console_init(vaddr_t uart_va, unsigned intid)
{
	uart = uart_va;
	uart_intid = intid;
	console_owner = this_cpu();
	cpu_add_idle_work(console_idle);
	cpu_set_leave_hook(console_cpu_leaves);
	handover_set_quiesce(console_quiesce);
	vm_set_stop_hook(vm_stopped);
	if (intid < INTID_SPI_END)
		cpu_set_irq_handler(intid, uart_irq);
	if (uart_intid < INTID_SPI_END) {
		gic_spi_enable(uart_intid, cpus[console_owner].mpidr);
		pl011_enable_rx_irq(uart);
	}
}

void console_prompt(void)
{
	con_input_begin(CONSOLE_PROMPT);
}

static void end_of_line(void)
{
	con_input_end();
	line[line_len] = 0;
	if (line_overflow)
		con_printf("error: line longer than %d characters ignored\n",
			   CONSOLE_LINE_MAX - 1);
	else
		console_run_line(line);
	line_len = 0;
	line_overflow = false;
	/* A command may have handed the console away (selftest fault on
	 * ourselves never returns here; poweroff neither), or attached it to
	 * a VM (vm console). */
	if (console_owner == this_cpu() && !attached)
		console_prompt();
}

/* Input read from the UART but not yet processed: the interrupt handler
 * empties the UART's FIFO into it (a level-triggered interrupt would
 * otherwise fire again at once, as when the console is busy in a command
 * and a guest runs on its CPU). Only the owner CPU touches it. */
#define INPUT_RING	4096	/* a paste at a guest that reads slowly (vm console) */
static char ring[INPUT_RING];
static unsigned ring_head, ring_len;

static void uart_drain(void)
{
	int c;

	while ((c = pl011_getc(uart)) >= 0) {
		switch (attach_ring_take((unsigned char)c, ring_len == INPUT_RING, attached)) {
		case ATTACH_RING_APPEND:
			ring[(ring_head + ring_len++) % INPUT_RING] = (char)c;
			break;
		case ATTACH_RING_REPLACE:
			ring[(ring_head + ring_len - 1) % INPUT_RING] = (char)c;
			attached_dropped++;
			break;
		case ATTACH_RING_DROP:
			if (attached)
				attached_dropped++;
			break;
		}
	}
}

static void uart_irq(unsigned intid)
{
	if (console_owner == this_cpu())
		uart_drain();
}

static int next_char(void)
{
	char c;

	uart_drain();
	if (!ring_len)
		return -1;
	c = ring[ring_head];
	ring_head = (ring_head + 1) % INPUT_RING;
	ring_len--;
	return (unsigned char)c;
}

/* The guest took a byte (from its vCPU's CPU): input waiting for room
 * can go on. */
static void attached_read(void)
{
	if (input_waiting)
		cpu_kick(console_owner);
}

/* A VM stopped or was destroyed (any CPU): the console looks at once. */
static void vm_stopped(struct vm *vm)
{
	if (vm == attached)
		cpu_kick(console_owner);
}

/* Under the UART's lock (vpl011_set_raw): a line the guest finishes
 * meanwhile comes before this one, prefixed, never after it. */
static void announce_attach(void)
{
	con_printf("vm %s: console attached; " ATTACH_ESCAPE_NAME " returns to armhv\n",
		   attached_name);
	con_raw_begin();
}

int console_attach(struct vm *vm)
{
	if (attached)
		return -EBUSY;
	snprintf(attached_name, sizeof(attached_name), "%s", vm->cfg.name);
	attached_dropped = 0;
	input_waiting = false;
	attached = vm;
	vpl011_set_raw(&vm->uart, true, attached_read, announce_attach);
	return 0;
}

/* Back to armhv's console: one line saying why (the escape was typed, or
 * attach_vm_status() said ATTACH_STOPPED or ATTACH_GONE), then the prompt. */
#define DETACH_ESCAPE	ATTACH_STAY
static void detach(enum attach_status why)
{
	struct vm *vm = attached;
	char dropped[80] = "";

	if (why != ATTACH_GONE)
		vpl011_set_raw(&vm->uart, false, NULL, NULL);
	attached = NULL;
	input_waiting = false;
	con_raw_end();
	if (attached_dropped)
		snprintf(dropped, sizeof(dropped), " (%lu input bytes lost: the guest did not read them in time)",
			 attached_dropped);
	if (why == ATTACH_GONE)
		con_printf("vm %s: destroyed; console detached%s\n", attached_name, dropped);
	else if (why == ATTACH_STOPPED)
		con_printf("vm %s: stopped: %s; console detached%s\n", attached_name,
			   vm_stop_name(vm->stop_reason), dropped);
	else
		con_printf("vm %s: console detached (" ATTACH_ESCAPE_NAME "); this is armhv's console%s\n",
			   attached_name, dropped);
	console_prompt();
}

/* How far the first escape is from the ring's head (ring_len: none). */
static unsigned ring_escape_at(void)
{
	unsigned i;

	for (i = 0; i < ring_len; i++)
		if ((unsigned char)ring[(ring_head + i) % INPUT_RING] == ATTACH_ESCAPE)
			break;
	return i;
}

/* Attached: the input ring's bytes go to the VM's UART, up to the escape.
 * Returns whether anything happened. */
static bool attached_poll(void)
{
	struct vm *vm = attached;
	enum attach_status st;
	bool any = false, typed = false;
	unsigned esc;

	uart_drain();
	st = attach_vm_status(vm->used && strcmp(vm->cfg.name, attached_name) == 0,
			      __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED,
			      __atomic_load_n(&vm->stop_reason, __ATOMIC_ACQUIRE) == VM_STOP_RESET);
	if (st != ATTACH_STAY) {
		detach(st);
		return true;
	}
	input_waiting = false;
	/* Nothing adds to the ring during the loop (the UART's interrupt is
	 * taken on this CPU, between idle works). */
	esc = ring_escape_at();	/* == ring_len while there is none */
	while (ring_len) {
		unsigned char c = (unsigned char)ring[ring_head];
		enum attach_action a = attach_input(c, vpl011_rx_room(&vm->uart) != 0,
						    esc > 0 && esc < ring_len);

		if (a == ATTACH_WAIT) {
			/* Set before looking again: a read in between kicks us. */
			input_waiting = true;
			if (vpl011_rx_room(&vm->uart))
				continue;
			break;
		}
		ring_head = (ring_head + 1) % INPUT_RING;
		ring_len--;
		esc--;
		any = true;
		if (a == ATTACH_DETACH) {
			if (typed)
				vm_kick(vm);
			detach(DETACH_ESCAPE);
			return true;
		}
		if (a == ATTACH_FORWARD) {
			vpl011_input(&vm->uart, (char)c);
			typed = true;
		} else {
			attached_dropped++;
		}
	}
	if (typed)
		vm_kick(vm);
	return any;
}

static bool console_poll(void)
{
	bool any = false;
	int c;

	if (attached)
		return attached_poll();
	while (console_owner == this_cpu() && (c = next_char()) >= 0) {
		any = true;
		if (c == '\r' || c == '\n') {
			/* "\r\n" is one end of line, not two. */
			if (c == '\n' && last_eol == '\r') {
				last_eol = 0;
				continue;
			}
			last_eol = (char)c;
			end_of_line();
			if (attached)	/* vm console: the rest is the guest's */
				return attached_poll() || any;
			continue;
		}
		last_eol = 0;
		if (c == 0x7f || c == 0x08) {
			if (line_len) {
				line_len--;
				con_input_erase();
			}
			continue;
		}
		if (c < 0x20 || c > 0x7e)
			continue;	/* ignore other control characters */
		if (line_len < CONSOLE_LINE_MAX - 1) {
			line[line_len++] = (char)c;
			con_input_char(line[line_len - 1]);
		} else {
			line_overflow = true;
		}
	}
	return any;
}

static void console_hand_over(unsigned from, bool from_is_leaving)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i != from && cpu_state(&cpus[i]) == CPU_ONLINE) {
			if (uart_intid < INTID_SPI_END)
				gic_spi_route(uart_intid, cpus[i].mpidr);
			line_len = 0;
			/* A CPU powering off is still "online" for a moment: the new
			 * owner shows its prompt only once PSCI says it is off, so
			 * the next command sees a settled machine. */
			prompt_after_off = from_is_leaving ? (int)from : -1;
			__atomic_store_n(&console_owner, i, __ATOMIC_RELEASE);
			log_info("console handed over to cpu%u", i);
			if (!from_is_leaving)
				console_prompt();
			cpu_kick(i);
			return;
		}
	}
	log_warn("no online CPU left to take the console");
}

static void console_settle(void)
{
	int cpu = prompt_after_off;

	if (cpu < 0)
		return;
	prompt_after_off = -1;
	if (!cpu_wait_off((unsigned)cpu))
		log_warn("cpu%d did not power off", cpu);
	console_prompt();
}

void console_quiesce(void)
{
	if (uart_intid < INTID_SPI_END)
		gic_spi_disable(uart_intid);
}

/* The owner's idle work: finish a hand-over, then read input. */
static bool console_idle(void)
{
	if (console_owner != this_cpu())
		return false;
	console_settle();
	return console_poll();
}

static void console_cpu_leaves(unsigned cpu, bool powering_off)
{
	if (console_owner == cpu)
		console_hand_over(cpu, powering_off);
}
