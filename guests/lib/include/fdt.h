/*
 * A minimal read-only device-tree walker (no libfdt). Nodes are offsets
 * into the structure block; a negative offset means "none". Safe to call
 * with the MMU off (no unaligned accesses).
 */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stdbool.h>
#include <stdint.h>

bool fdt_valid(const void *fdt);		/* magic, version, sizes */
uint32_t fdt_totalsize(const void *fdt);
uint32_t fdt_be32(const void *p);
/* n (1 or 2) big-endian cells as one number. */
uint64_t fdt_cells(const void *p, int n);

int fdt_root(const void *fdt);
/* "/cpus", "/psci", "/memory" (a name without '@' matches any unit
 * address), "/" for the root. */
int fdt_path(const void *fdt, const char *path);
int fdt_subnode(const void *fdt, int node, const char *name);
int fdt_first_child(const void *fdt, int node);
int fdt_next_sibling(const void *fdt, int node);
const char *fdt_name(const void *fdt, int node);
/* The property's value and length, or NULL. */
const void *fdt_prop(const void *fdt, int node, const char *name, int *len);
/* Whether a string(-list) property holds str. */
bool fdt_prop_has(const void *fdt, int node, const char *prop, const char *str);
/* The next node after `after` (-1: from the start) in tree order whose
 * compatible holds compat. */
int fdt_find_compatible(const void *fdt, int after, const char *compat);
/* #address-cells / #size-cells that node gives its children. */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
/* Entry i of node's reg, decoded with its parent's cell counts. */
bool fdt_reg(const void *fdt, int parent, int node, int i, uint64_t *base, uint64_t *size);

#endif
