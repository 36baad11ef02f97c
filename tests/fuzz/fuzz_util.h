/* fuzz_util.h - shared by the fuzz targets: the packed model opened once, and a fixed set of
 * articles coded with a (partly fuzzed) model so a mutated section is also exercised by the
 * pipeline, not only by its loader. */
#ifndef NEV_FUZZ_UTIL_H
#define NEV_FUZZ_UTIL_H
#include <stddef.h>
#include <stdint.h>

#include "newsevents.h"

/* The packed model (NEV_MODEL in the environment, else the build's NEV_MODEL_PATH), opened
 * once; the raw blob too. Aborts the fuzzer when it cannot be read (a setup error). */
const nev_model *fuzz_model(const uint8_t **blob, size_t *blob_len);

/* Code a few fixed articles with m and read every output; returns the number of events. */
size_t fuzz_code_fixed(const nev_model *m);

/* Code one article and read every output (JSON, explain, views). */
void fuzz_code_article(nev_doc *d, const nev_article *a);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
