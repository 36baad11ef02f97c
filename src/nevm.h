/*
 * nevm.h - the compiled model container (.nevm): one memory block holding named sections
 * (tagger weights, lemmas, actors, verb patterns, gazetteer), produced at build time by
 * tools/nevm_pack from the section files the compilers in tools/ write.
 *
 * Layout (all integers little-endian):
 *   "NEVM" | u32 format version | u32 n_sections | u32 reserved
 *   n_sections entries: char name[24] (NUL-padded), u64 offset, u64 length
 *   payloads, each starting on a NEVM_ALIGN (64-byte) boundary, so that a section's tables
 *   line up with cache lines when the blob does (the embedded blob is 64-byte aligned)
 * A section payload is opaque here; each module parses its own with a *_load(data, len) call.
 */
#ifndef NEV_NEVM_H
#define NEV_NEVM_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#define NEVM_MAGIC "NEVM"
#define NEVM_VERSION 1u
#define NEVM_NAME_MAX 24
#define NEVM_ALIGN 64

/* Find section `name` in the blob. Returns NEV_OK with *data and *len set, NEV_EDATA when the
 * blob is malformed or the section is missing (with a message in err). */
int nevm_section(const uint8_t *blob, size_t blob_len, const char *name, const uint8_t **data,
                 size_t *len, nev_error *err);

#endif
