/* Line input for the management console. */
#include <mgmt/console.h>
#include <handover/kexec.h>
#include <lifecycle/hotplug.h>
#include <cpu/cpu.h>
#include <drivers/gic.h>
#include <drivers/pl011.h>
#include <lib/log.h>

_Static_assert(CONSOLE_LINE_MAX <= KEXEC_CMDLINE_MAX, "a kdump command line must fit");

volatile unsigned console_owner;	/* the CPU that reads the console */

static vaddr_t uart;
static unsigned uart_intid;
static char line[CONSOLE_LINE_MAX];
static size_t line_len;
static bool line_overflow;
static char last_eol;
static volatile int prompt_after_off = -1;

static bool console_idle(void);
static void uart_irq(unsigned intid);
static void console_cpu_leaves(unsigned cpu, bool powering_off);

void console_init(vaddr_t uart_va, unsigned intid)
{
	uart = uart_va;
	uart_intid = intid;
	console_owner = this_cpu();
	cpu_add_idle_work(console_idle);
	cpu_set_leave_hook(console_cpu_leaves);
	handover_set_quiesce(console_quiesce);
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
	 * ourselves never returns here; poweroff neither). */
	if (console_owner == this_cpu())
		console_prompt();
}

/* Input read from the UART but not yet processed: the interrupt handler
 * empties the UART's FIFO into it (a level-triggered interrupt would
 * otherwise fire again at once, as when the console is busy in a command
 * and a guest runs on its CPU). Only the owner CPU touches it. */
#define INPUT_RING	256
static char ring[INPUT_RING];
static unsigned ring_head, ring_len;

static void uart_drain(void)
{
	int c;

	while ((c = pl011_getc(uart)) >= 0)
		if (ring_len < INPUT_RING)
			ring[(ring_head + ring_len++) % INPUT_RING] = (char)c;
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

static bool console_poll(void)
{
	bool any = false;
	int c;

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
