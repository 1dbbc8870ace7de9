/* armhv is linked at IMAGE_VA_BASE and loaded anywhere 2 MiB-aligned. The
 * trampoline region (.idmap.*) must fit in TRAMPOLINE_SIZE; the symbol
 * table comes after all code so adding it moves no function. Preprocessed
 * with the layout header the C code uses (build/armhv.ld). */
#include <mm/layout.h>

OUTPUT_ARCH(aarch64)
ENTRY(_start)

/* The ELF's segments say what the runtime table enforces (W^X); the
 * flat Image does not carry them. FLAGS: 4 read, 2 write, 1 execute. */
PHDRS
{
	text PT_LOAD FLAGS(5);
	idmap_data PT_LOAD FLAGS(6);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = IMAGE_VA_BASE;
	__image_start = .;
	.head.text : { KEEP(*(.head.text)) } :text
	.text : { *(.text .text.*) }
	. = ALIGN(PAGE_SIZE);
	__idmap_start = .;
	.idmap.text : { KEEP(*(.idmap.text)) }
	. = ALIGN(PAGE_SIZE);
	__idmap_text_end = .;
	__text_end = .;
	.idmap.data : { KEEP(*(.idmap.data)) } :idmap_data
	. = ALIGN(PAGE_SIZE);
	__idmap_end = .;
	__rodata_start = .;
	.rodata : { *(.rodata .rodata.*) } :rodata
	.ksyms : { KEEP(*(.ksyms)) }
	. = ALIGN(PAGE_SIZE);
	__rodata_end = .;
	__data_start = .;
	.data : { *(.data .data.*) *(.got .got.plt) } :data
	. = ALIGN(PAGE_SIZE);
	__bss_start = .;
	/* Stack slots first, page aligned: their guard pages stay unmapped. */
	.stacks (NOLOAD) : {
		__stacks_start = .;
		*(.bss.stacks)
		. = ALIGN(PAGE_SIZE);
		__stacks_end = .;
	}
	.bss : { *(.bss .bss.* COMMON) }
	. = ALIGN(PAGE_SIZE);
	__bss_end = .;
	__image_end = .;
	__image_size = __image_end - __image_start;

	ASSERT(__idmap_end - __idmap_start <= TRAMPOLINE_SIZE, "trampoline region too large")
	ASSERT(__image_size <= IMAGE_VA_SIZE, "image larger than its VA window")

	/DISCARD/ : { *(.note.* .comment .eh_frame*) }
}
